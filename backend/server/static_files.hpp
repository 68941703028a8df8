#pragma once
// Static files from the web root (the widget's script and wasm, demo and admin pages):
// GET only, no way out of the root (no "..", no symlink escapes), content types by
// extension, ETag + If-None-Match, long-lived caching for versioned /widget/ URLs.

#include <cstddef>
#include <string>
#include <string_view>

#include "server/router.hpp"

namespace cartbell::server {

/// Largest file served.
inline constexpr std::size_t k_static_file_max = 16 * 1024 * 1024;

/// The Content-Type for a file name by its extension ("application/wasm" for ".wasm").
[[nodiscard]] std::string_view content_type_for(std::string_view file_name);

/// True when a decoded relative path stays inside the root: no empty, "." or ".." segments, no '\\' or NUL.
[[nodiscard]] bool is_safe_relative_path(std::string_view relative);

/// Serves `relative` (decoded, without leading '/') from `web_root`; 404 JSON when absent or unsafe.
[[nodiscard]] http_response serve_static_file(const std::string& web_root, std::string_view relative,
                                              const http_request& request, bool widget_asset);

/// Adds GET /widget/{*path} and a catch-all GET /{*path} (registered last: add it after every other route).
[[nodiscard]] bool add_static_routes(router& r, std::string web_root);

}  // namespace cartbell::server
