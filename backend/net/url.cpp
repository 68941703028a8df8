#include "net/url.hpp"

#include <charconv>

namespace cartbell::net {

namespace {

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_';
}

bool is_target_char(char c) {
  // Printable ASCII without space; the fragment ('#') never goes on the wire.
  return c > 0x20 && c < 0x7f && c != '#';
}

/// True when `text` starts with `scheme` (lower case), ignoring ASCII case.
bool starts_with_scheme(std::string_view text, std::string_view scheme) {
  if (text.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != scheme[i]) return false;
  }
  return true;
}

}  // namespace

std::string url::authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

std::string url::origin() const { return (https ? "https://" : "http://") + authority(); }

cartbell::result<url, error> parse_url(std::string_view text) {
  constexpr std::string_view http = "http://";
  constexpr std::string_view https = "https://";
  url out;
  if (starts_with_scheme(text, https)) {
    out.https = true;
    out.port = 443;
    text.remove_prefix(https.size());
  } else if (starts_with_scheme(text, http)) {
    text.remove_prefix(http.size());
  } else {
    return fail(error::invalid_url);
  }
  std::size_t end = text.find_first_of("/?");
  std::string_view authority = text.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view{} : text.substr(end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return fail(error::invalid_url);

  std::string_view port_text;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return fail(error::invalid_url);
    for (char c : authority.substr(1, close - 1)) {
      bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') return fail(error::invalid_url);
    }
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(error::invalid_url);
      port_text = after.substr(1);
      if (port_text.empty()) return fail(error::invalid_url);
    }
  } else {
    auto colon = authority.find(':');
    std::string_view host = authority.substr(0, colon);
    if (host.empty()) return fail(error::invalid_url);
    for (char c : host) {
      if (!is_host_char(c)) return fail(error::invalid_url);
    }
    out.host = std::string(host);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail(error::invalid_url);
    }
  }
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      return fail(error::invalid_url);
    }
    out.port = static_cast<std::uint16_t>(port);
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  for (char c : rest) {
    if (!is_target_char(c)) return fail(error::invalid_url);
  }
  out.target = rest.empty() ? "/" : (rest.front() == '?' ? "/" + std::string(rest) : std::string(rest));
  return out;
}

}  // namespace cartbell::net
