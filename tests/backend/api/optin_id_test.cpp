// Opt-in ids sort by creation (so the primary-key index grows at its end) and stay
// unguessable: "o_", 12 hex digits of Unix milliseconds, 24 base64url characters of 18
// random bytes; and POST /v1/optins answers 202 only with a row that is already readable.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "api_fixture.hpp"

namespace cartbell::api {
namespace {

using nlohmann::json;
using server::http_method;
using testing::api_fixture;

const std::string k_optin =
    R"({"shop":"demo","purposes":["offers"],"locale":"en","text_version":"v1","page_url":"https://shop.example/"})";

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

TEST(api_optin_ids, sort_by_creation_and_keep_18_random_bytes) {
  api_fixture f;
  f.ctx->optins_per_ip.configure(1000, 60);
  f.ctx->optins_per_shop.configure(1000, 60);
  std::string previous_stamp;
  std::set<std::string> random_parts;
  for (int i = 0; i < 200; ++i) {
    auto r = f.call(http_method::post, "/v1/optins", k_optin);
    ASSERT_EQ(r.status, 202u) << r.body;
    const std::string id = json::parse(r.body).at("optin_id").get<std::string>();
    ASSERT_EQ(id.size(), 2u + 12u + 24u) << id;
    ASSERT_EQ(id.substr(0, 2), "o_") << id;
    const std::string stamp = id.substr(2, 12);
    const std::string random = id.substr(14);
    EXPECT_TRUE(std::all_of(stamp.begin(), stamp.end(), is_hex)) << id;
    EXPECT_TRUE(std::all_of(random.begin(), random.end(), is_base64url)) << id;
    EXPECT_GE(stamp, previous_stamp) << "ids sort by creation";
    previous_stamp = stamp;
    random_parts.insert(random);
    auto stored = f.ctx->db->find_optin(id);
    ASSERT_TRUE(stored && *stored) << "the 202 came after the row was committed";
  }
  EXPECT_EQ(random_parts.size(), 200u);
}

}  // namespace
}  // namespace cartbell::api
