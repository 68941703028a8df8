#include "server/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace cartbell::server {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_phone_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string_view to_string(log_level level) {
  switch (level) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
  }
  return "info";
}

bool parse_log_level(std::string_view text, log_level& out) {
  for (auto l : {log_level::debug, log_level::info, log_level::warn, log_level::error}) {
    if (to_string(l) == text) {
      out = l;
      return true;
    }
  }
  return false;
}

std::string redact_phone_numbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool starts = is_digit(text[i]) ||
                  ((text[i] == '+' || text[i] == '(') && i + 1 < text.size() && is_digit(text[i + 1]));
    if (!starts) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t j = i;
    std::size_t last_digit = i;
    std::size_t digits = 0;
    if (text[j] == '+' || text[j] == '(') ++j;
    while (j < text.size() && (is_digit(text[j]) || is_phone_separator(text[j]))) {
      if (is_digit(text[j])) {
        ++digits;
        last_digit = j;
      }
      ++j;
    }
    // Seven digits is the shortest subscriber number in use; shorter runs (ports, counts,
    // status codes) stay readable.
    if (digits >= 7) {
      out += "[phone]";
    } else {
      out.append(text.substr(i, last_digit + 1 - i));
    }
    i = last_digit + 1;
  }
  return out;
}

bool is_secret_field_name(std::string_view key) {
  std::string k = lower_ascii(key);
  for (std::string_view word : {"token", "secret", "password", "authorization", "cookie", "passphrase"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return k == "key" || (k.size() > 4 && k.ends_with("_key"));
}

logger::logger(log_level min_level, sink out) : min_level_(min_level), out_(std::move(out)) {}

void logger::add_secret(std::string_view secret) {
  // Very short values would blank out ordinary words; config validation refuses them anyway.
  if (secret.size() >= 8) secrets_.emplace_back(secret);
}

std::string logger::clean(std::string_view text) const {
  std::string s(text);
  for (const std::string& secret : secrets_) {
    for (std::size_t at = s.find(secret); at != std::string::npos; at = s.find(secret, at)) {
      s.replace(at, secret.size(), "[secret]");
      at += 8;
    }
  }
  return redact_phone_numbers(s);
}

std::string logger::format(std::string_view ts, log_level level, std::string_view msg,
                           std::initializer_list<log_field> fields) const {
  nlohmann::ordered_json line;
  line["ts"] = ts;
  line["level"] = to_string(level);
  line["msg"] = clean(msg);
  for (const log_field& f : fields) {
    std::string key = clean(f.key);
    if (key == "ts" || key == "level" || key == "msg") key = "field_" + key;
    if (is_secret_field_name(key)) {
      line[key] = "[secret]";
      continue;
    }
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            line[key] = clean(v);
          } else {
            line[key] = v;
          }
        },
        f.value);
  }
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void logger::log(log_level level, std::string_view msg, std::initializer_list<log_field> fields) {
  if (level < min_level_) return;
  std::string line;
  try {
    line = format(utc_timestamp_now(), level, msg, fields);
  } catch (...) {
    line = R"({"level":"error","msg":"log line could not be formatted"})";
  }
  line.push_back('\n');
  std::lock_guard lock(write_mutex_);
  if (out_) {
    out_(std::string_view(line).substr(0, line.size() - 1));
  } else {
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }
}

std::string utc_timestamp_now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace cartbell::server
