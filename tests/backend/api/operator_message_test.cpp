// The operator's message (api/operator_message.hpp): which bodies read and which fail,
// each failure naming the JSON path at fault; the stored payload reads back as it was
// written; the 24 h window's edge, with its 60 s margin; and which content leaves inside
// and outside the window.

#include "api/operator_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace cartbell::api {
namespace {

using nlohmann::json;

/// "ok" or "<field>" of the error, for one-line table rows.
std::string outcome(const json& body) {
  auto read = read_operator_message(body);
  return read ? std::string("ok") : read.error().field;
}

json tpl(json changes = json::object()) {
  json t = {{"name", "order_shipped"}, {"language", "en_US"}, {"body_params", {"#1042", "DHL"}}};
  for (const auto& [k, v] : changes.items()) {
    if (v.is_null()) {
      t.erase(k);
    } else {
      t[k] = v;
    }
  }
  return t;
}

TEST(operator_message, reads_good_bodies_and_names_the_field_of_bad_ones) {
  const std::string big_text(4096, 'x');
  const std::string params20 =
      "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\","
      "\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\",\"r\",\"s\",\"t\"]";
  struct row {
    const char* name;
    json body;
    std::string expect;  // "ok" or the field named in the error
  };
  const row rows[] = {
      {"text_only", {{"text", "Your order shipped"}}, "ok"},
      {"text_4096_bytes", {{"text", big_text}}, "ok"},
      {"text_utf8", {{"text", "Siparişiniz yola çıktı 🎉"}}, "ok"},
      {"template_only", {{"template", tpl()}}, "ok"},
      {"template_no_params", {{"template", tpl({{"body_params", nullptr}})}}, "ok"},
      {"template_20_params", {{"template", tpl({{"body_params", json::parse(params20)}})}}, "ok"},
      {"template_suffix", {{"template", tpl({{"url_button_suffix", "o/1042"}})}}, "ok"},
      {"template_language_2", {{"template", tpl({{"language", "tr"}})}}, "ok"},
      {"template_language_3_region_digits", {{"template", tpl({{"language", "fil_419"}})}}, "ok"},
      {"both", {{"text", "hi"}, {"template", tpl()}}, "ok"},
      {"other_members_are_the_callers", {{"text", "hi"}, {"shop", "demo"}, {"zzz", 1}}, "ok"},

      {"neither", json::object(), "template"},
      {"not_an_object", json::array({"text"}), "template"},
      {"text_empty", {{"text", ""}}, "text"},
      {"text_4097_bytes", {{"text", big_text + "y"}}, "text"},
      {"text_number", {{"text", 5}}, "text"},
      {"text_null", {{"text", nullptr}}, "text"},
      {"text_invalid_utf8", {{"text", std::string("ab\xff")}}, "text"},
      {"text_bad_even_with_template", {{"text", 1}, {"template", tpl()}}, "text"},
      {"template_string", {{"template", "order_shipped"}}, "template"},
      {"template_array", {{"template", json::array()}}, "template"},
      {"template_unknown_member", {{"template", tpl({{"header", "x"}})}}, "template.header"},
      {"template_unknown_member_cut",
       {{"template", tpl({{std::string(100, 'k'), 1}})}},
       "template." + std::string(64, 'k')},
      {"template_no_name", {{"template", tpl({{"name", nullptr}})}}, "template.name"},
      {"template_name_upper", {{"template", tpl({{"name", "Order"}})}}, "template.name"},
      {"template_name_dash", {{"template", tpl({{"name", "order-shipped"}})}}, "template.name"},
      {"template_name_empty", {{"template", tpl({{"name", ""}})}}, "template.name"},
      {"template_name_513", {{"template", tpl({{"name", std::string(513, 'a')}})}}, "template.name"},
      {"template_name_number", {{"template", tpl({{"name", 7}})}}, "template.name"},
      {"template_no_language", {{"template", tpl({{"language", nullptr}})}}, "template.language"},
      {"template_language_upper", {{"template", tpl({{"language", "EN"}})}}, "template.language"},
      {"template_language_1", {{"template", tpl({{"language", "e"}})}}, "template.language"},
      {"template_language_4_letters", {{"template", tpl({{"language", "engl"}})}}, "template.language"},
      {"template_language_lower_region", {{"template", tpl({{"language", "en_us"}})}}, "template.language"},
      {"template_language_dash", {{"template", tpl({{"language", "en-US"}})}}, "template.language"},
      {"template_language_trailing_underscore", {{"template", tpl({{"language", "en_"}})}}, "template.language"},
      {"template_language_9", {{"template", tpl({{"language", "en_ABCDEF"}})}}, "template.language"},
      {"template_params_string", {{"template", tpl({{"body_params", "a"}})}}, "template.body_params"},
      {"template_params_21",
       {{"template", tpl({{"body_params", json(std::vector<std::string>(21, "a"))}})}},
       "template.body_params"},
      {"template_param_0_number", {{"template", tpl({{"body_params", {1, "b"}}})}}, "template.body_params[0]"},
      {"template_param_1_empty", {{"template", tpl({{"body_params", {"a", ""}}})}}, "template.body_params[1]"},
      {"template_param_2_1025",
       {{"template", tpl({{"body_params", {"a", "b", std::string(1025, 'p')}}})}},
       "template.body_params[2]"},
      {"template_param_1_invalid_utf8",
       {{"template", tpl({{"body_params", {"a", std::string("\xc0\xaf")}}})}},
       "template.body_params[1]"},
      {"template_suffix_number", {{"template", tpl({{"url_button_suffix", 5}})}}, "template.url_button_suffix"},
      {"template_suffix_empty", {{"template", tpl({{"url_button_suffix", ""}})}}, "template.url_button_suffix"},
      {"template_suffix_1025",
       {{"template", tpl({{"url_button_suffix", std::string(1025, 's')}})}},
       "template.url_button_suffix"},
  };
  for (const auto& r : rows) EXPECT_EQ(outcome(r.body), r.expect) << r.name;
}

TEST(operator_message, errors_carry_a_message_too) {
  auto read = read_operator_message({{"template", tpl({{"language", "EN"}})}});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().field, "template.language");
  EXPECT_NE(read.error().message.find("en_US"), std::string::npos) << read.error().message;
}

TEST(operator_message, the_stored_payload_reads_back_as_written) {
  const json bodies[] = {
      {{"text", "Merhaba 🎉"}},
      {{"template", tpl()}},
      {{"template", tpl({{"body_params", nullptr}})}},
      {{"template", tpl({{"url_button_suffix", "o/1042?x=1"}})}},
      {{"text", "hi"}, {"template", tpl({{"language", "tr"}, {"url_button_suffix", "p"}})}},
  };
  for (const json& body : bodies) {
    auto first = read_operator_message(body);
    ASSERT_TRUE(first) << body.dump();
    const json stored = to_json(*first);
    auto again = read_operator_message(json::parse(stored.dump()));
    ASSERT_TRUE(again) << stored.dump();
    EXPECT_EQ(to_json(*again), stored) << body.dump();
    EXPECT_EQ(again->text, first->text);
    ASSERT_EQ(again->template_msg.has_value(), first->template_msg.has_value());
    if (first->template_msg) {
      EXPECT_EQ(again->template_msg->name, first->template_msg->name);
      EXPECT_EQ(again->template_msg->language, first->template_msg->language);
      EXPECT_EQ(again->template_msg->body_params, first->template_msg->body_params);
      EXPECT_EQ(again->template_msg->url_button_suffix, first->template_msg->url_button_suffix);
    }
  }
  // Only what was given is stored: no text member for a template alone, and no suffix.
  const json only_template = to_json(read_operator_message({{"template", tpl()}}).value());
  EXPECT_FALSE(only_template.contains("text"));
  EXPECT_FALSE(only_template.at("template").contains("url_button_suffix"));
  EXPECT_EQ(only_template.at("template").at("body_params"), json({"#1042", "DHL"}));
}

TEST(operator_message, the_window_closes_60_s_before_24_h) {
  constexpr std::int64_t last = 1'800'000'000;
  constexpr std::int64_t closes = last + k_service_window_seconds - k_window_margin_seconds;
  static_assert(closes == last + 86'340);
  struct row {
    const char* name;
    std::optional<std::int64_t> last_inbound;
    std::int64_t now;
    bool open;
  };
  const row rows[] = {
      {"never_wrote", std::nullopt, last, false},
      {"just_wrote", last, last, true},
      {"wrote_a_second_ago", last, last + 1, true},
      {"one_second_before_the_margin", last, closes - 1, true},
      {"at_the_margin", last, closes, false},
      {"inside_the_margin", last, last + 86'399, false},
      {"exactly_24_h", last, last + 86'400, false},
      {"days_later", last, last + 3 * 86'400, false},
      {"message_from_the_future", last + 100, last, true},
  };
  for (const auto& r : rows) EXPECT_EQ(window_open(r.last_inbound, r.now), r.open) << r.name;
}

TEST(operator_message, text_inside_the_window_template_outside_and_outside_window_for_text_alone) {
  const operator_message text_only = read_operator_message({{"text", "hi"}}).value();
  const operator_message template_only = read_operator_message({{"template", tpl()}}).value();
  const operator_message both = read_operator_message({{"text", "hi"}, {"template", tpl()}}).value();
  struct row {
    const char* name;
    const operator_message* message;
    bool window;
    std::string expect;  // "text", "template" or the error
  };
  const row rows[] = {
      {"text_in_window", &text_only, true, "text"},
      {"text_outside_window", &text_only, false, "outside_window"},
      {"template_in_window", &template_only, true, "template"},
      {"template_outside_window", &template_only, false, "template"},
      {"both_in_window", &both, true, "text"},
      {"both_outside_window", &both, false, "template"},
  };
  for (const auto& r : rows) {
    auto chosen = choose_content(*r.message, r.window);
    if (!chosen) {
      EXPECT_EQ(chosen.error(), r.expect) << r.name;
      continue;
    }
    EXPECT_EQ(chosen->text.has_value() + chosen->template_msg.has_value(), 1) << r.name << ": exactly one content";
    EXPECT_EQ(chosen->text ? "text" : "template", r.expect) << r.name;
    if (chosen->text) EXPECT_EQ(*chosen->text, "hi") << r.name;
    if (chosen->template_msg) EXPECT_EQ(chosen->template_msg->name, "order_shipped") << r.name;
    EXPECT_TRUE(chosen->to.empty() && chosen->recipient_user_id.empty()) << r.name << ": the caller addresses it";
  }
}

}  // namespace
}  // namespace cartbell::api
