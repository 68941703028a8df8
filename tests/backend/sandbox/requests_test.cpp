// Send requests as the phone shows them: templates filled in (positional and named
// parameters, media headers, button suffixes and payloads), interactive buttons and lists,
// media; and the templates file's own validation.

#include "sandbox/send_request.hpp"
#include "sandbox_fixture.hpp"

namespace cartbell::sandbox::testing {
namespace {

using json = nlohmann::json;

outbound_message parsed(const std::string& body) {
  auto r = parse_send_request(body, example_templates());
  EXPECT_TRUE(r) << (r ? "" : r.error().details);
  return r ? std::move(r).value() : outbound_message{};
}

TEST(send_request, a_template_is_rendered_with_header_footer_and_buttons) {
  outbound_message m = parsed(cart_reminder_body("+90 532 123 45 67"));
  EXPECT_EQ(m.kind, message_kind::template_message);
  EXPECT_EQ(m.to, "905321234567");
  EXPECT_EQ(m.to_input, "+90 532 123 45 67");
  EXPECT_EQ(m.header_text, "Still thinking it over?");
  EXPECT_EQ(m.body, "Hi Ayşe, you left blue sneakers in your cart. We saved it for you until Friday.");
  EXPECT_EQ(m.footer, "Not interested? Tap Stop promotions");
  EXPECT_EQ(m.category, template_category::marketing);
  ASSERT_EQ(m.template_buttons.size(), 2u);
  EXPECT_EQ(m.template_buttons[0].url, "https://shop.example/cart/c-1");
  EXPECT_EQ(m.template_buttons[1].type, template_button::kind::quick_reply);
  EXPECT_EQ(m.template_buttons[1].payload, "Stop promotions");  // no payload given: the label
  EXPECT_EQ(m.biz_opaque_callback_data, "j=cart;s=1");
}

TEST(send_request, named_parameters_media_headers_payloads_and_coupon_codes) {
  outbound_message named = parsed(json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "template"},
      {"template", {{"name", "points_balance"}, {"language", {{"code", "en"}}},
                    {"components", {{{"type", "body"}, {"parameters", {
                        {{"type", "text"}, {"parameter_name", "points"}, {"text", "120"}},
                        {{"type", "text"}, {"parameter_name", "first_name"}, {"text", "Ayşe"}}}}}}}}}}.dump());
  EXPECT_EQ(named.body, "Hello Ayşe, you have 120 points to spend.");
  outbound_message image = parsed(json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "template"},
      {"template", {{"name", "back_in_stock"}, {"language", {{"code", "en"}}}, {"components", {
          {{"type", "header"}, {"parameters", {{{"type", "image"}, {"image", {{"link", "https://shop.example/a.jpg"}}}}}}},
          {{"type", "body"}, {"parameters", {{{"type", "text"}, {"text", "Ayşe"}}, {{"type", "text"}, {"text", "Blue"}}}}},
          {{"type", "button"}, {"sub_type", "url"}, {"index", 0}, {"parameters", {{{"type", "text"}, {"text", "sku-1"}}}}},
          {{"type", "button"}, {"sub_type", "quick_reply"}, {"index", "1"},
           {"parameters", {{{"type", "payload"}, {"payload", "STOP_PROMO"}}}}}}}}}}.dump());
  EXPECT_EQ(image.header_media, header_format::image);
  EXPECT_EQ(image.header_link, "https://shop.example/a.jpg");
  EXPECT_EQ(image.template_buttons[1].payload, "STOP_PROMO");
  outbound_message coupon = parsed(json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "template"},
      {"template", {{"name", "coupon_offer"}, {"language", {{"code", "en"}}}, {"components", {
          {{"type", "body"}, {"parameters", {{{"type", "currency"}, {"currency", {{"fallback_value", "€5"}, {"code", "EUR"}, {"amount_1000", 5000}}}}}}},
          {{"type", "button"}, {"sub_type", "copy_code"}, {"index", "0"}, {"parameters", {{{"type", "coupon_code"}, {"coupon_code", "THANKS10"}}}}}}}}}}.dump());
  EXPECT_EQ(coupon.body, "A thank-you from us: €5 off your next order.");
  EXPECT_EQ(coupon.template_buttons[0].code, "THANKS10");
}

TEST(send_request, interactive_lists_and_media) {
  outbound_message list = parsed(json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "interactive"},
      {"interactive", {{"type", "list"}, {"header", {{"type", "text"}, {"text", "Sizes"}}}, {"body", {{"text", "Pick"}}},
                       {"footer", {{"text", "EU"}}},
                       {"action", {{"button", "Choose"}, {"sections", {{{"title", "EU"}, {"rows", {
                           {{"id", "s38"}, {"title", "38"}}, {{"id", "s39"}, {"title", "39"}, {"description", "24.6 cm"}}}}}}}}}}}}.dump());
  EXPECT_EQ(list.kind, message_kind::list);
  EXPECT_EQ(list.list_button, "Choose");
  ASSERT_EQ(list.sections.size(), 1u);
  EXPECT_EQ(list.sections[0].rows[1].description, "24.6 cm");
  EXPECT_EQ(list.header_text, "Sizes");
  outbound_message doc = parsed(json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "document"},
      {"document", {{"link", "https://shop.example/invoice.pdf"}, {"filename", "invoice.pdf"}, {"caption", "Your invoice"}}}}.dump());
  EXPECT_EQ(doc.kind, message_kind::document);
  EXPECT_EQ(doc.filename, "invoice.pdf");
  EXPECT_EQ(doc.body, "Your invoice");
  outbound_message reply = parsed(json{{"messaging_product", "whatsapp"}, {"to", k_shopper}, {"type", "image"},
      {"context", {{"message_id", "wamid.X"}}}, {"image", {{"id", "1479537139650973"}}}}.dump());
  EXPECT_EQ(reply.link, "media:1479537139650973");
  EXPECT_EQ(reply.context_id, "wamid.X");
}

struct bad_file {
  const char* name;
  const char* text;
  const char* first_error;
};

TEST(templates_file, problems_are_named_by_path) {
  const bad_file cases[] = {
      {"not json", "{", "templates: not valid JSON"},
      {"not a list", R"({"x":1})", "templates: must be an array or {\"data\":[...]}"},
      {"no body", R"([{"name":"a","language":"en","status":"APPROVED","category":"UTILITY","components":[]}])",
       "templates[0].components: needs a BODY"},
      {"bad status", R"([{"name":"a","language":"en","status":"LIVE","category":"UTILITY","components":[{"type":"BODY","text":"x"}]}])",
       "templates[0].status: must be APPROVED, PENDING, REJECTED, PAUSED or DISABLED"},
      {"adjacent params", R"([{"name":"a","language":"en","status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{1}} {{2}} there"}]}])",
       "templates[0].components[0].text: adjacent_parameters ({{2}})"},
      {"twice", R"([{"name":"a","language":"en","status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"x"}]},
                    {"name":"a","language":"en","status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"y"}]}])",
       "templates[1]: a/en is defined twice"},
      {"long button", R"([{"name":"a","language":"en","status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"x"},
                          {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"a label far longer than twenty"}]}]}])",
       "templates[0].components[1].buttons[0].text: too_long"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> errors;
    EXPECT_FALSE(template_store::parse(c.text, errors)) << c.name;
    ASSERT_FALSE(errors.empty()) << c.name;
    EXPECT_EQ(errors.front(), c.first_error) << c.name;
  }
}

TEST(templates_file, the_example_file_loads) {
  std::vector<std::string> errors;
  template_store store = example_templates();
  EXPECT_EQ(store.all().size(), 10u);
  const message_template* t = store.find("cart_reminder_1", "tr");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->body.parameters.size(), 3u);
  EXPECT_EQ(store.find("cart_reminder_1", "de"), nullptr);
}

}  // namespace
}  // namespace cartbell::sandbox::testing
