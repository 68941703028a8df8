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
    case error::tls_setup_failed: return "tls_setup_failed";
    case error::tls_handshake_failed: return "tls_handshake_failed";
    case error::certificate_rejected: return "certificate_rejected";
  }
  return "unknown";
}

}  // namespace cartbell::net
