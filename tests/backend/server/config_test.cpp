#include "server/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace cartbell::server {
namespace {

using nlohmann::json;

json valid_config() {
  return json::parse(R"({
    "listen": {"address": "127.0.0.1", "port": 0, "threads": 2},
    "limits": {"body_bytes": 1000, "header_bytes": 4096, "read_timeout_ms": 500,
               "max_connections": 100, "max_connections_per_ip": 10, "shutdown_grace_ms": 100},
    "storage": {"data_dir": "var", "sqlite_path": "var/db.sqlite"},
    "keys": {"signing_key": "k/s.key", "phone_seal_key": "k/p.key", "phone_index_key": "k/i.key"},
    "web_root": "web",
    "shops": [{
      "id": "demo", "name": "Demo", "whatsapp_number": "+905321234567",
      "languages": ["en", "pt-BR"], "default_language": "en",
      "allowed_origins": ["https://shop.example", "https://www.shop.example:8443"],
      "consent_texts": {"offers": {"en": {"version": "v1", "text": "Offers"},
                                   "pt-BR": {"version": "v1", "text": "Ofertas"}}},
      "bubble": {"position": "bottom-left", "color": "#112233", "greeting": {"en": "Hi"}},
      "business_hours": "mon-fri=09:00-18:00",
      "utc_offset_minutes": 180
    }]
  })");
}

TEST(config, valid_config_parses_with_defaults) {
  server_config c;
  std::vector<std::string> errors;
  ASSERT_TRUE(parse_config(valid_config().dump(), c, errors)) << (errors.empty() ? "" : errors[0]);
  EXPECT_EQ(c.listen.threads, 2u);
  EXPECT_EQ(c.limits.read_timeout_ms, 500u);
  EXPECT_EQ(c.secret_env.app_secret, "CARTBELL_APP_SECRET");
  EXPECT_EQ(c.rate_limits.optins_per_ip_per_minute, 10u);
  ASSERT_EQ(c.shops.size(), 1u);
  EXPECT_EQ(c.shops[0].optin_ttl_seconds, 1800u);
  EXPECT_EQ(c.shops[0].consent_texts.at("offers").at("pt-BR").text, "Ofertas");
  EXPECT_EQ(c.shops[0].bubble.greeting.at("en"), "Hi");
  EXPECT_FALSE(c.dev_only);
}

struct bad_case {
  const char* name;
  const char* patch;  // a JSON Patch (RFC 6902) applied to valid_config()
  const char* message;
};

class config_errors : public ::testing::TestWithParam<bad_case> {};

TEST_P(config_errors, names_the_field) {
  json doc = valid_config().patch(json::parse(GetParam().patch));
  server_config c;
  std::vector<std::string> errors;
  EXPECT_FALSE(parse_config(doc.dump(), c, errors));
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "" : errors[0] + " / " + errors.back());
  EXPECT_EQ(errors[0], GetParam().message);
}

#define BAD(name, patch, message) bad_case{name, patch, message}

INSTANTIATE_TEST_SUITE_P(
    cases, config_errors,
    ::testing::Values(
        BAD("unknown_top", R"([{"op":"add","path":"/listne","value":{}}])", "config: listne: unknown field"),
        BAD("port_range", R"([{"op":"replace","path":"/listen/port","value":70000}])",
            "config: listen.port: must be an integer from 0 to 65535"),
        BAD("port_type", R"([{"op":"replace","path":"/listen/port","value":"80"}])",
            "config: listen.port: must be an integer from 0 to 65535"),
        BAD("threads_negative", R"([{"op":"replace","path":"/listen/threads","value":-1}])",
            "config: listen.threads: must be an integer from 0 to 256"),
        BAD("limits_unknown", R"([{"op":"add","path":"/limits/bodybytes","value":1}])",
            "config: limits.bodybytes: unknown field"),
        BAD("timeout_zero", R"([{"op":"replace","path":"/limits/read_timeout_ms","value":0}])",
            "config: limits.read_timeout_ms: must be an integer from 10 to 600000"),
        BAD("per_ip_over_total", R"([{"op":"replace","path":"/limits/max_connections_per_ip","value":1000}])",
            "config: limits.max_connections_per_ip: must not be larger than limits.max_connections"),
        BAD("keys_missing", R"([{"op":"remove","path":"/keys"}])",
            "config: keys: is required (signing_key, phone_seal_key, phone_index_key files)"),
        BAD("key_missing", R"([{"op":"remove","path":"/keys/phone_seal_key"}])",
            "config: keys.phone_seal_key: is required"),
        BAD("secret_in_file", R"([{"op":"add","path":"/secret_env","value":{"app_secret":"abc123secret"}}])",
            "config: secret_env.app_secret: must name an environment variable (A-Z, 0-9, _), e.g. "
            "CARTBELL_APP_SECRET; put the secret itself in the environment, never in this file"),
        BAD("log_level", R"([{"op":"add","path":"/log_level","value":"verbose"}])",
            "config: log_level: must be one of debug, info, warn, error"),
        BAD("dev_only_type", R"([{"op":"add","path":"/dev_only","value":"yes"}])",
            "config: dev_only: must be true or false"),
        BAD("no_shops", R"([{"op":"replace","path":"/shops","value":[]}])",
            "config: shops: must be an array with at least one shop"),
        BAD("shop_id", R"([{"op":"replace","path":"/shops/0/id","value":"Demo Shop"}])",
            "config: shops[0].id: must be 1-32 characters of a-z, 0-9 and -, starting with a letter or digit"),
        BAD("duplicate_id", R"([{"op":"add","path":"/shops/1","value":null},
                                {"op":"copy","from":"/shops/0","path":"/shops/1"},
                                {"op":"remove","path":"/shops/2"}])",
            "config: shops[1].id: is used by another shop"),
        BAD("shop_unknown", R"([{"op":"add","path":"/shops/0/colour","value":"x"}])",
            "config: shops[0].colour: unknown field"),
        BAD("number_national", R"([{"op":"replace","path":"/shops/0/whatsapp_number","value":"05321234567"}])",
            "config: shops[0].whatsapp_number: must be an international number like +905321234567 "
            "(missing_default_region)"),
        BAD("number_short", R"([{"op":"replace","path":"/shops/0/whatsapp_number","value":"+9053"}])",
            "config: shops[0].whatsapp_number: must be an international number like +905321234567 (too_short)"),
        BAD("number_id_letters", R"([{"op":"add","path":"/shops/0/phone_number_id","value":"10654x"}])",
            "config: shops[0].phone_number_id: must be Meta's phone number id: 1-32 digits"),
        BAD("number_id_number", R"([{"op":"add","path":"/shops/0/phone_number_id","value":106540352242922}])",
            "config: shops[0].phone_number_id: must be a string"),
        BAD("number_id_shared", R"([{"op":"add","path":"/shops/0/phone_number_id","value":"1065"},
                                    {"op":"add","path":"/shops/1","value":null},
                                    {"op":"copy","from":"/shops/0","path":"/shops/1"},
                                    {"op":"remove","path":"/shops/2"},
                                    {"op":"replace","path":"/shops/1/id","value":"other"}])",
            "config: shops[1].phone_number_id: is used by another shop"),
        BAD("language_case", R"([{"op":"replace","path":"/shops/0/languages/1","value":"pt_br"}])",
            "config: shops[0].languages[1]: must be written in canonical form \"pt-BR\""),
        BAD("language_bad", R"([{"op":"add","path":"/shops/0/languages/-","value":"english"}])",
            "config: shops[0].languages[2]: must be a BCP 47 language tag like en or pt-BR"),
        BAD("default_language", R"([{"op":"replace","path":"/shops/0/default_language","value":"tr"}])",
            "config: shops[0].default_language: must be one of the shop's languages"),
        BAD("origin_http", R"([{"op":"replace","path":"/shops/0/allowed_origins/1","value":"http://shop.example"}])",
            "config: shops[0].allowed_origins[1]: must be an https origin like https://shop.example"),
        BAD("origin_path", R"([{"op":"add","path":"/shops/0/allowed_origins/-","value":"https://shop.example/"}])",
            "config: shops[0].allowed_origins[2]: must be an https origin like https://shop.example"),
        BAD("origin_localhost_needs_dev", R"([{"op":"add","path":"/shops/0/allowed_origins/-","value":"http://localhost:8080"}])",
            "config: shops[0].allowed_origins[2]: must be an https origin like https://shop.example"),
        BAD("origin_upper", R"([{"op":"replace","path":"/shops/0/allowed_origins/0","value":"https://Shop.example"}])",
            "config: shops[0].allowed_origins[0]: must be an https origin like https://shop.example"),
        BAD("purpose_unknown", R"([{"op":"add","path":"/shops/0/consent_texts/newsletter","value":{}}])",
            "config: shops[0].consent_texts.newsletter: is not a purpose (order_updates, back_in_stock, "
            "cart_reminders, offers)"),
        BAD("text_locale_not_shop", R"([{"op":"add","path":"/shops/0/consent_texts/offers/de","value":{"version":"v1","text":"x"}}])",
            "config: shops[0].consent_texts.offers.de: is not one of the shop's languages"),
        BAD("text_missing_language", R"([{"op":"remove","path":"/shops/0/consent_texts/offers/pt-BR"}])",
            "config: shops[0].consent_texts.offers: has no text for the shop's language pt-BR"),
        BAD("text_version", R"([{"op":"replace","path":"/shops/0/consent_texts/offers/en/version","value":"v 1"}])",
            "config: shops[0].consent_texts.offers.en.version: must be 1-64 characters of A-Z a-z 0-9 . _ -"),
        BAD("text_empty", R"([{"op":"replace","path":"/shops/0/consent_texts/offers/en/text","value":""}])",
            "config: shops[0].consent_texts.offers.en.text: must not be empty"),
        BAD("bubble_position", R"([{"op":"replace","path":"/shops/0/bubble/position","value":"top"}])",
            "config: shops[0].bubble.position: must be bottom-right or bottom-left"),
        BAD("bubble_color", R"([{"op":"replace","path":"/shops/0/bubble/color","value":"green"}])",
            "config: shops[0].bubble.color: must be a colour like #25D366"),
        BAD("hours", R"([{"op":"replace","path":"/shops/0/business_hours","value":"mon-fri 9-5"}])",
            "config: shops[0].business_hours: must look like \"mon-fri=09:00-18:00;sat=10:00-14:00\" (bad_spec)"),
        BAD("utc_offset", R"([{"op":"replace","path":"/shops/0/utc_offset_minutes","value":900}])",
            "config: shops[0].utc_offset_minutes: must be an integer from -720 to 840"),
        BAD("ttl", R"([{"op":"add","path":"/shops/0/optin_ttl_seconds","value":5}])",
            "config: shops[0].optin_ttl_seconds: must be an integer from 60 to 86400")),
    [](const auto& info) { return std::string(info.param.name); });

TEST(config, dev_only_file_may_name_localhost_origin) {
  json doc = valid_config();
  doc["dev_only"] = true;
  doc["shops"][0]["allowed_origins"].push_back("http://localhost:8080");
  server_config c;
  std::vector<std::string> errors;
  EXPECT_TRUE(parse_config(doc.dump(), c, errors)) << (errors.empty() ? "" : errors[0]);
}

TEST(config, reports_every_problem_at_once) {
  json doc = valid_config();
  doc["listen"]["port"] = -1;
  doc["shops"][0]["languages"] = json::array({"EN"});
  doc["shops"][0]["allowed_origins"] = json::array({"ftp://x"});
  server_config c;
  std::vector<std::string> errors;
  EXPECT_FALSE(parse_config(doc.dump(), c, errors));
  EXPECT_GE(errors.size(), 3u);
}

TEST(config, not_json_or_not_object) {
  server_config c;
  std::vector<std::string> errors;
  EXPECT_FALSE(parse_config("{", c, errors));
  EXPECT_EQ(errors.at(0), "config: not valid JSON");
  EXPECT_FALSE(parse_config("[]", c, errors));
  EXPECT_EQ(errors.at(0), "config: (top level): must be an object");
  EXPECT_FALSE(parse_config("{\"shops\":[1]}", c, errors));
}

TEST(config, file_paths_resolve_against_the_file) {
  std::string dir = ::testing::TempDir() + "cfgtest";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir + "/c.json") << valid_config().dump();
  }
  server_config c;
  std::vector<std::string> errors;
  ASSERT_TRUE(load_config_file(dir + "/c.json", c, errors));
  EXPECT_EQ(c.keys.signing_key, std::filesystem::path(dir + "/k/s.key").lexically_normal().string());
  EXPECT_EQ(c.web_root, std::filesystem::path(dir + "/web").lexically_normal().string());
  EXPECT_FALSE(load_config_file(dir + "/missing.json", c, errors));
  EXPECT_EQ(errors.at(0), "config: cannot open " + dir + "/missing.json");
}

TEST(config, cloud_api_base_url_is_https_unless_it_stays_on_this_machine) {
  const std::string plain_http =
      "config: cloud_api.base_url: must be https:// (plain http:// only to 127.0.0.1/localhost, or in dev_mode)";
  const std::string not_a_url =
      "config: cloud_api.base_url: must be an http(s) URL without a trailing slash, e.g. https://graph.facebook.com";
  struct row {
    const char* name;
    std::string url;
    const char* dev;  // "", "dev_mode" or "dev_only"
    std::string error;  // "" when accepted
  };
  const row rows[] = {
      {"https_meta", "https://graph.facebook.com", "", ""},
      {"https_with_port", "https://graph.example:8443", "", ""},
      {"https_ip", "https://10.0.0.5", "", ""},
      {"empty_sends_nothing", "", "", ""},
      {"http_loopback_ip_port", "http://127.0.0.1:9090", "", ""},
      {"http_loopback_ip", "http://127.0.0.1", "", ""},
      {"http_loopback_other_127", "http://127.0.0.2:9090", "", ""},
      {"http_localhost_port", "http://localhost:8090", "", ""},
      {"http_localhost", "http://localhost", "", ""},
      {"http_ipv6_loopback", "http://[::1]:9090", "", ""},
      {"http_meta", "http://graph.facebook.com", "", plain_http},
      {"http_private_ip", "http://10.0.0.5:9090", "", plain_http},
      {"http_localhost_lookalike", "http://localhost.example.com", "", plain_http},
      {"http_localhost_prefix", "http://localhostx:80", "", plain_http},
      {"http_ipv6_other", "http://[::2]:9090", "", plain_http},
      {"http_127_lookalike_name", "http://127.evil.example", "", plain_http},
      {"http_127_lookalike_name_port", "http://127.0.0.1.example:80", "", plain_http},
      {"http_127_short", "http://127.1:9090", "", plain_http},
      {"http_meta_dev_mode", "http://graph.facebook.com", "dev_mode", ""},
      {"http_lan_dev_only", "http://192.168.1.20:9090", "dev_only", ""},
      {"not_http", "ftp://graph.facebook.com", "", not_a_url},
      {"upper_case_scheme", "HTTPS://graph.facebook.com", "", not_a_url},
      {"trailing_slash", "https://graph.facebook.com/", "", not_a_url},
      {"query", "https://graph.facebook.com?x=1", "", not_a_url},
      {"trailing_slash_even_in_dev", "http://127.0.0.1:9090/", "dev_mode", not_a_url},
  };
  for (const auto& r : rows) {
    json doc = valid_config();
    doc["cloud_api"] = {{"base_url", r.url}};
    if (*r.dev != '\0') doc[r.dev] = true;
    server_config c;
    std::vector<std::string> errors;
    const bool ok = parse_config(doc.dump(), c, errors);
    if (r.error.empty()) {
      EXPECT_TRUE(ok) << r.name << ": " << (errors.empty() ? "" : errors[0]);
      EXPECT_EQ(c.cloud_api.base_url, r.url) << r.name;
    } else {
      EXPECT_FALSE(ok) << r.name;
      EXPECT_EQ(errors, std::vector<std::string>{r.error}) << r.name;
    }
  }
}

TEST(config, cloud_api_ca_file_is_read_and_resolved_against_the_file) {
  struct row {
    const char* name;
    json ca_file;
    std::string error;
  };
  const row rows[] = {
      {"number", 5, "config: cloud_api.ca_file: must be a string"},
      {"too_long", std::string(4097, 'c'), "config: cloud_api.ca_file: must be at most 4096 bytes"},
  };
  for (const auto& r : rows) {
    json doc = valid_config();
    doc["cloud_api"] = {{"base_url", "https://graph.facebook.com"}, {"ca_file", r.ca_file}};
    server_config c;
    std::vector<std::string> errors;
    EXPECT_FALSE(parse_config(doc.dump(), c, errors)) << r.name;
    EXPECT_EQ(errors, std::vector<std::string>{r.error}) << r.name;
  }

  const std::string dir = ::testing::TempDir() + "cfgtest-ca";
  std::filesystem::create_directories(dir);
  auto load = [&](const json& cloud_api) {
    json doc = valid_config();
    doc["cloud_api"] = cloud_api;
    { std::ofstream(dir + "/c.json") << doc.dump(); }
    server_config c;
    std::vector<std::string> errors;
    EXPECT_TRUE(load_config_file(dir + "/c.json", c, errors)) << (errors.empty() ? "" : errors[0]);
    return c.cloud_api.ca_file;
  };
  EXPECT_EQ(load({{"ca_file", "certs/../pki/ca.pem"}}),
            std::filesystem::path(dir + "/pki/ca.pem").lexically_normal().string());
  EXPECT_EQ(load({{"ca_file", "/etc/cartbell/ca.pem"}}), "/etc/cartbell/ca.pem") << "absolute paths stay";
  EXPECT_EQ(load(json::object()), "") << "no ca_file: the system store alone";
  server_config parsed;
  std::vector<std::string> errors;
  ASSERT_TRUE(parse_config(valid_config().dump(), parsed, errors));
  EXPECT_TRUE(parsed.cloud_api.ca_file.empty());
}

TEST(config, example_config_is_valid_and_marked_dev_only) {
  server_config c;
  std::vector<std::string> errors;
  ASSERT_TRUE(load_config_file(CARTBELL_EXAMPLE_CONFIG, c, errors)) << (errors.empty() ? "" : errors[0]);
  EXPECT_TRUE(c.dev_only);
  EXPECT_FALSE(c.dev_mode);
}

}  // namespace
}  // namespace cartbell::server
