#pragma once
// Plain-HTTP URLs as the client accepts them: "http://host[:port][/path][?query]".
// Hosts are names, IPv4 literals or bracketed IPv6 literals; no user info, no fragment.

#include <cstdint>
#include <string>
#include <string_view>

#include "net/error.hpp"

namespace cartbell::net {

/// A parsed URL.
struct url {
  std::string host;         ///< without brackets for IPv6 ("::1")
  std::uint16_t port = 80;  ///< 80 when absent
  std::string target;       ///< origin-form request target, at least "/"

  /// "host:port" ("[::1]:8080" for IPv6): the Host header and the connection pool key.
  [[nodiscard]] std::string authority() const;
};

/// Parses an http:// URL; error::invalid_url for anything else (https:// included).
[[nodiscard]] cartbell::result<url, error> parse_url(std::string_view text);

}  // namespace cartbell::net
