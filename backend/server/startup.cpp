#include "server/startup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "crypto/key_file.hpp"
#include "crypto/keys.hpp"
#include "crypto/phone_seal.hpp"
#include "crypto/secret_bytes.hpp"
#include "server/log.hpp"

namespace cartbell::server {

secret_string::secret_string(secret_string&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }

secret_string& secret_string::operator=(secret_string&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

secret_string::~secret_string() { wipe(); }

void secret_string::wipe() {
  if (!value_.empty()) crypto::wipe(value_.data(), value_.size());
  value_.clear();
}

namespace {

enum class key_kind { signing, phone_seal, phone_index };

/// Writes a new owner-only key file; O_EXCL so an existing file is never overwritten.
bool write_new_key_file(const std::string& path, std::string text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  if (ok) {
    text.push_back('\n');
    ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
  }
  crypto::wipe(text.data(), text.size());
  return ok;
}

std::string generate_key_text(key_kind kind) {
  switch (kind) {
    case key_kind::signing: return crypto::v4_secret_key::generate().to_paserk();
    case key_kind::phone_seal: return crypto::phone_seal_key::generate().to_text();
    case key_kind::phone_index: return crypto::phone_index_key::generate().to_text();
  }
  return {};
}

/// Empty when the file holds a usable key of `kind`, else the crypto error code.
std::string key_file_problem(const std::string& path, key_kind kind) {
  if (kind == key_kind::signing) {
    auto key = crypto::load_v4_secret_key_file(path);
    return key ? "" : std::string(crypto::to_string(key.error()));
  }
  auto text = crypto::read_secret_file(path);
  if (!text) return std::string(crypto::to_string(text.error()));
  if (kind == key_kind::phone_seal) {
    auto key = crypto::phone_seal_key::from_text(text->view());
    return key ? "" : std::string(crypto::to_string(key.error()));
  }
  auto key = crypto::phone_index_key::from_text(text->view());
  return key ? "" : std::string(crypto::to_string(key.error()));
}

void check_key_file(const std::string& field, const std::string& path, key_kind kind, startup_mode mode,
                    logger& log, std::vector<std::string>& errors) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 && errno == ENOENT) {
    if (!mode.dev) {
      errors.push_back("config: " + field + ": key file " + path + " does not exist");
    } else if (mode.check_only) {
      log.info("key file missing; --dev start will generate it", {{"field", field}, {"path", path}});
    } else if (!write_new_key_file(path, generate_key_text(kind))) {
      errors.push_back("config: " + field + ": could not create dev key file " + path);
      return;
    } else {
      log.warn("generated a development key file", {{"field", field}, {"path", path}});
    }
    if (mode.check_only || !mode.dev) return;
  }
  std::string problem = key_file_problem(path, kind);
  if (problem.empty()) return;
  std::string hint = problem == "key_file_permissions_too_open" ? " (run: chmod 600 " + path + ")" : "";
  errors.push_back("config: " + field + ": " + path + ": " + problem + hint);
}

std::optional<std::string_view> env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string_view(v);
}

void read_token(const std::string& field, const std::string& env_name, startup_mode mode, logger& log,
                secret_string& out, std::vector<std::string>& errors) {
  auto value = env(env_name);
  if (!value) {
    if (mode.dev) {
      log.warn("secret not set; the features that need it stay off", {{"field", field}, {"env", env_name}});
    } else {
      errors.push_back("config: " + field + ": environment variable " + env_name + " is not set");
    }
    return;
  }
  if (value->size() < k_min_token_length) {
    errors.push_back("config: " + field + ": environment variable " + env_name + " must hold at least " +
                     std::to_string(k_min_token_length) + " characters");
    return;
  }
  log.add_secret(*value);
  out = secret_string(*value);
}

}  // namespace

bool check_startup(const server_config& config, startup_mode mode, logger& log, runtime_secrets& secrets,
                   std::vector<std::string>& errors) {
  std::size_t before = errors.size();
  if (config.dev_only && !mode.dev) {
    errors.push_back(
        "config: dev_only: this configuration and its keys are published development secrets; start with --dev "
        "for local development, or write your own configuration with your own keys (backend/config/README.md)");
    return false;
  }
  check_key_file("keys.signing_key", config.keys.signing_key, key_kind::signing, mode, log, errors);
  check_key_file("keys.phone_seal_key", config.keys.phone_seal_key, key_kind::phone_seal, mode, log, errors);
  check_key_file("keys.phone_index_key", config.keys.phone_index_key, key_kind::phone_index, mode, log, errors);

  auto current = env(config.secret_env.app_secret);
  if (current) {
    auto secret = crypto::webhook_secret::from_text(*current);
    if (!secret) {
      errors.push_back("config: secret_env.app_secret: environment variable " + config.secret_env.app_secret + ": " +
                       std::string(crypto::to_string(secret.error())));
    } else {
      log.add_secret(*current);
      crypto::webhook_secrets app{std::move(secret).value(), std::nullopt};
      if (auto previous = env(config.secret_env.app_secret_previous)) {
        auto old = crypto::webhook_secret::from_text(*previous);
        if (!old) {
          errors.push_back("config: secret_env.app_secret_previous: environment variable " +
                           config.secret_env.app_secret_previous + ": " + std::string(crypto::to_string(old.error())));
        } else {
          log.add_secret(*previous);
          app.previous.emplace(std::move(old).value());
        }
      }
      secrets.app_secrets.emplace(std::move(app));
    }
  } else if (mode.dev) {
    log.warn("app secret not set; Meta webhooks will be refused",
             {{"field", "secret_env.app_secret"}, {"env", config.secret_env.app_secret}});
  } else {
    errors.push_back("config: secret_env.app_secret: environment variable " + config.secret_env.app_secret +
                     " is not set");
  }
  read_token("secret_env.webhook_verify_token", config.secret_env.webhook_verify_token, mode, log,
             secrets.webhook_verify_token, errors);
  read_token("secret_env.admin_token", config.secret_env.admin_token, mode, log, secrets.admin_token, errors);
  return errors.size() == before;
}

}  // namespace cartbell::server
