#include "server/router.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cartbell::server {
namespace {

http_request make(http_method m, std::string target, std::string body = {}, std::string content_type = {}) {
  http_request r;
  r.method = m;
  r.target = target;
  EXPECT_TRUE(split_target(target, r.path, r.query)) << target;
  r.body = std::move(body);
  if (!content_type.empty()) r.headers.add("content-type", content_type);
  return r;
}

route_handler echo(std::string name) {
  return [name](const http_request&, const route_params& p) {
    nlohmann::json j = {{"route", name}};
    for (const auto& [k, v] : p) j["params"][k] = v;
    return json_ok(200, j.dump());
  };
}

router make_router() {
  router r(100);
  EXPECT_TRUE(r.add(http_method::get, "/healthz", echo("health")));
  EXPECT_TRUE(r.add(http_method::get, "/v1/optins/{id}", echo("optin")));
  EXPECT_TRUE(r.add_json(http_method::post, "/v1/optins", echo("create"), 20));
  EXPECT_TRUE(r.add(http_method::get, "/v1/shops/{shop}/items/{sku}", echo("item")));
  EXPECT_TRUE(r.add(http_method::get, "/widget/{*path}", echo("widget")));
  route_options fb;
  fb.fallback = true;
  EXPECT_TRUE(r.add(http_method::get, "/{*path}", echo("static"), fb));
  return r;
}

nlohmann::json body_of(const http_response& res) { return nlohmann::json::parse(res.body, nullptr, false); }

struct route_case {
  const char* name;
  http_method method;
  const char* target;
  std::string body;
  const char* content_type;
  unsigned status;
  const char* expect;  // route name on 200, error code otherwise
};

class router_table : public ::testing::TestWithParam<route_case> {};

TEST_P(router_table, answers) {
  const route_case& c = GetParam();
  router r = make_router();
  http_response res = r.handle(make(c.method, c.target, c.body, c.content_type));
  EXPECT_EQ(res.status, c.status);
  EXPECT_EQ(res.headers.find("Content-Type").value_or(""), "application/json");
  auto j = body_of(res);
  ASSERT_FALSE(j.is_discarded()) << res.body;
  if (c.status == 200) {
    EXPECT_EQ(j.at("route"), c.expect);
  } else {
    EXPECT_EQ(j.at("error").at("code"), c.expect);
    EXPECT_TRUE(j.at("error").at("message").is_string());
  }
}

INSTANTIATE_TEST_SUITE_P(
    cases, router_table,
    ::testing::Values(
        route_case{"literal", http_method::get, "/healthz", "", "", 200, "health"},
        route_case{"param", http_method::get, "/v1/optins/abc", "", "", 200, "optin"},
        route_case{"two_params", http_method::get, "/v1/shops/demo/items/SKU-1", "", "", 200, "item"},
        route_case{"rest", http_method::get, "/widget/a/b.js", "", "", 200, "widget"},
        route_case{"fallback", http_method::get, "/anything/else", "", "", 200, "static"},
        route_case{"json_post", http_method::post, "/v1/optins", "{}", "application/json", 200, "create"},
        route_case{"json_charset", http_method::post, "/v1/optins", "{}", "Application/JSON; charset=utf-8", 200,
                   "create"},
        route_case{"empty_param_never_matches", http_method::post, "/v1/optins/", "", "", 404, "not_found"},
        route_case{"method_not_allowed", http_method::post, "/healthz", "", "", 405, "method_not_allowed"},
        route_case{"fallback_gives_no_405", http_method::post, "/nothing/here", "", "", 404, "not_found"},
        route_case{"text_plain_is_415", http_method::post, "/v1/optins", "{}", "text/plain", 415,
                   "unsupported_media_type"},
        route_case{"missing_type_is_415", http_method::post, "/v1/optins", "{}", "", 415, "unsupported_media_type"},
        route_case{"json_lookalike_is_415", http_method::post, "/v1/optins", "{}", "application/jsonp", 415,
                   "unsupported_media_type"},
        route_case{"route_limit_413", http_method::post, "/v1/optins", std::string(21, 'x'), "application/json", 413,
                   "body_too_large"},
        route_case{"at_route_limit_ok", http_method::post, "/v1/optins", std::string(20, ' '), "application/json",
                   200, "create"},
        route_case{"default_limit_413", http_method::get, "/healthz", std::string(101, 'x'), "", 413,
                   "body_too_large"},
        route_case{"other_method", http_method::other, "/healthz", "", "", 405, "method_not_allowed"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(router, params_are_decoded_segments) {
  router r = make_router();
  auto j = body_of(r.handle(make(http_method::get, "/v1/shops/my%20shop/items/SKU%2B1")));
  EXPECT_EQ(j.at("route"), "item");
  EXPECT_EQ(j.at("params").at("shop"), "my shop");
  EXPECT_EQ(j.at("params").at("sku"), "SKU+1");
  // %2F decodes before splitting, so it separates segments: no such route -> the fallback.
  EXPECT_EQ(body_of(r.handle(make(http_method::get, "/v1/shops/a/items/b%2Fc"))).at("route"), "static");
}

TEST(router, without_fallback_unknown_path_is_404_json) {
  router r(10);
  ASSERT_TRUE(r.add(http_method::get, "/a", echo("a")));
  auto res = r.handle(make(http_method::get, "/b"));
  EXPECT_EQ(res.status, 404u);
  EXPECT_EQ(body_of(res).at("error").at("code"), "not_found");
  auto res2 = r.handle(make(http_method::get, "/a/"));
  EXPECT_EQ(res2.status, 404u);
}

TEST(router, allow_header_lists_methods) {
  router r(10);
  ASSERT_TRUE(r.add(http_method::get, "/x", echo("g")));
  ASSERT_TRUE(r.add_json(http_method::post, "/x", echo("p")));
  auto res = r.handle(make(http_method::delete_, "/x"));
  EXPECT_EQ(res.status, 405u);
  EXPECT_EQ(res.headers.find("allow").value_or(""), "GET, POST");
}

TEST(router, lookup_gives_route_body_limit_before_reading) {
  router r = make_router();
  EXPECT_EQ(r.lookup(http_method::post, "/v1/optins").body_limit, 20u);
  EXPECT_EQ(r.lookup(http_method::get, "/healthz").body_limit, 100u);
  EXPECT_EQ(r.lookup(http_method::put, "/zzz").body_limit, 100u);  // unmatched: the default
}

TEST(router, malformed_patterns_are_refused) {
  router r(10);
  EXPECT_FALSE(r.add(http_method::get, "noslash", echo("x")));
  EXPECT_FALSE(r.add(http_method::get, "/{}", echo("x")));
  EXPECT_FALSE(r.add(http_method::get, "/{*rest}/more", echo("x")));
  EXPECT_FALSE(r.add(http_method::get, "/a{b}", echo("x")));
  EXPECT_FALSE(r.add(http_method::get, "/a", route_handler{}));
  EXPECT_EQ(r.size(), 0u);
}

TEST(router, throwing_handler_becomes_500_json) {
  router r(10);
  ASSERT_TRUE(r.add(http_method::get, "/boom", [](const http_request&, const route_params&) -> http_response {
    throw std::runtime_error("secret detail");
  }));
  auto res = r.handle(make(http_method::get, "/boom"));
  EXPECT_EQ(res.status, 500u);
  EXPECT_EQ(res.body.find("secret detail"), std::string::npos);
  EXPECT_EQ(body_of(res).at("error").at("code"), "internal_error");
}

TEST(router, labels_name_patterns_not_paths) {
  router r = make_router();
  auto d = r.dispatch(make(http_method::get, "/v1/optins/abc"));
  EXPECT_EQ(r.label(d.route_index), "GET /v1/optins/{id}");
  auto miss = router(10).dispatch(make(http_method::get, "/zz"));
  EXPECT_EQ(miss.route_index, 0u);
  EXPECT_EQ(r.labels().back(), "unmatched");
}

}  // namespace
}  // namespace cartbell::server
