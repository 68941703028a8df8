#pragma once
// Shared by the tests of /v1/admin/messages: requests with the admin token, a valid
// template request to vary, and a world with a WhatsApp-confirmed shopper and a shopper
// whose number was only typed into a form.

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "api/admin_access.hpp"
#include "api_fixture.hpp"

namespace cartbell::api::admin_messages_testing {

using json = nlohmann::json;
using server::http_method;
using api_fixture = testing::api_fixture;
using header_list = std::vector<std::pair<std::string, std::string>>;

inline const std::string k_admin = "admin-token-0123456789";  // the fixture's
inline constexpr const char* k_from = "12025550143";          // confirms offers + order_updates on WhatsApp
inline constexpr const char* k_typed = "+12025550177";        // typed into a form: evidence "form" only
inline constexpr std::int64_t k_day = 86'400;
inline const std::string k_optin =
    R"({"shop":"demo","purposes":["order_updates","offers"],"locale":"en","text_version":"v1","page_url":"https://shop.example/"})";

/// A request to the router with the admin token (unless `token` is empty) and `extra` headers.
inline server::http_response call(api_fixture& f, http_method m, const std::string& target,
                                  const std::string& body = {}, const header_list& extra = {},
                                  const std::string& token = k_admin) {
  server::http_request q;
  q.method = m;
  q.target = target;
  EXPECT_TRUE(server::split_target(target, q.path, q.query)) << target;
  if (m == http_method::post) q.headers.add("Content-Type", "application/json");
  if (!token.empty()) q.headers.add("Authorization", "Bearer " + token);
  for (const auto& [name, value] : extra) q.headers.add(name, value);
  q.body = body;
  q.remote_ip = "127.0.0.1";
  return f.routes.handle(q);
}

inline server::http_response post(api_fixture& f, const json& body, const header_list& extra = {}) {
  return call(f, http_method::post, "/v1/admin/messages", body.dump(), extra);
}

inline nlohmann::json parsed(const server::http_response& r) { return json::parse(r.body, nullptr, false); }

/// error.code, or "" when the answer is not a JSON error (never throws).
inline std::string error_code(const server::http_response& r) {
  const json b = parsed(r);
  const json* e = b.is_object() && b.contains("error") ? &b.at("error") : nullptr;
  return e != nullptr && e->is_object() && e->contains("code") && e->at("code").is_string()
             ? e->at("code").get<std::string>()
             : std::string();
}

/// error.message, or "" when the answer is not a JSON error (never throws).
inline std::string error_message(const server::http_response& r) {
  const json b = parsed(r);
  const json* e = b.is_object() && b.contains("error") ? &b.at("error") : nullptr;
  return e != nullptr && e->is_object() && e->contains("message") && e->at("message").is_string()
             ? e->at("message").get<std::string>()
             : std::string();
}

inline const nlohmann::json k_template = {{"name", "order_shipped"}, {"language", "en"}, {"body_params", {"#1042"}}};

/// A valid template request to `subject` with `changes` applied (null removes a member).
inline nlohmann::json request(const std::string& subject, const json& changes = json::object()) {
  json b = {{"shop", "demo"},
            {"subject", subject},
            {"purpose", "order_updates"},
            {"category", "utility"},
            {"template", k_template}};
  for (const auto& [k, v] : changes.items()) {
    if (v.is_null()) {
      b.erase(k);
    } else {
      b[k] = v;
    }
  }
  return b;
}

/// Every operator message in the outbox, newest change first.
inline std::vector<store::outbox_row> outbox(api_fixture& f) {
  auto rows = f.ctx->db->list_outbox({"", "", 500});
  EXPECT_TRUE(rows);
  std::vector<store::outbox_row> out;
  if (rows) {
    for (auto& r : *rows) {
      if (r.kind == "operator") out.push_back(r);
    }
  }
  return out;
}

/// The gate that lets every row through (the outcome under test comes next).
inline std::optional<std::string> let_through(const store::outbox_row&, const std::optional<store::contact>&,
                                              std::span<const store::consent>) {
  return std::nullopt;
}

inline store::withdraw_request withdrawal(const std::string& subject, const std::string& purpose, std::int64_t now) {
  store::withdraw_request w;
  w.shop = "demo";
  w.subject_id = subject;
  w.purposes = {purpose};
  w.reason = store::withdraw_reason::stop_keyword;
  w.now = now;
  return w;
}

/// The fixture with a shopper who confirmed order_updates and offers on WhatsApp, and one
/// whose number was only typed into a form (both purposes).
struct world {
  api_fixture f;
  std::string subject;  ///< the WhatsApp-confirmed shopper
  std::string typed;    ///< the form-only shopper

  world() {
    EXPECT_FALSE(f.confirmed_receipt(k_optin, k_from, "wamid.join").empty());
    subject = subject_of("+" + std::string(k_from));
    json form = json::parse(k_optin);
    form["phone"] = k_typed;
    auto r = f.call(http_method::post, "/v1/optins", form.dump());
    EXPECT_EQ(r.status, 202u) << r.body;
    typed = subject_of(k_typed);
    EXPECT_NE(subject, typed);
    // The opt-in's own reply leaves first, an hour back, out of the way of the rows under test.
    for (const auto& row : claim_all()) {
      EXPECT_TRUE(f.ctx->db->finish_send(
          {row.key, "sent", "wamid.r" + row.key, std::nullopt, 0, f.now - 3600, false, std::nullopt, std::nullopt}));
    }
  }
  std::string subject_of(const std::string& e164) {
    auto who = contact_by_phone(*f.ctx, "demo", e164);
    EXPECT_TRUE(who && *who) << e164;
    return who && *who ? (*who)->subject_id : std::string();
  }
  /// Claims every due row with a gate that lets all through (the outcome under test comes next).
  std::vector<store::outbox_row> claim_all() {
    auto out = f.ctx->db->claim_due({f.now, 100, 60, let_through});
    EXPECT_TRUE(out);
    return out ? out->claimed : std::vector<store::outbox_row>{};
  }
};

}  // namespace cartbell::api::admin_messages_testing
