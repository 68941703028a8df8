#include "sandbox_fixture.hpp"

#include <fstream>
#include <sstream>

namespace cartbell::sandbox::testing {

sandbox_config test_config() {
  sandbox_config c;
  c.access_token = k_token;
  c.accounts = {{"102290129340398",
                 {{k_number, "12025550100", "Demo Shop", 80}, {k_other_number, "12025550199", "Other Shop", 80}}}};
  c.shoppers = {{k_shopper, "Ayşe Yılmaz", "TR.1029384756102938", true, false},
                {"34612345678", "María García", "", false, false}};
  c.not_on_whatsapp = {"447700900123"};
  c.webhooks.callback_url = "http://127.0.0.1:9/webhooks/whatsapp";
  c.statuses.jitter = 0;
  c.seed = 7;
  return c;
}

template_store example_templates() {
  std::ifstream in(std::string(CARTBELL_SANDBOX_DIR) + "/templates.json");
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<std::string> errors;
  auto store = template_store::parse(text.str(), errors);
  EXPECT_TRUE(store.has_value()) << (errors.empty() ? "" : errors.front());
  return store ? std::move(*store) : template_store{};
}

std::string text_body(const std::string& to, const std::string& text) {
  return nlohmann::json{{"messaging_product", "whatsapp"}, {"to", to}, {"type", "text"}, {"text", {{"body", text}}}}.dump();
}

std::string cart_reminder_body(const std::string& to, const std::string& opaque) {
  nlohmann::json body = {
      {"messaging_product", "whatsapp"},
      {"to", to},
      {"type", "template"},
      {"template",
       {{"name", "cart_reminder_1"},
        {"language", {{"code", "en"}, {"policy", "deterministic"}}},
        {"components",
         {{{"type", "body"},
           {"parameters", {{{"type", "text"}, {"text", "Ayşe"}}, {{"type", "text"}, {"text", "blue sneakers"}},
                           {{"type", "date_time"}, {"date_time", {{"fallback_value", "Friday"}}}}}}},
          {{"type", "button"}, {"sub_type", "url"}, {"index", "0"}, {"parameters", {{{"type", "text"}, {"text", "c-1"}}}}}}}}}};
  if (!opaque.empty()) body["biz_opaque_callback_data"] = opaque;
  return body.dump();
}

std::string utility_body(const std::string& to) {
  return nlohmann::json{
      {"messaging_product", "whatsapp"},
      {"to", to},
      {"type", "template"},
      {"template",
       {{"name", "optin_confirmed"},
        {"language", {{"code", "en"}}},
        {"components",
         {{{"type", "body"},
           {"parameters", {{{"type", "text"}, {"text", "Ayşe"}}, {{"type", "text"}, {"text", "order updates"}}}}}}}}}}
      .dump();
}

sandbox_fixture::sandbox_fixture(sandbox_config config) {
  box = std::make_unique<sandbox>(std::move(config), example_templates(), clock,
                                  crypto::webhook_secret::from_text(k_secret).value());
}

send_answer sandbox_fixture::send(const std::string& body, const std::string& number) {
  return box->send("v21.0", number, std::string("Bearer ") + k_token, body);
}

std::string sandbox_fixture::shopper_says(const std::string& wa_id, const std::string& text, const std::string& number) {
  inbound_request r;
  r.phone_number_id = number;
  r.wa_id = wa_id;
  r.message.text = text;
  auto id = box->inbound(r);
  EXPECT_TRUE(id) << (id ? "" : id.error());
  return id ? *id : "";
}

std::vector<webhook_delivery> sandbox_fixture::run_for(micros d) {
  std::vector<webhook_delivery> all;
  micros end = clock.now() + d;
  // Step in 10 ms increments so retries scheduled inside the span come due in it too.
  while (clock.now() < end) {
    clock.advance(std::min<micros>(10 * k_millisecond, end - clock.now()));
    for (auto& w : box->take_due(1'000'000)) {
      box->delivery_finished(w.id, true, 200, "");
      all.push_back(std::move(w));
    }
  }
  return all;
}

nlohmann::json sandbox_fixture::json_of(const send_answer& a) {
  auto j = nlohmann::json::parse(a.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << a.body;
  return j;
}

std::vector<log_entry> sandbox_fixture::log_of(const std::string& event) const {
  std::vector<log_entry> out;
  for (auto& e : box->log().since(0, 10'000'000).entries) {
    if (e.event == event) out.push_back(e);
  }
  return out;
}

}  // namespace cartbell::sandbox::testing
