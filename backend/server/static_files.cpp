#include "server/static_files.hpp"

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <utility>

namespace cartbell::server {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> k_types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".cjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".wasm", "application/wasm"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".woff2", "font/woff2"},
}};

http_response not_found() { return json_error(404, "not_found", "no such file"); }

}  // namespace

std::string_view content_type_for(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string_view ext = file_name.substr(dot);
  for (const auto& [e, type] : k_types) {
    if (iequals(e, ext)) return type;
  }
  return "application/octet-stream";
}

bool is_safe_relative_path(std::string_view relative) {
  if (relative.empty()) return false;
  if (relative.find('\\') != std::string_view::npos || relative.find('\0') != std::string_view::npos) return false;
  while (true) {
    auto slash = relative.find('/');
    std::string_view seg = relative.substr(0, slash);
    if (seg.empty() || seg == "." || seg == "..") return false;
    if (slash == std::string_view::npos) return true;
    relative.remove_prefix(slash + 1);
  }
}

http_response serve_static_file(const std::string& web_root, std::string_view relative, const http_request& request,
                                bool widget_asset) {
  namespace fs = std::filesystem;
  std::string rel(relative);
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  if (!is_safe_relative_path(rel)) return not_found();
  std::error_code ec;
  fs::path root = fs::canonical(web_root, ec);
  if (ec) return not_found();
  fs::path file = fs::canonical(root / rel, ec);
  if (!ec && fs::is_directory(file, ec)) file = fs::canonical(file / "index.html", ec);
  if (ec) return not_found();
  // canonical() resolved symlinks: whatever it names must still lie under the root.
  auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (root_end != root.end()) return not_found();
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return not_found();
  if (static_cast<std::size_t>(st.st_size) > k_static_file_max) return not_found();

  std::string etag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "." +
                     std::to_string(st.st_mtim.tv_nsec) + "\"";
  http_response res;
  res.headers.set("ETag", etag);
  res.headers.set("X-Content-Type-Options", "nosniff");
  // A /widget/ URL that names its version (?v=...) never changes; anything else is revalidated.
  bool versioned = widget_asset && request.query_param("v").has_value();
  res.headers.set("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
  if (auto inm = request.headers.find("If-None-Match"); inm && *inm == etag) {
    res.status = 304;
    return res;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return not_found();
  res.body.resize(static_cast<std::size_t>(st.st_size));
  in.read(res.body.data(), static_cast<std::streamsize>(res.body.size()));
  if (static_cast<std::size_t>(in.gcount()) != res.body.size()) return not_found();
  res.status = 200;
  res.headers.set("Content-Type", std::string(content_type_for(file.filename().string())));
  return res;
}

bool add_static_routes(router& r, std::string web_root) {
  bool ok = r.add(http_method::get, "/widget/{*path}",
                  [root = web_root](const http_request& req, const route_params& p) {
                    return serve_static_file(root, "widget/" + p.at("path"), req, true);
                  });
  route_options fallback;
  fallback.fallback = true;
  ok = r.add(
           http_method::get, "/{*path}",
           [root = std::move(web_root)](const http_request& req, const route_params& p) {
             return serve_static_file(root, p.at("path"), req, false);
           },
           fallback) &&
       ok;
  return ok;
}

}  // namespace cartbell::server
