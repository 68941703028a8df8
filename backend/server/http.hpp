#pragma once
// Beast-free HTTP request and response types. The session converts Beast messages to and
// from these at the edge, so the router, the handlers and their tests never see Asio.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cartbell::server {

/// The request methods the router distinguishes; everything else is `other`.
enum class http_method : std::uint8_t { get, head, post, put, patch, delete_, options, other };

/// "GET", "POST", ... ("OTHER" for http_method::other).
[[nodiscard]] std::string_view to_string(http_method m);

/// Parses an upper-case method token; unknown tokens give http_method::other.
[[nodiscard]] http_method parse_method(std::string_view token);

/// Header fields in arrival order, looked up without regard to case.
class header_map {
 public:
  /// Appends a field (names keep their spelling; lookups ignore case).
  void add(std::string name, std::string value);
  /// Replaces every field called `name` with one field.
  void set(std::string_view name, std::string value);
  /// The first value of `name`, if present.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const;
  /// All fields in order.
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

/// True when `a` and `b` are equal ignoring ASCII case.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

/// A parsed request: what handlers see.
struct http_request {
  http_method method = http_method::get;
  std::string target;                          ///< as received ("/v1/optins/abc?x=1")
  std::string path;                            ///< percent-decoded path ("/v1/optins/abc")
  std::multimap<std::string, std::string> query;  ///< decoded query parameters
  header_map headers;
  std::string body;       ///< raw bytes as received (webhook signatures are over these)
  std::string remote_ip;  ///< peer address, for rate limits and per-IP caps

  /// The first value of query parameter `name`, if present.
  [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const;
};

/// A response before it is serialised.
struct http_response {
  unsigned status = 200;
  header_map headers;
  std::string body;
  /// Wait this long before writing, on a timer (no thread is held). Test doubles use it to
  /// imitate a peer that accepted a request and answers too late.
  std::uint32_t delay_ms = 0;
  /// Close the connection (after `delay_ms`) instead of answering: a peer that accepted the
  /// request and then dropped the connection.
  bool close_without_answer = false;
};

/// Splits a request target into a decoded path and query; false when the target is not
/// origin-form ("/...") or holds a bad percent escape or a NUL.
[[nodiscard]] bool split_target(std::string_view target, std::string& path,
                                std::multimap<std::string, std::string>& query);

/// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a bad escape or NUL.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// `{"error":{"code":...,"message":...}}` with the given status and a JSON content type.
[[nodiscard]] http_response json_error(unsigned status, std::string_view code, std::string_view message);

/// A response carrying an already serialised JSON body with a JSON content type.
[[nodiscard]] http_response json_ok(unsigned status, std::string body);

/// The standard reason phrase of a status ("Not Found"), or "" when unknown.
[[nodiscard]] std::string_view reason_phrase(unsigned status);

}  // namespace cartbell::server
