#pragma once
// cartbell-server's configuration: a JSON file (see backend/config/README.md) read into
// these structs and validated as a whole. Every problem found is reported, each naming
// its field ("config: shops[0].allowed_origins[1]: must be an https origin like
// https://shop.example"), so one run of --check-config shows them all. Secrets never live
// in the file: it names the environment variables and key files that hold them.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cartbell::server {

/// Where and how the server listens.
struct listen_config {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0 picks a free port (logged in the "listening" line)
  unsigned threads = 0;       ///< 0 means one per core
};

/// Bounds on what one client may cost the server.
struct limits_config {
  std::size_t body_bytes = 64 * 1024;      ///< default body limit of a route
  std::size_t header_bytes = 8 * 1024;     ///< request line + header fields
  std::uint32_t read_timeout_ms = 10'000;  ///< deadline for a whole header (idle keep-alive included), again for a body, and for a write
  std::uint32_t max_connections = 10'000;  ///< open connections in total
  std::uint32_t max_connections_per_ip = 64;
  std::uint32_t shutdown_grace_ms = 5'000;  ///< how long in-flight requests get after SIGTERM
};

/// Where durable state lives.
struct storage_config {
  std::string data_dir = "var";
  std::string sqlite_path = "var/cartbell.sqlite";
};

/// Files holding key material (mode 0600).
struct key_files_config {
  std::string signing_key;  ///< k4.secret. receipts signing key
  std::string phone_seal_key;
  std::string phone_index_key;
};

/// Names of the environment variables holding secrets.
struct secret_env_config {
  std::string app_secret = "CARTBELL_APP_SECRET";
  std::string app_secret_previous = "CARTBELL_APP_SECRET_PREVIOUS";
  std::string webhook_verify_token = "CARTBELL_WEBHOOK_VERIFY_TOKEN";
  std::string admin_token = "CARTBELL_ADMIN_TOKEN";
  std::string cloud_api_token = "CARTBELL_CLOUD_API_TOKEN";
};

/// Where outgoing messages go: Meta's Cloud API, or the sandbox in development.
struct cloud_api_config {
  std::string base_url;  ///< "https://graph.facebook.com" or "http://127.0.0.1:9090"; empty: nothing is sent
  std::string api_version = "v21.0";
  std::uint32_t messages_per_second = 80;  ///< the business number's throughput (Meta: 80, up to 1000)
  std::string ca_file;  ///< extra trusted CA certificates (PEM) beside the system store; empty: none
};

/// Abuse limits on the opt-in endpoints.
struct rate_limits_config {
  std::uint32_t optins_per_ip_per_minute = 10;
  std::uint32_t optins_per_number_prefix_per_hour = 60;
  std::uint32_t optins_per_shop_per_minute = 600;
};

/// One consent text: its version and wording.
struct consent_text {
  std::string version;
  std::string text;
};

/// How the chat bubble looks.
struct bubble_config {
  bool enabled = true;
  std::string position = "bottom-right";  ///< bottom-right or bottom-left
  std::string color = "#25D366";          ///< #RRGGBB
  std::map<std::string, std::string> greeting;  ///< locale -> text
};

/// A shop served by this server.
struct shop_config {
  std::string id;
  std::string name;
  std::string whatsapp_number;  ///< E.164
  /// Meta's id of that number (webhook metadata.phone_number_id); empty: the shop takes
  /// messages addressed to any number no other shop claims (one-shop and dev setups).
  std::string phone_number_id;
  std::vector<std::string> languages;  ///< canonical BCP 47 tags
  std::string default_language;
  std::vector<std::string> allowed_origins;
  std::map<std::string, std::map<std::string, consent_text>> consent_texts;  ///< purpose -> locale -> text
  bubble_config bubble;
  std::string business_hours;  ///< schedule's weekly hours spec
  std::int32_t utc_offset_minutes = 0;
  std::uint32_t optin_ttl_seconds = 1800;
};

/// The whole configuration.
struct server_config {
  bool dev_only = false;  ///< this file (and its keys) are published: refuse to serve without --dev
  bool dev_mode = false;  ///< development conveniences (http://localhost origins)
  std::string log_level = "info";
  listen_config listen;
  limits_config limits;
  storage_config storage;
  key_files_config keys;
  secret_env_config secret_env;
  rate_limits_config rate_limits;
  cloud_api_config cloud_api;
  std::string web_root;  ///< static files; empty serves none
  std::vector<shop_config> shops;
};

/// Parses and validates configuration text; on failure `errors` holds one message per problem.
[[nodiscard]] bool parse_config(std::string_view json_text, server_config& out, std::vector<std::string>& errors);

/// Reads `path`, parses it, and resolves relative paths against the file's folder.
[[nodiscard]] bool load_config_file(const std::string& path, server_config& out, std::vector<std::string>& errors);

}  // namespace cartbell::server
