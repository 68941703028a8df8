#pragma once
// URLs as the client accepts them: "http://host[:port][/path][?query]" and the same with
// "https://". Hosts are names, IPv4 literals or bracketed IPv6 literals; no user info; a
// fragment is dropped (it never goes on the wire).

#include <cstdint>
#include <string>
#include <string_view>

#include "net/error.hpp"

namespace cartbell::net {

/// A parsed URL.
struct url {
  std::string host;         ///< without brackets for IPv6 ("::1")
  std::uint16_t port = 80;  ///< 80 (http) or 443 (https) when absent
  std::string target;       ///< origin-form request target, at least "/"
  bool https = false;       ///< "https://": the exchange runs over TLS

  /// "host:port" ("[::1]:8080" for IPv6): the Host header.
  [[nodiscard]] std::string authority() const;

  /// "http://host:port" or "https://host:port": the connection pool key (a plain and a
  /// TLS connection to one host:port are never interchangeable).
  [[nodiscard]] std::string origin() const;
};

/// Parses an http:// or https:// URL; error::invalid_url for anything else.
[[nodiscard]] cartbell::result<url, error> parse_url(std::string_view text);

}  // namespace cartbell::net
