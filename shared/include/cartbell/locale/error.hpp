#pragma once
// The locale module's error codes; to_string() gives the stable snake_case code.

#include <cstdint>
#include <string_view>

namespace cartbell::locale {

/// Why a tag, header, language list, region or user id was rejected.
enum class error : std::uint8_t {
  empty_tag,
  tag_too_long,
  invalid_tag,
  invalid_available_tag,
  empty_available,
  default_not_available,
  too_many_tags,
  header_too_long,
  invalid_weight,
  invalid_region,
  unknown_region,
  invalid_user_id,
};

/// The snake_case code of an error ("invalid_tag").
[[nodiscard]] std::string_view to_string(error e);

}  // namespace cartbell::locale
