#pragma once
// The consent module's error codes. to_string() gives the stable snake_case code that the
// server puts in its JSON errors and the conformance cases compare against.

#include <cstdint>
#include <string_view>

namespace cartbell::consent {

/// Why a purpose, evidence level, record or serialised record was rejected.
enum class error : std::uint8_t {
  // purposes
  unknown_purpose,
  empty_sku,
  sku_too_long,
  invalid_sku,
  // evidence and kind
  unknown_evidence,
  unknown_kind,
  // record fields
  empty_shop,
  shop_too_long,
  invalid_shop,
  empty_subject,
  subject_too_short,
  subject_too_long,
  invalid_subject,
  subject_looks_like_phone,
  no_purposes,
  too_many_purposes,
  duplicate_purpose,
  unsorted_purposes,
  empty_text_version,
  text_version_too_long,
  invalid_text_version,
  bad_text_hash,
  invalid_locale,
  non_canonical_locale,
  invalid_time,
  invalid_expiry,
  expiry_on_withdrawal,
  // canonical serialisation
  too_long,
  bad_magic,
  truncated,
  bad_field_count,
  bad_integer,
  trailing_bytes,
};

/// The snake_case code of an error ("duplicate_purpose").
[[nodiscard]] std::string_view to_string(error e);

}  // namespace cartbell::consent
