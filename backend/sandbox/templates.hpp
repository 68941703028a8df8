#pragma once
// Message templates as the sandbox knows them: read from a JSON file in the shape of
// Meta's message_templates API ({"data":[{name, language, status, category, components}]}
// or a bare array), with every text parsed and checked by the core's text module, so a
// send can be matched against exact parameter counts per component.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartbell/text/text.hpp"

namespace cartbell::sandbox {

/// A template's review state; only approved templates can be sent.
enum class template_status : std::uint8_t { approved, pending, rejected, paused, disabled };

/// What Meta bills a template as (and which consent purpose it needs).
enum class template_category : std::uint8_t { marketing, utility, authentication };

/// "APPROVED", ... as Meta writes them.
[[nodiscard]] std::string_view to_string(template_status s);
/// "marketing", "utility" or "authentication" (the pricing object's spelling).
[[nodiscard]] std::string_view to_string(template_category c);

/// What a template header holds.
enum class header_format : std::uint8_t { none, text, image, video, document };

/// "none", "text", "image", "video" or "document".
[[nodiscard]] std::string_view to_string(header_format f);

/// A template button.
struct template_button {
  enum class kind : std::uint8_t { quick_reply, url, copy_code, phone_number } type = kind::quick_reply;
  std::string text;                        ///< the label
  std::optional<text::parsed_text> url;    ///< URL buttons: the URL, possibly with one {{1}} suffix
  std::string phone_number;                ///< phone-number buttons
};

/// "quick_reply", "url", "copy_code" or "phone_number" (a send's sub_type spelling).
[[nodiscard]] std::string_view to_string(template_button::kind k);

/// One approved-or-not template in one language.
struct message_template {
  std::string name;
  std::string language;  ///< "tr", "en_US"
  template_status status = template_status::approved;
  template_category category = template_category::marketing;
  header_format header = header_format::none;
  std::optional<text::parsed_text> header_text;  ///< when header == text
  text::parsed_text body;
  std::optional<text::parsed_text> footer;
  std::vector<template_button> buttons;
};

/// The templates of the sandbox's business accounts.
class template_store {
 public:
  /// Parses a templates file; on failure `errors` names each problem by path
  /// ("templates[2].components[1].text: adjacent_parameters").
  [[nodiscard]] static std::optional<template_store> parse(std::string_view json_text, std::vector<std::string>& errors);

  /// The template with this name and language, or nullptr.
  [[nodiscard]] const message_template* find(std::string_view name, std::string_view language) const;
  /// Every template.
  [[nodiscard]] const std::vector<message_template>& all() const { return templates_; }

 private:
  std::vector<message_template> templates_;
};

}  // namespace cartbell::sandbox
