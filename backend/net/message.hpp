#pragma once
// Requests and responses of the HTTP client, without any Beast type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cartbell::net {

/// The methods the client sends.
enum class method : std::uint8_t { get, post, put, delete_ };

/// "GET", "POST", "PUT" or "DELETE".
[[nodiscard]] std::string_view to_string(method m);

/// Header fields in order; names compared without regard to ASCII case.
using header_list = std::vector<std::pair<std::string, std::string>>;

/// The first value of `name` in `headers`, if present.
[[nodiscard]] std::optional<std::string_view> find_header(const header_list& headers, std::string_view name);

/// A request to send. Host, Content-Length and User-Agent are added by the client.
struct request {
  net::method method = net::method::get;
  std::string url;  ///< "http://host:port/path?query"
  header_list headers;
  std::string body;
};

/// A whole response (the client reads the body completely before returning).
struct response {
  unsigned status = 0;
  header_list headers;
  std::string body;

  /// The first value of header `name`, if present.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

}  // namespace cartbell::net
