#include "net/error.hpp"

namespace cartbell::net {

std::string_view to_string(error e) {
  switch (e) {
    case error::invalid_url: return "invalid_url";
    case error::resolve_failed: return "resolve_failed";
    case error::refused: return "refused";
    case error::timeout: return "timeout";
    case error::closed: return "closed";
    case error::bad_response: return "bad_response";
  }
  return "unknown";
}

}  // namespace cartbell::net
