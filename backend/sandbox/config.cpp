#include "sandbox/config.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "net/url.hpp"
#include "sandbox/config_reader.hpp"

namespace cartbell::sandbox {

namespace {

using json = nlohmann::json;
using detail::config_reader;

bool all_digits(const std::string& s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void read_listen(const json* j, sandbox_config& out, std::vector<std::string>& errors) {
  if (j == nullptr) return;
  config_reader r(*j, "config.listen", errors);
  r.only({"address", "port", "threads"});
  r.text("address", out.listen_address, true);
  std::uint32_t port = out.listen_port;
  r.number("port", port, 0, 65535);
  out.listen_port = static_cast<std::uint16_t>(port);
  r.number("threads", out.threads, 1, 64);
}

void read_accounts(const json* list, sandbox_config& out, std::vector<std::string>& errors) {
  if (list == nullptr) return;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = "config.accounts[" + std::to_string(i) + "]";
    config_reader r((*list)[i], path, errors);
    r.only({"waba_id", "phone_numbers"});
    account_config account;
    r.text("waba_id", account.waba_id, true);
    if (!account.waba_id.empty() && !all_digits(account.waba_id, 1, 32)) r.problem("waba_id", "must be digits");
    const json* numbers = r.array("phone_numbers", true);
    if (numbers != nullptr && numbers->empty()) r.problem("phone_numbers", "needs at least one number");
    for (std::size_t n = 0; numbers != nullptr && n < numbers->size(); ++n) {
      config_reader p((*numbers)[n], path + ".phone_numbers[" + std::to_string(n) + "]", errors);
      p.only({"id", "display_phone_number", "verified_name", "throughput_per_second"});
      phone_number_config number;
      p.text("id", number.id, true);
      p.text("display_phone_number", number.display_phone_number, true);
      p.text("verified_name", number.verified_name);
      p.number("throughput_per_second", number.throughput_per_second, 1, 1000);
      if (!number.id.empty() && !all_digits(number.id, 1, 32)) p.problem("id", "must be digits");
      if (!number.id.empty() && !ids.insert(number.id).second) p.problem("id", "used twice");
      if (!number.display_phone_number.empty() && !all_digits(number.display_phone_number, 7, 15)) {
        p.problem("display_phone_number", "must be 7 to 15 digits without '+'");
      }
      if (number.verified_name.empty()) number.verified_name = "Business " + number.display_phone_number;
      account.phone_numbers.push_back(std::move(number));
    }
    out.accounts.push_back(std::move(account));
  }
  if (list->empty()) errors.push_back("config.accounts: needs at least one account");
}

void read_shoppers(const json* list, sandbox_config& out, std::vector<std::string>& errors) {
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    config_reader r((*list)[i], "config.shoppers[" + std::to_string(i) + "]", errors);
    r.only({"wa_id", "name", "user_id", "read_receipts", "hide_phone"});
    shopper_config s;
    r.text("wa_id", s.wa_id, true);
    r.text("name", s.name, true);
    r.text("user_id", s.user_id);
    r.flag("read_receipts", s.read_receipts);
    r.flag("hide_phone", s.hide_phone);
    if (!s.wa_id.empty() && !all_digits(s.wa_id, 7, 15)) r.problem("wa_id", "must be 7 to 15 digits without '+'");
    if (!s.wa_id.empty() && !seen.insert(s.wa_id).second) r.problem("wa_id", "listed twice");
    if (!s.user_id.empty() && (s.user_id.size() < 4 || s.user_id[2] != '.')) {
      r.problem("user_id", "must look like \"TR.1029384756102938\"");
    }
    out.shoppers.push_back(std::move(s));
  }
}

void read_numbers(config_reader& r, const char* key, std::vector<std::string>& out) {
  r.text_list(key, out);
  for (auto& n : out) {
    if (!all_digits(n, 7, 15)) r.problem(key, "\"" + n + "\" must be 7 to 15 digits without '+'");
  }
}

void read_statuses(const json* j, status_timing& s, std::vector<std::string>& errors) {
  if (j == nullptr) return;
  config_reader r(*j, "config.statuses", errors);
  r.only({"sent_ms", "delivered_ms", "read_ms", "jitter_ms", "duplicate_gap_ms", "reorder_probability",
          "duplicate_probability", "missing_delivered_probability", "read_receipts"});
  auto ms = [&](const char* key, micros& out) {
    std::uint32_t v = static_cast<std::uint32_t>(out / k_millisecond);
    r.number(key, v, 0, 86'400'000);
    out = static_cast<micros>(v) * k_millisecond;
  };
  ms("sent_ms", s.sent_delay);
  ms("delivered_ms", s.delivered_delay);
  ms("read_ms", s.read_delay);
  ms("jitter_ms", s.jitter);
  ms("duplicate_gap_ms", s.duplicate_gap);
  r.probability("reorder_probability", s.reorder_probability);
  r.probability("duplicate_probability", s.duplicate_probability);
  r.probability("missing_delivered_probability", s.missing_delivered_probability);
  r.flag("read_receipts", s.read_receipts);
}

void read_webhooks(const json* j, webhook_config& w, std::vector<std::string>& errors) {
  if (j == nullptr) return;
  config_reader r(*j, "config.webhooks", errors);
  r.only({"callback_url", "app_secret_env", "verify_token_env", "verify_on_start", "timeout_ms", "retry_initial_ms",
          "retry_max_ms", "max_attempts", "concurrency"});
  r.text("callback_url", w.callback_url);
  r.text("app_secret_env", w.app_secret_env);
  r.text("verify_token_env", w.verify_token_env);
  if (w.app_secret_env.empty()) r.problem("app_secret_env", "must name an environment variable");
  if (w.verify_token_env.empty()) r.problem("verify_token_env", "must name an environment variable");
  r.flag("verify_on_start", w.verify_on_start);
  r.number("timeout_ms", w.timeout_ms, 10, 600'000);
  r.number("retry_initial_ms", w.retry_initial_ms, 1, 3'600'000);
  r.number("retry_max_ms", w.retry_max_ms, 1, 86'400'000);
  r.number("max_attempts", w.max_attempts, 1, 1000);
  r.number("concurrency", w.concurrency, 1, 64);
  if (!w.callback_url.empty() && !net::parse_url(w.callback_url)) {
    r.problem("callback_url", "must be an http:// or https:// URL like http://127.0.0.1:8080/webhooks/whatsapp");
  }
  if (w.retry_max_ms < w.retry_initial_ms) r.problem("retry_max_ms", "must be at least retry_initial_ms");
}

void read_faults(const json* j, fault_config& f, std::vector<std::string>& errors) {
  if (j == nullptr) return;
  config_reader r(*j, "config.faults", errors);
  r.only({"timeout_probability", "timeout_hold_ms", "error_500_probability", "drop_probability", "outage"});
  r.probability("timeout_probability", f.timeout_probability);
  r.number("timeout_hold_ms", f.timeout_hold_ms, 1, 600'000);
  r.probability("error_500_probability", f.error_500_probability);
  r.probability("drop_probability", f.drop_probability);
  r.flag("outage", f.outage);
  if (f.timeout_probability + f.error_500_probability + f.drop_probability > 1) {
    r.problem("drop_probability", "timeout_probability + error_500_probability + drop_probability must not exceed 1");
  }
}

}  // namespace

bool parse_config(std::string_view json_text, sandbox_config& out, std::vector<std::string>& errors) {
  std::size_t before = errors.size();
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    errors.push_back("config: not a JSON object");
    return false;
  }
  config_reader r(doc, "config", errors);
  r.only({"listen", "log_level", "access_token", "access_token_env", "accounts", "templates_file", "shoppers",
          "not_on_whatsapp", "allowed_recipients", "window_error", "limits", "statuses", "webhooks", "faults", "seed",
          "log_capacity", "max_messages", "phone_page_dir"});
  read_listen(r.object("listen"), out, errors);
  r.text("log_level", out.log_level);
  if (out.log_level != "debug" && out.log_level != "info" && out.log_level != "warn" && out.log_level != "error") {
    r.problem("log_level", "must be debug, info, warn or error");
  }
  r.text("access_token", out.access_token);
  r.text("access_token_env", out.access_token_env);
  if (out.access_token.empty() == out.access_token_env.empty()) {
    r.problem("access_token", "set exactly one of access_token and access_token_env");
  }
  read_accounts(r.array("accounts", true), out, errors);
  r.text("templates_file", out.templates_file, true);
  read_shoppers(r.array("shoppers"), out, errors);
  read_numbers(r, "not_on_whatsapp", out.not_on_whatsapp);
  read_numbers(r, "allowed_recipients", out.allowed_recipients);
  std::string window = "async";
  r.text("window_error", window);
  if (window == "sync") out.window_error = window_error_mode::sync;
  else if (window != "async") r.problem("window_error", "must be \"async\" (a failed status) or \"sync\" (a 400 answer)");
  if (const json* limits = r.object("limits")) {
    config_reader l(*limits, "config.limits", errors);
    l.only({"pair_burst", "pair_interval_ms", "marketing_per_user_per_day"});
    l.number("pair_burst", out.limits.pair_burst, 1, 1000);
    l.number("pair_interval_ms", out.limits.pair_interval_ms, 1, 3'600'000);
    l.number("marketing_per_user_per_day", out.limits.marketing_per_user_per_day, 0, 1000);
  }
  read_statuses(r.object("statuses"), out.statuses, errors);
  read_webhooks(r.object("webhooks"), out.webhooks, errors);
  read_faults(r.object("faults"), out.faults, errors);
  r.number64("seed", out.seed);
  r.number("log_capacity", out.log_capacity, 1, 10'000'000);
  r.number("max_messages", out.max_messages, 1, 10'000'000);
  r.text("phone_page_dir", out.phone_page_dir);
  return errors.size() == before;
}

bool load_config_file(const std::string& path, sandbox_config& out, std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(path + ": cannot be read");
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!parse_config(text.str(), out, errors)) return false;
  namespace fs = std::filesystem;
  fs::path base = fs::path(path).parent_path();
  auto resolve = [&](std::string& p) {
    if (!p.empty() && fs::path(p).is_relative()) p = (base / p).lexically_normal().string();
  };
  resolve(out.templates_file);
  resolve(out.phone_page_dir);
  return true;
}

}  // namespace cartbell::sandbox
