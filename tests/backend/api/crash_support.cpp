#include "crash_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "api_fixture.hpp"
#include "crypto/keys.hpp"
#include "crypto/phone_seal.hpp"

namespace cartbell::api::testing {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Writes an owner-only key file the way an operator would (never over an existing file).
bool write_key_file(const fs::path& path, std::string text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  text.push_back('\n');
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return (::close(fd) == 0) && ok;
}

}  // namespace

bool make_server_home(const fs::path& dir, server_home& out, std::string& error) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / "keys", ec);
  fs::create_directories(dir / "var", ec);
  if (ec) {
    error = "cannot create " + dir.string() + ": " + ec.message();
    return false;
  }
  out.dir = dir;
  out.config = dir / "config.json";
  out.database = dir / "var" / "cartbell.sqlite";

  auto signing = crypto::v4_secret_key::generate();
  out.verifier.add_retired(signing.public_key());
  if (!write_key_file(dir / "keys" / "sign.key", signing.to_paserk()) ||
      !write_key_file(dir / "keys" / "seal.key", crypto::phone_seal_key::generate().to_text()) ||
      !write_key_file(dir / "keys" / "index.key", crypto::phone_index_key::generate().to_text())) {
    error = "cannot write the key files under " + (dir / "keys").string();
    return false;
  }

  json c = config_json();
  c["listen"] = {{"address", "127.0.0.1"}, {"port", 0}, {"threads", 2}};
  c["storage"] = {{"data_dir", (dir / "var").string()}, {"sqlite_path", out.database.string()}};
  c["keys"] = {{"signing_key", (dir / "keys" / "sign.key").string()},
               {"phone_seal_key", (dir / "keys" / "seal.key").string()},
               {"phone_index_key", (dir / "keys" / "index.key").string()}};
  c["secret_env"] = {{"app_secret", k_crash_app_secret_env},
                     {"app_secret_previous", "CARTBELL_CRASH_TEST_UNSET_PREVIOUS_SECRET"},
                     {"webhook_verify_token", k_crash_verify_token_env},
                     {"admin_token", k_crash_admin_token_env}};
  // The burst comes from one address and one shop: the abuse limits would refuse it.
  c["rate_limits"] = {{"optins_per_ip_per_minute", 1'000'000},
                      {"optins_per_number_prefix_per_hour", 1'000'000},
                      {"optins_per_shop_per_minute", 1'000'000}};
  c["shops"][0]["optin_ttl_seconds"] = 86400;  // no code may expire while the test runs
  std::ofstream(out.config) << c.dump(2);
  if (!fs::exists(out.config)) {
    error = "cannot write " + out.config.string();
    return false;
  }
  ::setenv(k_crash_app_secret_env, k_app_secret, 1);
  ::setenv(k_crash_verify_token_env, "crash-verify-token-0123456789", 1);
  ::setenv(k_crash_admin_token_env, "crash-admin-token-0123456789", 1);
  ::unsetenv("CARTBELL_CRASH_TEST_UNSET_PREVIOUS_SECRET");
  return true;
}

http_connection::http_connection(int port) : client_(std::make_unique<server::testing::client>(port)) {
  broken_ = client_->fd() < 0;
}

http_reply http_connection::request(const std::string& method, const std::string& target, const std::string& headers,
                                    const std::string& body) {
  if (broken_) return {};
  std::string msg = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
  if (!body.empty() || method == "POST") {
    msg += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  msg += "\r\n" + body;
  if (!client_->send(msg)) {
    broken_ = true;
    return {};
  }
  const std::string raw = client_->read_response();
  const int status = server::testing::status_of(raw);
  if (status == 0) {
    broken_ = true;
    return {};
  }
  if (server::testing::header_of(raw, "Connection") == "close") broken_ = true;
  return {status, server::testing::body_of(raw)};
}

command_result run_command(const std::vector<std::string>& argv_text, std::chrono::milliseconds limit) {
  command_result result;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return result;
  // Built before fork: the child of a threaded process may only make async-signal-safe calls.
  std::vector<char*> argv;
  for (const auto& a : argv_text) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  bool timed_out = false;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) < 0) break;
    if (p.revents == 0) continue;
    char buf[4096];
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;  // EOF: the command is done writing
    result.out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  if (::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !timed_out) result.exit_code = WEXITSTATUS(status);
  return result;
}

std::string sqlite_integrity(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return "cannot open: " + why;
  }
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK) {
    out = std::string("cannot run: ") + sqlite3_errmsg(db);
  } else {
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!out.empty()) out += '\n';
      out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    if (rc != SQLITE_DONE) out += std::string("\nstep failed: ") + sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace cartbell::api::testing
