// Meta webhook bodies -> typed events: every fixture in tests/data/meta, unknown fields and
// key order, and a table of malformed variants that must give an error naming the path.

#include "receipts/webhook_parse.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "crypto/webhook_signature.hpp"

namespace cartbell::receipts {
namespace {

using json = nlohmann::json;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(CARTBELL_META_VECTOR_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// One line per event, so a table can say what a body must produce.
std::string describe(const webhook_events& e) {
  std::string out;
  auto add = [&out](const std::string& s) { out += (out.empty() ? "" : " | ") + s; };
  for (const auto& m : e.messages) {
    std::string s = std::string(to_string(m.type)) + " " + dedupe_key(m) + " from=" + m.from + " user=" + m.user_id +
                    " name=" + m.profile_name + " t=" + std::to_string(m.timestamp) + " to=" + m.phone_number_id;
    if (m.type == inbound_type::text) s += " text=" + m.text;
    if (m.type == inbound_type::button_reply || m.type == inbound_type::list_reply)
      s += " reply=" + m.reply.id + "/" + m.reply.title + "/" + m.reply.description;
    if (m.type == inbound_type::template_button) s += " button=" + m.button.payload + "/" + m.button.text;
    if (m.type == inbound_type::image)
      s += " image=" + m.image.id + "/" + m.image.mime_type + "/" + m.image.sha256 + "/" + m.image.caption;
    if (m.type == inbound_type::other) s += " type=" + m.type_name;
    if (!m.context_id.empty()) s += " ctx=" + m.context_id;
    add(s);
  }
  for (const auto& s : e.statuses) {
    std::string d = dedupe_key(s) + " t=" + std::to_string(s.timestamp) + " rcpt=" + s.recipient_id +
                    " cb=" + s.biz_opaque_callback_data;
    if (s.pricing)
      d += " price=" + std::string(s.pricing->billable ? "billable" : "free") + "/" + s.pricing->pricing_model + "/" +
           s.pricing->category;
    for (const auto& err : s.errors) d += " error=" + std::to_string(err.code) + "/" + err.title + "/" + err.details;
    add(d);
  }
  for (const auto& p : e.preferences)
    add(dedupe_key(p) + " category=" + p.category + " user=" + p.user_id + " to=" + p.phone_number_id);
  for (const auto& t : e.template_updates)
    add(dedupe_key(t) + " name=" + t.template_name + " lang=" + t.language + " from=" + t.previous_category);
  if (e.ignored_changes > 0) add("ignored_changes=" + std::to_string(e.ignored_changes));
  if (e.ignored_statuses > 0) add("ignored_statuses=" + std::to_string(e.ignored_statuses));
  return out;
}

std::string outcome(const cartbell::result<webhook_events, webhook_error>& r) {
  return r ? describe(*r) : "err:" + to_string(r.error());
}

const std::string wamid_in = "wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgUM0FBMDEyMzQ1Njc4OUFCQ0RFRgA=";
const std::string wamid_out = "wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgSQTFCMkMzRDRFNUY2MEEA";

TEST(webhook_parse, every_fixture) {
  const std::string who = " from=905321234567 user=TR.1029384756102938 name=Ayşe Yılmaz t=1763820000 to=106540352242922";
  const std::string status_tail = " t=1763820200 rcpt=905321234567 cb=j=cart;s=2;v=B price=billable/PMP/marketing";
  struct c { const char* file; std::string expected; };
  const c cases[] = {
      {"inbound_text.json", "text msg:" + wamid_in + who + " text=Merhaba, JOIN 7F3K9Q ile bildirim istiyorum"},
      {"inbound_button_reply.json", "button_reply msg:" + wamid_in + who +
                                        " reply=notify_yes/Evet/ ctx=wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgSQTFCMkMzRDRFNUY2MDcA"},
      {"inbound_list_reply.json", "list_reply msg:" + wamid_in + who +
                                      " reply=size_m/M/Göğüs 96-101 cm ctx=wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgSQTFCMkMzRDRFNUY2MDgA"},
      {"inbound_template_button.json", "template_button msg:" + wamid_in + who +
                                           " button=STOP_PROMO/Stop promotions ctx=wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgSQTFCMkMzRDRFNUY2MDkA"},
      {"inbound_image.json", "image msg:" + wamid_in + who +
                                 " image=1479537139650973/image/jpeg/Gf8c2X4n0VQK0m3pVqzP7w8Zb6n1tq9XcJx2m0a1b2c=/Kutudan çıktı!"},
      {"inbound_bsuid_only.json",
       "text msg:wamid.HBgUSlAuODgyNzM2NDUxOTI4Mzc0NhUCABIYFDNBQjAxMjM0NTY3ODlBQkNERUYA from= user=JP.8827364519283746 "
       "name=kenji_tanaka t=1763820100 to=106540352242922 text=在庫が戻ったら教えてください"},
      {"status_sent.json", "status:" + wamid_out + ":sent" + status_tail},
      {"status_delivered.json", "status:" + wamid_out + ":delivered" + status_tail},
      {"status_read.json", "status:" + wamid_out + ":read" + status_tail},
      {"status_failed_131047.json",
       "status:" + wamid_out + ":failed" + status_tail +
           " error=131047/Re-engagement message/Message failed to send because more than 24 hours have passed since "
           "the customer last replied to this number."},
      {"user_preferences_stop.json",
       "pref:905321234567:stop:1763820300 category=marketing_messages user=TR.1029384756102938 to=106540352242922"},
      {"template_category_update.json",
       "tcat:880112233445566:MARKETING:1763820400 name=restock_alert_tr lang=tr from=UTILITY"},
  };
  for (const auto& t : cases) {
    const std::string body = read_fixture(t.file);
    EXPECT_EQ(outcome(parse_webhook(body)), t.expected) << t.file;
    // Key order and whitespace do not matter: nlohmann re-serialises with sorted keys.
    EXPECT_EQ(outcome(parse_webhook(json::parse(body).dump())), t.expected) << t.file << " (re-ordered)";
  }
}

TEST(webhook_parse, inbound_text_fixture_is_the_signed_one) {
  // The same bytes hmac.json signs: signature first, then parsing, as the server does.
  const std::string body = read_fixture("inbound_text.json");
  crypto::webhook_secrets secrets{crypto::webhook_secret::from_text("demo-app-secret").value(), {}};
  EXPECT_TRUE(crypto::webhook_verify_signature(
      secrets, "sha256=570b778853b13d8fba132bff60162fbe5ca6b76c0ab865564da6887d8620a1fa", body));
  EXPECT_TRUE(parse_webhook(body));
}

json fixture(const char* name) { return json::parse(read_fixture(name)); }

TEST(webhook_parse, tolerated_variants) {
  struct c { const char* name; const char* file; std::function<void(json&)> edit; std::string expected_prefix; };
  const c cases[] = {
      {"unknown_members_everywhere", "inbound_text.json",
       [](json& j) {
         j["new_top"] = {1, 2};
         j["entry"][0]["changes"][0]["value"]["messages"][0]["future"] = {{"x", 1}};
         j["entry"][0]["changes"][0]["value"]["metadata"]["extra"] = true;
       },
       "text msg:"},
      {"no_contacts", "inbound_text.json", [](json& j) { j["entry"][0]["changes"][0]["value"].erase("contacts"); },
       "text msg:" + wamid_in + " from=905321234567 user= name= t="},
      {"no_metadata", "inbound_text.json", [](json& j) { j["entry"][0]["changes"][0]["value"].erase("metadata"); },
       "text msg:"},
      {"integer_timestamp", "inbound_text.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = 1763820000; }, "text msg:"},
      {"null_context", "inbound_button_reply.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["messages"][0]["context"] = nullptr; }, "button_reply msg:"},
      {"sticker_is_other", "inbound_text.json",
       [](json& j) {
         auto& m = j["entry"][0]["changes"][0]["value"]["messages"][0];
         m["type"] = "sticker";
         m.erase("text");
         m["sticker"] = {{"id", "1"}};
       },
       "other msg:"},
      {"nfm_reply_is_other", "inbound_button_reply.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["messages"][0]["interactive"] = {{"type", "nfm_reply"}}; },
       "other msg:"},
      {"unknown_field_ignored", "inbound_text.json",
       [](json& j) { j["entry"][0]["changes"].push_back({{"field", "account_update"}, {"value", 5}}); },
       "text msg:"},
      {"only_unknown_field", "inbound_text.json",
       [](json& j) { j["entry"][0]["changes"] = json::array({{{"field", "account_review_update"}}}); },
       "ignored_changes=1"},
      {"unknown_status_ignored", "status_sent.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["statuses"][0]["status"] = "deleted"; }, "ignored_statuses=1"},
      {"status_without_pricing", "status_read.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["statuses"][0].erase("pricing"); },
       "status:" + wamid_out + ":read t=1763820200 rcpt=905321234567 cb=j=cart;s=2;v=B"},
      {"resume", "user_preferences_stop.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["user_preferences"][0]["value"] = "resume"; },
       "pref:905321234567:resume:1763820300"},
      {"empty_entry", "inbound_text.json", [](json& j) { j["entry"] = json::array(); }, ""},
      {"two_messages_two_entries", "inbound_text.json",
       [](json& j) { j["entry"].push_back(j["entry"][0]); j["entry"][1]["changes"][0]["value"]["messages"][0]["id"] = "wamid.B"; },
       "text msg:" + wamid_in},
  };
  for (const auto& t : cases) {
    auto j = fixture(t.file);
    t.edit(j);
    const std::string got = outcome(parse_webhook(j.dump()));
    EXPECT_EQ(got.substr(0, t.expected_prefix.size()), t.expected_prefix) << t.name << ": " << got;
    EXPECT_EQ(got.find("err:"), std::string::npos) << t.name << ": " << got;
  }
}

TEST(webhook_parse, malformed_bodies_name_the_path) {
  struct c { const char* name; const char* file; std::function<void(json&)> edit; const char* expected; };
  auto msg = [](json& j) -> json& { return j["entry"][0]["changes"][0]["value"]["messages"][0]; };
  auto st = [](json& j) -> json& { return j["entry"][0]["changes"][0]["value"]["statuses"][0]; };
  const c cases[] = {
      {"missing_message_id", "inbound_text.json", [&](json& j) { msg(j).erase("id"); },
       "err:entry[0].changes[0].value.messages[0].id: missing"},
      {"empty_message_id", "inbound_text.json", [&](json& j) { msg(j)["id"] = ""; },
       "err:entry[0].changes[0].value.messages[0].id: missing"},
      {"numeric_message_id", "inbound_text.json", [&](json& j) { msg(j)["id"] = 5; },
       "err:entry[0].changes[0].value.messages[0].id: wrong_type"},
      {"from_with_plus", "inbound_text.json", [&](json& j) { msg(j)["from"] = "+905321234567"; },
       "err:entry[0].changes[0].value.messages[0].from: bad_value"},
      {"no_sender_at_all", "inbound_text.json",
       [&](json& j) { msg(j).erase("from"); j["entry"][0]["changes"][0]["value"].erase("contacts"); },
       "err:entry[0].changes[0].value.messages[0].from: missing"},
      {"timestamp_words", "inbound_text.json", [&](json& j) { msg(j)["timestamp"] = "yesterday"; },
       "err:entry[0].changes[0].value.messages[0].timestamp: bad_value"},
      {"timestamp_float", "inbound_text.json", [&](json& j) { msg(j)["timestamp"] = 1.5; },
       "err:entry[0].changes[0].value.messages[0].timestamp: wrong_type"},
      {"timestamp_negative", "inbound_text.json", [&](json& j) { msg(j)["timestamp"] = -1; },
       "err:entry[0].changes[0].value.messages[0].timestamp: bad_value"},
      {"timestamp_missing", "inbound_text.json", [&](json& j) { msg(j).erase("timestamp"); },
       "err:entry[0].changes[0].value.messages[0].timestamp: missing"},
      {"text_without_text", "inbound_text.json", [&](json& j) { msg(j).erase("text"); },
       "err:entry[0].changes[0].value.messages[0].text: missing"},
      {"text_body_number", "inbound_text.json", [&](json& j) { msg(j)["text"]["body"] = 7; },
       "err:entry[0].changes[0].value.messages[0].text.body: wrong_type"},
      {"text_body_missing", "inbound_text.json", [&](json& j) { msg(j)["text"] = json::object(); },
       "err:entry[0].changes[0].value.messages[0].text.body: missing"},
      {"text_too_long", "inbound_text.json", [&](json& j) { msg(j)["text"]["body"] = std::string(webhook_max_text + 1, 'a'); },
       "err:entry[0].changes[0].value.messages[0].text.body: too_long"},
      {"button_reply_without_id", "inbound_button_reply.json",
       [&](json& j) { msg(j)["interactive"]["button_reply"].erase("id"); },
       "err:entry[0].changes[0].value.messages[0].interactive.button_reply.id: missing"},
      {"list_reply_array", "inbound_list_reply.json", [&](json& j) { msg(j)["interactive"]["list_reply"] = json::array(); },
       "err:entry[0].changes[0].value.messages[0].interactive.list_reply: wrong_type"},
      {"template_button_without_payload", "inbound_template_button.json", [&](json& j) { msg(j)["button"].erase("payload"); },
       "err:entry[0].changes[0].value.messages[0].button.payload: missing"},
      {"image_without_id", "inbound_image.json", [&](json& j) { msg(j)["image"].erase("id"); },
       "err:entry[0].changes[0].value.messages[0].image.id: missing"},
      {"context_string", "inbound_button_reply.json", [&](json& j) { msg(j)["context"] = "x"; },
       "err:entry[0].changes[0].value.messages[0].context: wrong_type"},
      {"message_not_object", "inbound_text.json", [&](json& j) { msg(j) = "hello"; },
       "err:entry[0].changes[0].value.messages[0]: wrong_type"},
      {"messages_object", "inbound_text.json",
       [&](json& j) { j["entry"][0]["changes"][0]["value"]["messages"] = json::object(); },
       "err:entry[0].changes[0].value.messages: wrong_type"},
      {"contact_name_number", "inbound_text.json",
       [&](json& j) { j["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"]["name"] = 1; },
       "err:entry[0].changes[0].value.contacts[0].profile.name: wrong_type"},
      {"status_missing_id", "status_sent.json", [&](json& j) { st(j).erase("id"); },
       "err:entry[0].changes[0].value.statuses[0].id: missing"},
      {"status_missing_status", "status_sent.json", [&](json& j) { st(j).erase("status"); },
       "err:entry[0].changes[0].value.statuses[0].status: missing"},
      {"billable_string", "status_sent.json", [&](json& j) { st(j)["pricing"]["billable"] = "true"; },
       "err:entry[0].changes[0].value.statuses[0].pricing.billable: wrong_type"},
      {"error_without_code", "status_failed_131047.json", [&](json& j) { st(j)["errors"][0].erase("code"); },
       "err:entry[0].changes[0].value.statuses[0].errors[0].code: missing"},
      {"error_code_float", "status_failed_131047.json", [&](json& j) { st(j)["errors"][0]["code"] = 1.5; },
       "err:entry[0].changes[0].value.statuses[0].errors[0].code: wrong_type"},
      {"too_many_errors", "status_failed_131047.json",
       [&](json& j) { for (int i = 0; i < 16; ++i) st(j)["errors"].push_back(st(j)["errors"][0]); },
       "err:entry[0].changes[0].value.statuses[0].errors: too_many"},
      {"preference_bad_value", "user_preferences_stop.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["user_preferences"][0]["value"] = "pause"; },
       "err:entry[0].changes[0].value.user_preferences[0].value: bad_value"},
      {"preferences_missing", "user_preferences_stop.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"].erase("user_preferences"); },
       "err:entry[0].changes[0].value.user_preferences: missing"},
      {"template_without_id", "template_category_update.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"].erase("message_template_id"); },
       "err:entry[0].changes[0].value.message_template_id: missing"},
      {"template_new_category_number", "template_category_update.json",
       [](json& j) { j["entry"][0]["changes"][0]["value"]["new_category"] = 2; },
       "err:entry[0].changes[0].value.new_category: wrong_type"},
      {"change_without_field", "inbound_text.json", [](json& j) { j["entry"][0]["changes"][0].erase("field"); },
       "err:entry[0].changes[0].field: missing"},
      {"change_without_value", "inbound_text.json", [](json& j) { j["entry"][0]["changes"][0].erase("value"); },
       "err:entry[0].changes[0].value: missing"},
      {"entry_not_array", "inbound_text.json", [](json& j) { j["entry"] = json::object(); }, "err:entry: wrong_type"},
      {"entry_missing", "inbound_text.json", [](json& j) { j.erase("entry"); }, "err:entry: missing"},
      {"entry_item_string", "inbound_text.json", [](json& j) { j["entry"][0] = "x"; }, "err:entry[0]: wrong_type"},
      {"changes_missing", "inbound_text.json", [](json& j) { j["entry"][0].erase("changes"); },
       "err:entry[0].changes: missing"},
      {"other_object", "inbound_text.json", [](json& j) { j["object"] = "page"; }, "err:object: bad_value"},
      {"too_many_entries", "inbound_text.json",
       [](json& j) { for (int i = 0; i < 64; ++i) j["entry"].push_back(j["entry"][0]); }, "err:entry: too_many"},
      {"huge_messages_array", "inbound_text.json",
       [&](json& j) {
         auto& list = j["entry"][0]["changes"][0]["value"]["messages"];
         for (int i = 0; i < 1000; ++i) list.push_back(list[0]);
       },
       "err:entry[0].changes[0].value.messages: too_many"},
      {"too_many_events_in_total", "inbound_text.json",
       [&](json& j) {
         auto& list = j["entry"][0]["changes"][0]["value"]["messages"];
         for (int i = 0; i < 999; ++i) list.push_back(list[0]);
         for (int i = 0; i < 10; ++i) j["entry"][0]["changes"].push_back(j["entry"][0]["changes"][0]);
       },
       "err:entry: too_many"},
  };
  for (const auto& t : cases) {
    auto j = fixture(t.file);
    t.edit(j);
    EXPECT_EQ(outcome(parse_webhook(j.dump())), t.expected) << t.name;
  }
}

TEST(webhook_parse, bodies_that_are_not_webhooks) {
  struct c { const char* name; std::string body; const char* expected; };
  const c cases[] = {
      {"empty", "", "err:body: not_json"},
      {"truncated", read_fixture("inbound_text.json").substr(0, 100), "err:body: not_json"},
      {"array", "[]", "err:body: wrong_type"},
      {"string", "\"x\"", "err:body: wrong_type"},
      {"no_object", "{}", "err:object: missing"},
      {"invalid_utf8", "{\"object\":\"\xff\"}", "err:body: not_json"},
      {"deep_nesting", std::string(100000, '[') + std::string(100000, ']'), "err:body: too_deep"},
      {"deep_in_string_is_fine", "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":\"" +
                                     std::string(1000, '[') + "\"}", ""},
      {"too_large", std::string(crypto::webhook_body_max + 1, ' '), "err:body: body_too_large"},
  };
  for (const auto& t : cases) EXPECT_EQ(outcome(parse_webhook(t.body)), t.expected) << t.name;
}

}  // namespace
}  // namespace cartbell::receipts
