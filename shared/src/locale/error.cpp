#include "cartbell/locale/error.hpp"

namespace cartbell::locale {

std::string_view to_string(error e) {
  switch (e) {
    case error::empty_tag:
      return "empty_tag";
    case error::tag_too_long:
      return "tag_too_long";
    case error::invalid_tag:
      return "invalid_tag";
    case error::invalid_available_tag:
      return "invalid_available_tag";
    case error::empty_available:
      return "empty_available";
    case error::default_not_available:
      return "default_not_available";
    case error::too_many_tags:
      return "too_many_tags";
    case error::header_too_long:
      return "header_too_long";
    case error::invalid_weight:
      return "invalid_weight";
    case error::invalid_region:
      return "invalid_region";
    case error::unknown_region:
      return "unknown_region";
    case error::invalid_user_id:
      return "invalid_user_id";
  }
  return "unknown_error";
}

}  // namespace cartbell::locale
