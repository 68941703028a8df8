#include "server/http.hpp"

#include <gtest/gtest.h>

namespace cartbell::server {
namespace {

TEST(http, split_target_decodes_path_and_query) {
  std::string path;
  std::multimap<std::string, std::string> q;
  ASSERT_TRUE(split_target("/a%20b/c?shop=demo&x=1+2&x=%2B&flag", path, q));
  EXPECT_EQ(path, "/a b/c");
  EXPECT_EQ(q.find("shop")->second, "demo");
  EXPECT_EQ(q.count("x"), 2u);
  EXPECT_EQ(q.find("flag")->second, "");
}

TEST(http, split_target_rejects_bad_input) {
  std::string path;
  std::multimap<std::string, std::string> q;
  for (const char* bad : {"", "relative", "http://host/x", "/a%zz", "/a%2", "/a%00b", "/x?k=%", "/a#frag"}) {
    EXPECT_FALSE(split_target(bad, path, q)) << bad;
  }
}

TEST(http, headers_are_case_insensitive) {
  header_map h;
  h.add("Content-Type", "a");
  EXPECT_EQ(h.find("content-type").value_or(""), "a");
  h.set("CONTENT-TYPE", "b");
  EXPECT_EQ(h.fields().size(), 1u);
  EXPECT_EQ(h.find("Content-type").value_or(""), "b");
  EXPECT_FALSE(h.find("missing"));
}

TEST(http, json_error_shape) {
  auto res = json_error(422, "bad_field", "shop: \"x\" is not a shop \xff");
  EXPECT_EQ(res.status, 422u);
  EXPECT_EQ(res.headers.find("content-type").value_or(""), "application/json");
  EXPECT_EQ(res.body.rfind(R"({"error":{"code":"bad_field","message":)", 0), 0u) << res.body;
}

TEST(http, methods_round_trip) {
  for (auto m : {http_method::get, http_method::post, http_method::delete_, http_method::options}) {
    EXPECT_EQ(parse_method(to_string(m)), m);
  }
  EXPECT_EQ(parse_method("get"), http_method::other);
  EXPECT_EQ(parse_method("BREW"), http_method::other);
}

}  // namespace
}  // namespace cartbell::server
