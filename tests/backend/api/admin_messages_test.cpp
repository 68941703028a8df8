// POST /v1/admin/messages (api/admin_messages.cpp) through the router: a template to a
// consented shopper (by number or subject) is queued, free text only inside the shopper's
// 24 h window, what the consent gate refuses is refused at once, every bad request names
// its field and stores nothing, and Idempotency-Key makes a retry safe.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin_messages_support.hpp"

namespace cartbell::api {
namespace {

using namespace admin_messages_testing;
using server::http_method;

TEST(api_admin_messages, need_the_admin_token) {
  world w;
  const auto before = outbox(w.f).size();
  for (const std::string token : {std::string(), std::string("admin-token-012345678"), k_admin + "x"}) {
    auto queued = call(w.f, http_method::post, "/v1/admin/messages", request(w.subject).dump(), {}, token);
    EXPECT_EQ(queued.status, 401u) << token;
    EXPECT_EQ(error_code(queued), "unauthorized");
    EXPECT_EQ(queued.headers.find("WWW-Authenticate"), std::optional<std::string_view>("Bearer"));
    EXPECT_EQ(call(w.f, http_method::get, "/v1/admin/messages", {}, {}, token).status, 401u) << token;
  }
  // An idempotent replay is the admin's too: a key seen before is not answered without the token.
  const header_list key = {{"Idempotency-Key", "k-token"}};
  ASSERT_EQ(post(w.f, request(w.subject), key).status, 202u);
  EXPECT_EQ(call(w.f, http_method::post, "/v1/admin/messages", request(w.subject).dump(), key, "").status, 401u);
  EXPECT_EQ(outbox(w.f).size(), before + 1);
}

TEST(api_admin_messages, a_template_to_a_consented_shopper_is_queued_by_number_or_subject) {
  world w;
  auto by_subject = post(w.f, request(w.subject));
  ASSERT_EQ(by_subject.status, 202u) << by_subject.body;
  json m = parsed(by_subject).at("message");
  EXPECT_EQ(m.at("key").get<std::string>().rfind("op_", 0), 0u) << m;
  EXPECT_EQ(m.at("key").get<std::string>().size(), 27u) << m;
  EXPECT_EQ(m.at("kind"), "operator");
  EXPECT_EQ(m.at("shop"), "demo");
  EXPECT_EQ(m.at("subject"), w.subject);
  EXPECT_EQ(m.at("state"), "pending");
  EXPECT_EQ(m.at("purpose"), "order_updates");
  EXPECT_EQ(m.at("category"), "utility");
  EXPECT_EQ(m.at("due_at"), w.f.now);
  EXPECT_TRUE(m.at("expires_at").is_null());
  EXPECT_TRUE(m.at("error").is_null());
  auto stored = w.f.ctx->db->find_outbox(m.at("key").get<std::string>());
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ(json::parse((*stored)->payload), json({{"template", k_template}}));
  EXPECT_EQ((*stored)->subject_id, w.subject);

  // By number (with or without '+'), scheduled, with an expiry; marketing under offers.
  for (const std::string phone : {"+" + std::string(k_from), std::string(k_from)}) {
    auto by_phone = post(w.f, request(w.subject, {{"subject", nullptr},
                                                  {"phone", phone},
                                                  {"purpose", "offers"},
                                                  {"category", "marketing"},
                                                  {"send_at", w.f.now + 3600},
                                                  {"expires_at", w.f.now + 7200}}));
    ASSERT_EQ(by_phone.status, 202u) << by_phone.body;
    json p = parsed(by_phone).at("message");
    EXPECT_EQ(p.at("subject"), w.subject) << phone;
    EXPECT_EQ(p.at("category"), "marketing");
    EXPECT_EQ(p.at("due_at"), w.f.now + 3600);
    EXPECT_EQ(p.at("expires_at"), w.f.now + 7200);
    EXPECT_NE(p.at("key"), m.at("key"));
  }
  EXPECT_EQ(outbox(w.f).size(), 3u);
}

TEST(api_admin_messages, text_goes_only_inside_the_window) {
  world w;
  auto text = [&](const std::string& subject, const json& more = json::object()) {
    json b = request(subject, {{"template", nullptr}, {"category", nullptr}, {"text", "Your parcel is late, sorry"}});
    for (const auto& [k, v] : more.items()) b[k] = v;
    return post(w.f, b);
  };
  auto expect_closed = [&](const server::http_response& r, const char* why) {
    EXPECT_EQ(r.status, 409u) << why << ": " << r.body;
    EXPECT_EQ(error_code(r), "outside_window") << why;
    EXPECT_EQ(error_message(r).rfind("text", 0), 0u) << why;
  };
  expect_closed(text(w.typed), "never wrote");
  w.f.now += 2 * k_day;  // whatever the JOIN message noted, it is two days old now
  expect_closed(text(w.subject), "wrote two days ago");
  ASSERT_TRUE(w.f.ctx->db->note_inbound("demo", w.subject, w.f.now - (k_day - 60)).value_or(false));
  expect_closed(text(w.subject), "wrote 24 h minus the margin ago");
  EXPECT_EQ(outbox(w.f).size(), 0u);
  // Text with a template is queued whatever the window: the template goes while it is closed.
  auto both = post(w.f, request(w.subject, {{"text", "hi"}}));
  ASSERT_EQ(both.status, 202u) << both.body;
  EXPECT_EQ(parsed(both)["message"]["category"], "utility");

  ASSERT_TRUE(w.f.ctx->db->note_inbound("demo", w.subject, w.f.now - (k_day - 61)).value_or(false));
  auto open = text(w.subject);
  ASSERT_EQ(open.status, 202u) << "one second inside the margin: " << open.body;
  EXPECT_EQ(parsed(open)["message"]["category"], "session");
  auto stored = w.f.ctx->db->find_outbox(parsed(open)["message"]["key"].get<std::string>());
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ(json::parse((*stored)->payload), json({{"text", "Your parcel is late, sorry"}}));
  ASSERT_TRUE(w.f.ctx->db->note_inbound("demo", w.subject, w.f.now - 600).value_or(false));
  EXPECT_EQ(text(w.subject, {{"category", "session"}}).status, 202u) << "session may be named";
  // The window is judged at send_at: a text due after it closes is refused now.
  expect_closed(text(w.subject, {{"send_at", w.f.now + k_day}}), "due after the window closes");
  EXPECT_EQ(text(w.subject, {{"send_at", w.f.now + 3600}}).status, 202u);
  EXPECT_EQ(outbox(w.f).size(), 4u);
}

TEST(api_admin_messages, what_the_consent_gate_refuses_is_refused_at_once) {
  world w;
  struct row {
    const char* name;
    json body;
    const char* reason;
  };
  const row rows[] = {
      {"purpose_not_granted", request(w.subject, {{"purpose", "cart_reminders"}}), "no_active_consent"},
      {"back_in_stock_not_granted", request(w.subject, {{"purpose", "back_in_stock:MUG-1"}}), "no_active_consent"},
      {"marketing_under_order_updates", request(w.subject, {{"category", "marketing"}}), "category_mismatch"},
      {"marketing_on_form_evidence", request(w.typed, {{"purpose", "offers"}, {"category", "marketing"}}),
       "evidence_insufficient"},
      {"utility_on_form_evidence", request(w.typed), "evidence_insufficient"},
  };
  for (const auto& r : rows) {
    auto got = post(w.f, r.body);
    EXPECT_EQ(got.status, 409u) << r.name << ": " << got.body;
    EXPECT_EQ(error_code(got), "consent_refused") << r.name;
    EXPECT_NE(error_message(got).find(r.reason), std::string::npos) << r.name << ": " << got.body;
  }
  // A withdrawal is seen at once.
  ASSERT_EQ(post(w.f, request(w.subject, {{"purpose", "offers"}, {"category", "marketing"}})).status, 202u);
  ASSERT_TRUE(w.f.ctx->db->withdraw(withdrawal(w.subject, "offers", w.f.now)));
  EXPECT_EQ(post(w.f, request(w.subject, {{"purpose", "offers"}, {"category", "marketing"}})).status, 409u);
  // An erased shopper: gone by number, refused by subject.
  ASSERT_EQ(call(w.f, http_method::delete_, "/v1/admin/contacts/" + std::string(k_from)).status, 200u);
  auto by_subject = post(w.f, request(w.subject));
  EXPECT_EQ(by_subject.status, 409u) << by_subject.body;
  EXPECT_NE(error_message(by_subject).find("no_contact"), std::string::npos) << by_subject.body;
  auto by_number = post(w.f, request(w.subject, {{"subject", nullptr}, {"phone", k_from}}));
  EXPECT_EQ(by_number.status, 404u) << by_number.body;
  EXPECT_EQ(error_code(by_number), "not_found");
  EXPECT_EQ(outbox(w.f).size(), 1u) << "only the message queued before the withdrawal";
}

TEST(api_admin_messages, bad_requests_name_the_field_and_store_nothing) {
  world w;
  const std::int64_t now = w.f.now;
  struct row {
    const char* name;
    std::string body;
    unsigned status;
    std::string code;
    std::string field;  // the error message starts with it
  };
  auto j = [](const json& b) { return b.dump(); };
  const std::string s = w.subject;
  const row rows[] = {
      {"broken_json", "{\"shop\":", 400, "invalid_json", "body"},
      {"array_body", "[]", 400, "invalid_json", "body"},
      {"unknown_member", j(request(s, {{"priority", "high"}})), 422, "invalid_field", "priority"},
      {"no_shop", j(request(s, {{"shop", nullptr}})), 422, "invalid_field", "shop"},
      {"shop_number", j(request(s, {{"shop", 1}})), 422, "invalid_field", "shop"},
      {"unknown_shop", j(request(s, {{"shop", "nope"}})), 404, "unknown_shop", "shop"},
      {"no_purpose", j(request(s, {{"purpose", nullptr}})), 422, "invalid_field", "purpose"},
      {"bad_purpose", j(request(s, {{"purpose", "spam"}})), 422, "invalid_field", "purpose"},
      {"purpose_array", j(request(s, {{"purpose", {"offers"}}})), 422, "invalid_field", "purpose"},
      {"neither_phone_nor_subject", j(request(s, {{"subject", nullptr}})), 422, "invalid_field", "phone"},
      {"both_phone_and_subject", j(request(s, {{"phone", k_typed}})), 422, "invalid_field", "phone"},
      {"phone_not_a_number", j(request(s, {{"subject", nullptr}, {"phone", "call me"}})), 422, "invalid_field",
       "phone"},
      {"phone_too_long", j(request(s, {{"subject", nullptr}, {"phone", std::string(33, '1')}})), 422, "invalid_field",
       "phone"},
      {"phone_unknown", j(request(s, {{"subject", nullptr}, {"phone", "+12025550199"}})), 404, "not_found", "phone"},
      {"subject_unknown", j(request("s_nobody")), 404, "not_found", "subject"},
      {"subject_too_long", j(request(std::string(65, 's'))), 422, "invalid_field", "subject"},
      {"no_content", j(request(s, {{"template", nullptr}})), 422, "invalid_field", "template"},
      {"template_without_category", j(request(s, {{"category", nullptr}})), 422, "invalid_field", "category"},
      {"template_session_category", j(request(s, {{"category", "session"}})), 422, "invalid_field", "category"},
      {"template_authentication", j(request(s, {{"category", "authentication"}})), 422, "invalid_field", "category"},
      {"category_with_text_only", j(request(s, {{"template", nullptr}, {"text", "hi"}})), 422, "invalid_field",
       "category"},
      {"category_number", j(request(s, {{"category", 1}})), 422, "invalid_field", "category"},
      {"template_bad_name", j(request(s, {{"template", {{"name", "Bad Name"}, {"language", "en"}}}})), 422,
       "invalid_field", "template.name"},
      {"template_unknown_member", j(request(s, {{"template", {{"name", "a"}, {"language", "en"}, {"header", "x"}}}})),
       422, "invalid_field", "template.header"},
      {"text_oversize", j(request(s, {{"text", std::string(4097, 'x')}})), 422, "invalid_field", "text"},
      {"text_empty", j(request(s, {{"text", ""}})), 422, "invalid_field", "text"},
      {"send_at_past", j(request(s, {{"send_at", now - 61}})), 422, "invalid_field", "send_at"},
      {"send_at_too_far", j(request(s, {{"send_at", now + 366 * k_day + 1}})), 422, "invalid_field", "send_at"},
      {"send_at_string", j(request(s, {{"send_at", std::to_string(now + 60)}})), 422, "invalid_field", "send_at"},
      {"send_at_fraction", j(request(s, {{"send_at", now + 60.5}})), 422, "invalid_field", "send_at"},
      {"expires_at_equal_send_at", j(request(s, {{"send_at", now + 600}, {"expires_at", now + 600}})), 422,
       "invalid_field", "expires_at"},
      {"expires_at_before_send_at", j(request(s, {{"send_at", now + 600}, {"expires_at", now + 300}})), 422,
       "invalid_field", "expires_at"},
      {"expires_at_now", j(request(s, {{"expires_at", now}})), 422, "invalid_field", "expires_at"},
      {"expires_at_too_far", j(request(s, {{"expires_at", now + 367 * k_day}})), 422, "invalid_field", "expires_at"},
      {"expires_at_null", j(request(s, {{"expires_at", nullptr}})).replace(1, 0, "\"expires_at\":null,"), 422,
       "invalid_field", "expires_at"},
      {"oversize_body", j(request(s, {{"text", std::string(17 * 1024, 'x')}})), 413, "body_too_large", "body"},
  };
  const auto before_rows = outbox(w.f).size();
  const auto before_tx = w.f.ctx->db->stats().transactions;
  for (const auto& r : rows) {
    auto got = call(w.f, http_method::post, "/v1/admin/messages", r.body);
    EXPECT_EQ(got.status, r.status) << r.name << ": " << got.body;
    EXPECT_EQ(error_code(got), r.code) << r.name << ": " << got.body;
    const std::string message = error_message(got);
    // The router's 413 speaks of the "request body"; every other message starts with the field.
    EXPECT_TRUE(message.rfind(r.field, 0) == 0 || (r.status == 413 && message.find(r.field) != std::string::npos))
        << r.name << ": " << got.body;
  }
  EXPECT_EQ(outbox(w.f).size(), before_rows) << "a refused request queued something";
  EXPECT_EQ(w.f.ctx->db->stats().transactions, before_tx) << "a refused request wrote";
  EXPECT_EQ(call(w.f, http_method::post, "/v1/admin/messages", request(s).dump()).status, 202u) << "the base is valid";
}

TEST(api_admin_messages, an_idempotency_key_replays_the_first_answer) {
  world w;
  const header_list key = {{"Idempotency-Key", "campaign-7-shopper-1"}};
  auto first = post(w.f, request(w.subject), key);
  ASSERT_EQ(first.status, 202u) << first.body;
  w.f.now += 30;
  auto again = post(w.f, request(w.subject), key);
  EXPECT_EQ(again.status, 202u);
  EXPECT_EQ(parsed(again)["message"]["key"], parsed(first)["message"]["key"]);
  EXPECT_EQ(again.headers.find("Idempotent-Replayed"), std::optional<std::string_view>("true"));
  EXPECT_EQ(outbox(w.f).size(), 1u);
  auto other = post(w.f, request(w.subject, {{"template", {{"name", "other"}, {"language", "en"}}}}), key);
  EXPECT_EQ(other.status, 409u);
  EXPECT_EQ(error_code(other), "idempotency_conflict");
  EXPECT_EQ(post(w.f, request(w.subject), {{"Idempotency-Key", "another"}}).status, 202u);
  EXPECT_EQ(outbox(w.f).size(), 2u);
}

}  // namespace
}  // namespace cartbell::api
