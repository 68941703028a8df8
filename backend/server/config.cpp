#include "server/config.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/config_reader.hpp"
#include "server/log.hpp"

namespace cartbell::server {

namespace detail {
void read_shops(config_reader& r, const nlohmann::json& root, bool dev_mode, std::vector<shop_config>& out);
}  // namespace detail

namespace {

using detail::config_reader;
using detail::field_path;
using nlohmann::json;

constexpr std::size_t k_max_config_bytes = 4 * 1024 * 1024;

bool is_env_name(std::string_view s) {
  if (s.empty() || s.size() > 128 || (s.front() >= '0' && s.front() <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void read_listen(config_reader& r, const json& root, listen_config& out) {
  const json* j = config_reader::member(root, "listen");
  if (j == nullptr || !r.expect_object(*j, "listen")) return;
  r.reject_unknown(*j, "listen", {"address", "port", "threads"});
  r.read_string(*j, "listen", "address", out.address, false, 64);
  if (out.address.empty()) r.fail("listen.address", "must be an IP address like 127.0.0.1 or ::");
  r.read_number(*j, "listen", "port", out.port, 0, 65535);
  r.read_number(*j, "listen", "threads", out.threads, 0, 256);
}

void read_limits(config_reader& r, const json& root, limits_config& out) {
  const json* j = config_reader::member(root, "limits");
  if (j == nullptr || !r.expect_object(*j, "limits")) return;
  r.reject_unknown(*j, "limits",
                   {"body_bytes", "header_bytes", "read_timeout_ms", "max_connections",
                    "max_connections_per_ip", "shutdown_grace_ms"});
  r.read_number(*j, "limits", "body_bytes", out.body_bytes, 1, 64 * 1024 * 1024);
  r.read_number(*j, "limits", "header_bytes", out.header_bytes, 1024, 1024 * 1024);
  r.read_number(*j, "limits", "read_timeout_ms", out.read_timeout_ms, 10, 600'000);
  r.read_number(*j, "limits", "max_connections", out.max_connections, 1, 1'000'000);
  r.read_number(*j, "limits", "max_connections_per_ip", out.max_connections_per_ip, 1, 1'000'000);
  r.read_number(*j, "limits", "shutdown_grace_ms", out.shutdown_grace_ms, 0, 600'000);
  if (out.max_connections_per_ip > out.max_connections) {
    r.fail("limits.max_connections_per_ip", "must not be larger than limits.max_connections");
  }
}

void read_storage(config_reader& r, const json& root, storage_config& out) {
  const json* j = config_reader::member(root, "storage");
  if (j == nullptr || !r.expect_object(*j, "storage")) return;
  r.reject_unknown(*j, "storage", {"data_dir", "sqlite_path"});
  r.read_string(*j, "storage", "data_dir", out.data_dir, false, 4096);
  r.read_string(*j, "storage", "sqlite_path", out.sqlite_path, false, 4096);
  if (out.data_dir.empty()) r.fail("storage.data_dir", "must not be empty");
  if (out.sqlite_path.empty()) r.fail("storage.sqlite_path", "must not be empty");
}

void read_keys(config_reader& r, const json& root, key_files_config& out) {
  const json* j = config_reader::member(root, "keys");
  if (j == nullptr) {
    r.fail("keys", "is required (signing_key, phone_seal_key, phone_index_key files)");
    return;
  }
  if (!r.expect_object(*j, "keys")) return;
  r.reject_unknown(*j, "keys", {"signing_key", "phone_seal_key", "phone_index_key"});
  r.read_string(*j, "keys", "signing_key", out.signing_key, true, 4096);
  r.read_string(*j, "keys", "phone_seal_key", out.phone_seal_key, true, 4096);
  r.read_string(*j, "keys", "phone_index_key", out.phone_index_key, true, 4096);
}

void read_secret_env(config_reader& r, const json& root, secret_env_config& out) {
  const json* j = config_reader::member(root, "secret_env");
  if (j == nullptr || !r.expect_object(*j, "secret_env")) return;
  r.reject_unknown(*j, "secret_env",
                   {"app_secret", "app_secret_previous", "webhook_verify_token", "admin_token", "cloud_api_token"});
  for (auto [key, field] : {std::pair<std::string_view, std::string*>{"app_secret", &out.app_secret},
                            {"app_secret_previous", &out.app_secret_previous},
                            {"webhook_verify_token", &out.webhook_verify_token},
                            {"admin_token", &out.admin_token},
                            {"cloud_api_token", &out.cloud_api_token}}) {
    r.read_string(*j, "secret_env", key, *field, false, 128);
    if (!is_env_name(*field)) {
      r.fail(field_path("secret_env", key),
             "must name an environment variable (A-Z, 0-9, _), e.g. CARTBELL_APP_SECRET; put the secret itself "
             "in the environment, never in this file");
    }
  }
}

void read_rate_limits(config_reader& r, const json& root, rate_limits_config& out) {
  const json* j = config_reader::member(root, "rate_limits");
  if (j == nullptr || !r.expect_object(*j, "rate_limits")) return;
  r.reject_unknown(*j, "rate_limits",
                   {"optins_per_ip_per_minute", "optins_per_number_prefix_per_hour", "optins_per_shop_per_minute"});
  r.read_number(*j, "rate_limits", "optins_per_ip_per_minute", out.optins_per_ip_per_minute, 1, 1'000'000);
  r.read_number(*j, "rate_limits", "optins_per_number_prefix_per_hour", out.optins_per_number_prefix_per_hour, 1,
                1'000'000);
  r.read_number(*j, "rate_limits", "optins_per_shop_per_minute", out.optins_per_shop_per_minute, 1, 1'000'000);
}

/// True for a URL whose host is this machine: an IPv4 literal in 127.0.0.0/8, [::1] or
/// localhost (a name like 127.example.com is not: DNS could send the token anywhere).
bool loopback_url(std::string_view url) {
  url.remove_prefix(url.find("://") + 3);
  const std::string_view host = url.starts_with("[::1]") ? url.substr(0, 5) : url.substr(0, url.find_first_of(":/"));
  if (host == "[::1]" || host == "localhost") return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

void read_cloud_api(config_reader& r, const json& root, bool dev, cloud_api_config& out) {
  const json* j = config_reader::member(root, "cloud_api");
  if (j == nullptr || !r.expect_object(*j, "cloud_api")) return;
  r.reject_unknown(*j, "cloud_api", {"base_url", "api_version", "messages_per_second", "ca_file"});
  r.read_string(*j, "cloud_api", "base_url", out.base_url, false, 256);
  const std::string_view url = out.base_url;
  const bool https = url.starts_with("https://");
  const bool scheme = https || url.starts_with("http://");
  if (!url.empty() && (!scheme || url.back() == '/' || url.find_first_of(" ?#") != std::string_view::npos)) {
    r.fail("cloud_api.base_url", "must be an http(s) URL without a trailing slash, e.g. https://graph.facebook.com");
  } else if (!url.empty() && !https && !dev && !loopback_url(url)) {
    // The access token travels in every request: in clear text only to this machine.
    r.fail("cloud_api.base_url", "must be https:// (plain http:// only to 127.0.0.1/localhost, or in dev_mode)");
  }
  r.read_string(*j, "cloud_api", "ca_file", out.ca_file, false, 4096);
  r.read_string(*j, "cloud_api", "api_version", out.api_version, false, 16);
  const std::string_view v = out.api_version;
  bool version_ok = v.size() >= 4 && v.front() == 'v' && v.ends_with(".0");
  for (char c : v.substr(1, v.size() > 3 ? v.size() - 3 : 0)) version_ok = version_ok && c >= '0' && c <= '9';
  if (!version_ok) r.fail("cloud_api.api_version", "must look like v21.0");
  r.read_number(*j, "cloud_api", "messages_per_second", out.messages_per_second, 1, 1000);
}

void resolve(std::string& path, const std::filesystem::path& base) {
  if (path.empty()) return;
  std::filesystem::path p(path);
  if (p.is_relative()) path = (base / p).lexically_normal().string();
}

}  // namespace

bool parse_config(std::string_view json_text, server_config& out, std::vector<std::string>& errors) {
  errors.clear();
  out = server_config{};
  json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded()) {
    errors.push_back("config: not valid JSON");
    return false;
  }
  config_reader r(errors);
  if (!r.expect_object(root, "")) return false;
  r.reject_unknown(root, "",
                   {"$comment", "dev_only", "dev_mode", "log_level", "listen", "limits", "storage", "keys",
                    "secret_env", "rate_limits", "cloud_api", "web_root", "shops"});
  r.read_bool(root, "", "dev_only", out.dev_only);
  r.read_bool(root, "", "dev_mode", out.dev_mode);
  r.read_string(root, "", "log_level", out.log_level, false, 16);
  log_level level{};
  if (!parse_log_level(out.log_level, level)) r.fail("log_level", "must be one of debug, info, warn, error");
  read_listen(r, root, out.listen);
  read_limits(r, root, out.limits);
  read_storage(r, root, out.storage);
  read_keys(r, root, out.keys);
  read_secret_env(r, root, out.secret_env);
  read_rate_limits(r, root, out.rate_limits);
  read_cloud_api(r, root, out.dev_mode || out.dev_only, out.cloud_api);
  r.read_string(root, "", "web_root", out.web_root, false, 4096);
  // A dev_only file can only ever run under --dev, so it may name local http origins too.
  detail::read_shops(r, root, out.dev_mode || out.dev_only, out.shops);
  return errors.empty();
}

bool load_config_file(const std::string& path, server_config& out, std::vector<std::string>& errors) {
  errors.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back("config: cannot open " + path);
    return false;
  }
  std::string text;
  text.resize(k_max_config_bytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > k_max_config_bytes) {
    errors.push_back("config: " + path + " is larger than 4 MiB");
    return false;
  }
  if (!parse_config(text, out, errors)) return false;
  std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  resolve(out.storage.data_dir, base);
  resolve(out.storage.sqlite_path, base);
  resolve(out.keys.signing_key, base);
  resolve(out.keys.phone_seal_key, base);
  resolve(out.keys.phone_index_key, base);
  resolve(out.web_root, base);
  resolve(out.cloud_api.ca_file, base);
  return true;
}

}  // namespace cartbell::server
