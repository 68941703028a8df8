#include "cartbell/consent/error.hpp"

namespace cartbell::consent {

std::string_view to_string(error e) {
  switch (e) {
    case error::unknown_purpose:
      return "unknown_purpose";
    case error::empty_sku:
      return "empty_sku";
    case error::sku_too_long:
      return "sku_too_long";
    case error::invalid_sku:
      return "invalid_sku";
    case error::unknown_evidence:
      return "unknown_evidence";
    case error::unknown_kind:
      return "unknown_kind";
    case error::empty_shop:
      return "empty_shop";
    case error::shop_too_long:
      return "shop_too_long";
    case error::invalid_shop:
      return "invalid_shop";
    case error::empty_subject:
      return "empty_subject";
    case error::subject_too_short:
      return "subject_too_short";
    case error::subject_too_long:
      return "subject_too_long";
    case error::invalid_subject:
      return "invalid_subject";
    case error::subject_looks_like_phone:
      return "subject_looks_like_phone";
    case error::no_purposes:
      return "no_purposes";
    case error::too_many_purposes:
      return "too_many_purposes";
    case error::duplicate_purpose:
      return "duplicate_purpose";
    case error::unsorted_purposes:
      return "unsorted_purposes";
    case error::empty_text_version:
      return "empty_text_version";
    case error::text_version_too_long:
      return "text_version_too_long";
    case error::invalid_text_version:
      return "invalid_text_version";
    case error::bad_text_hash:
      return "bad_text_hash";
    case error::invalid_locale:
      return "invalid_locale";
    case error::non_canonical_locale:
      return "non_canonical_locale";
    case error::invalid_time:
      return "invalid_time";
    case error::invalid_expiry:
      return "invalid_expiry";
    case error::expiry_on_withdrawal:
      return "expiry_on_withdrawal";
    case error::too_long:
      return "too_long";
    case error::bad_magic:
      return "bad_magic";
    case error::truncated:
      return "truncated";
    case error::bad_field_count:
      return "bad_field_count";
    case error::bad_integer:
      return "bad_integer";
    case error::trailing_bytes:
      return "trailing_bytes";
  }
  return "unknown_error";
}

}  // namespace cartbell::consent
