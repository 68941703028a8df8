#include "engine_harness.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/consent_ops.hpp"
#include "api/handlers.hpp"
#include "api/install.hpp"
#include "api/outbound.hpp"
#include "crypto/keys.hpp"
#include "receipts/receipt.hpp"
#include "server/config.hpp"
#include "store/sqlite_store.hpp"

namespace cartbell::send::testing {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* k_app_secret = "engine-test-app-secret-0123456789";

json texts(const std::string& en) { return {{"en", {{"version", "v1"}, {"text", en}}}}; }

json server_config_json() {
  return {{"keys", {{"signing_key", "/nonexistent/s.key"}, {"phone_seal_key", "/nonexistent/p.key"},
                    {"phone_index_key", "/nonexistent/i.key"}}},
          {"rate_limits", {{"optins_per_ip_per_minute", 1'000'000}, {"optins_per_number_prefix_per_hour", 1'000'000},
                           {"optins_per_shop_per_minute", 1'000'000}}},
          {"shops",
           {{{"id", k_shop},
             {"name", "Demo"},
             {"whatsapp_number", "+12025550100"},
             {"phone_number_id", k_number_id},
             {"languages", {"en"}},
             {"default_language", "en"},
             {"allowed_origins", {k_origin}},
             {"consent_texts", {{"order_updates", texts("Order updates.")},
                                {"offers", texts("Offers.")},
                                {"cart_reminders", texts("Cart reminders.")}}},
             {"business_hours", "mon-fri=09:00-18:00"},
             {"optin_ttl_seconds", 86400}}}}};
}

sandbox::template_store templates() {
  std::ifstream in(std::string(CARTBELL_SANDBOX_DIR) + "/templates.json");
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<std::string> errors;
  auto parsed = sandbox::template_store::parse(text.str(), errors);
  EXPECT_TRUE(parsed.has_value()) << (errors.empty() ? "" : errors.front());
  return parsed ? std::move(*parsed) : sandbox::template_store{};
}

sandbox::sandbox_config sandbox_config(const harness_options& o) {
  sandbox::sandbox_config c;
  c.access_token = k_cloud_token;
  c.accounts = {{"102290129340398", {{k_number_id, "12025550100", "Demo", o.sandbox_per_second}}}};
  // The server is reached by posting to its router; the URL only switches webhooks on.
  c.webhooks.callback_url = "http://127.0.0.1:9/webhooks/whatsapp";
  c.statuses.jitter = 0;
  c.seed = o.seed;
  c.log_capacity = 4'000'000;
  c.max_messages = 1'000'000;
  if (o.tune_sandbox) o.tune_sandbox(c);
  return c;
}

std::string db_file() {
  static std::atomic<int> counter{0};
  const fs::path dir = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::path(::testing::TempDir());
  return (dir / ("cartbell-engine-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".sqlite")).string();
}

}  // namespace

std::string shopper_number(int i) {
  std::string digits = std::to_string(100000 + i).substr(1);
  return "9053210" + digits;
}

engine_harness::engine_harness(harness_options options)
    : options_(std::move(options)),
      clock_(k_start_seconds * sandbox::k_second),
      db_path_(db_file()),
      rng_(options_.seed) {
  ctx_ = std::make_shared<api::api_context>();
  std::vector<std::string> errors;
  EXPECT_TRUE(server::parse_config(server_config_json().dump(), ctx_->config, errors))
      << (errors.empty() ? std::string() : errors[0]);
  ctx_->optins_per_ip.configure(ctx_->config.rate_limits.optins_per_ip_per_minute, 60);
  ctx_->optins_per_shop.configure(ctx_->config.rate_limits.optins_per_shop_per_minute, 60);
  ctx_->optins_per_number_prefix.configure(ctx_->config.rate_limits.optins_per_number_prefix_per_hour, 3600);
  auto key = crypto::v4_secret_key::generate();
  ctx_->public_key = key.public_key();
  ctx_->keyring.activate(std::move(key));
  ctx_->seal_key.emplace(crypto::phone_seal_key::generate());
  ctx_->index_key.emplace(crypto::phone_index_key::generate());
  ctx_->app_secrets.emplace(
      crypto::webhook_secrets{crypto::webhook_secret::from_text(k_app_secret).value(), std::nullopt});
  ctx_->admin_token = k_admin_token;
  ctx_->now = [this] { return now_s(); };
  store::sqlite_options so;
  so.path = db_path_;
  so.hash_ledger = api::ledger_hasher;
  auto opened = store::sqlite_store::open(std::move(so));
  EXPECT_TRUE(opened.has_value());
  if (opened) ctx_->db = std::shared_ptr<store::store>(std::move(opened).value().release());
  EXPECT_TRUE(api::add_api_routes(routes_, ctx_));

  box_ = std::make_unique<sandbox::sandbox>(sandbox_config(options_), templates(), clock_,
                                            crypto::webhook_secret::from_text(k_app_secret).value());
  box_->callback_verified(true, "engine harness");

  cloud_endpoint endpoint{"http://sandbox.invalid", "v21.0", k_number_id, options_.access_token};
  auto send = [this](const std::string& url, const std::string& body, const net::header_list& headers) {
    return transport(url, body, headers);
  };
  auto build = [this](const store::outbox_row& row) { return api::build_outgoing(*ctx_, row); };
  engine_ = std::make_unique<dispatcher>(*ctx_->db, ctx_->keyring, endpoint, send, build, options_.pacing,
                                         options_.dispatch);
  engine_->on_outcome([this](const store::outbox_row& row, const send_outcome& o) { on_outcome(row, o); });
  witness_ = std::make_unique<consent_witness>(*ctx_->db, ctx_->keyring);
}

engine_harness::~engine_harness() {
  engine_.reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path_ + suffix, ec);
}

net::result<net::response> engine_harness::transport(const std::string& url, const std::string& body,
                                                      const net::header_list& headers) {
  // ".../v21.0/<number id>/messages", as the dispatcher builds it.
  const std::string tail = url.substr(std::string("http://sandbox.invalid/").size());
  const std::string version = tail.substr(0, tail.find('/'));
  const std::string rest = tail.substr(version.size() + 1);
  const std::string number = rest.substr(0, rest.find('/'));
  if (before_send_) before_send_(body);
  sandbox::send_answer a = box_->send(version, number, net::find_header(headers, "Authorization"), body);
  switch (a.fault) {
    case sandbox::answer_fault::hold:
      return fail(net::request_error{net::error::timeout, true, "held past the deadline"});
    case sandbox::answer_fault::drop:
      return fail(net::request_error{net::error::closed, true, "closed without an answer"});
    case sandbox::answer_fault::none:
    case sandbox::answer_fault::error_500: break;
  }
  return net::response{a.http_status, {}, std::move(a.body)};
}

// As api/outbound.cpp does for the server's senders.
void engine_harness::on_outcome(const store::outbox_row& row, const send_outcome& outcome) {
  hooked_.push_back(row.key + ":" + std::string(to_string(outcome.action)));
  // The server's own hook, as run_sender installs it.
  EXPECT_TRUE(api::apply_outcome(*ctx_, row, outcome));
}

server::http_response engine_harness::call(server::http_method m, const std::string& target, const std::string& body,
                                           const std::string& header, const std::string& value) {
  server::http_request q;
  q.method = m;
  q.target = target;
  EXPECT_TRUE(server::split_target(target, q.path, q.query));
  q.headers.add("Content-Type", "application/json");
  q.headers.add("Origin", k_origin);
  if (!header.empty()) q.headers.add(header, value);
  q.body = body;
  // One address per opt-in keeps the per-IP abuse limit out of the way.
  q.remote_ip = "10.0." + std::to_string((optins_ / 250) % 250) + "." + std::to_string(optins_ % 250 + 1);
  return routes_.handle(q);
}


store::outbox_row engine_harness::job(const std::string& key, const std::string& subject, const std::string& purpose,
                                      const std::string& category, std::int64_t due_at) {
  json payload;
  if (category == "marketing") {
    payload["template"] = {{"name", "cart_reminder_1"},
                           {"language", "en"},
                           {"body_params", {"Ayşe", "blue sneakers", "Friday"}},
                           {"url_button_suffix", "c-" + key}};
  } else if (category == "utility") {
    payload["template"] = {{"name", "optin_confirmed"}, {"language", "en"}, {"body_params", {"Ayşe", "order updates"}}};
  } else {
    payload["text"] = "Your question about " + key + ": it ships tomorrow.";
  }
  store::outbox_row r;
  r.key = key;
  r.kind = "operator";
  r.shop = k_shop;
  r.subject_id = subject;
  r.payload = payload.dump();
  r.created_at = due_at;
  r.purpose = purpose;
  r.category = category;
  r.due_at = due_at;
  return r;
}

bool engine_harness::enqueue(const std::vector<store::outbox_row>& rows) {
  auto queued = ctx_->db->enqueue_outbox_many(rows);
  if (!queued || *queued != rows.size()) return false;
  for (const auto& r : rows) {
    store::outbox_row kept = r;
    kept.payload.clear();
    queued_.insert_or_assign(r.key, std::move(kept));
  }
  return true;
}

std::optional<store::outbox_row> engine_harness::row(const std::string& key) {
  auto found = ctx_->db->find_outbox(key);
  return found && *found ? std::optional<store::outbox_row>(**found) : std::nullopt;
}

std::optional<store::outbox_row> engine_harness::job_row(const std::string& key) {
  // Shop, subject, purpose and category never change after queueing.
  auto it = queued_.find(key);
  return it != queued_.end() ? std::optional<store::outbox_row>(it->second) : row(key);
}

dispatch_stats engine_harness::round() {
  read_log();
  EXPECT_TRUE(witness_->catch_up());  // the consent a claim starting now must respect
  in_round_ = true;
  auto stats = engine_->run_once(now_us(), static_cast<std::uint32_t>(rng_()));
  read_log();
  in_round_ = false;
  EXPECT_TRUE(stats.has_value());
  if (!stats) return {};
  totals_.rounds += 1;
  totals_.claimed += stats->claimed;
  totals_.refused += stats->refused;
  totals_.sent += stats->sent;
  totals_.paced += stats->paced;
  totals_.retried += stats->retried;
  totals_.unknown += stats->unknown;
  totals_.failed += stats->failed;
  totals_.deferred += stats->deferred;
  totals_.expired += stats->expired;
  return *stats;
}

void engine_harness::read_log() {
  for (;;) {
    auto page = box_->log().since(log_seq_, 100'000);
    EXPECT_EQ(page.dropped, 0u) << "the sandbox log dropped entries before they were read";
    if (page.entries.empty()) return;
    log_seq_ = page.entries.back().seq;
    for (auto& e : page.entries) {
      if (e.event == "send_accepted") {
        accepted_per_key_[e.callback_data] += 1;
        if (!in_round_) {
          violations_.push_back(e.message_id + ": accepted outside a dispatcher round");
        } else if (auto r = job_row(e.callback_data); !r) {
          violations_.push_back(e.message_id + ": no outbox row '" + e.callback_data + "'");
        } else if (number_of(r->subject_id) != e.wa_id) {
          violations_.push_back(r->key + ": sent to " + e.wa_id + ", not to the subject's number");
        } else if (auto why = witness_->why_not(*r, now_s())) {
          violations_.push_back(r->key + " (" + r->category + ", " + r->purpose + "): " + *why);
        }
      }
      log_.push_back(std::move(e));
    }
  }
}

std::size_t engine_harness::deliver_webhooks() {
  std::size_t delivered = 0;
  for (auto due = box_->take_due(4096); !due.empty(); due = box_->take_due(4096)) {
    for (const auto& w : due) {
      if ((!options_.deliver_statuses && w.kind.starts_with("status:")) || (drop_ && drop_(w))) {
        box_->delivery_finished(w.id, true, 200, "not read by this test");
        continue;
      }
      auto r = call(server::http_method::post, "/webhooks/whatsapp", w.body, "X-Hub-Signature-256", w.signature);
      EXPECT_EQ(r.status, 200u) << w.kind << ": " << r.body;
      box_->delivery_finished(w.id, r.status == 200, r.status, "");
      ++delivered;
    }
  }
  read_log();
  return delivered;
}

void engine_harness::run_until(sandbox::micros end, sandbox::micros step) {
  while (now_us() < end) {
    (void)round();
    deliver_webhooks();
    advance(std::min(step, end - now_us()));
  }
  (void)round();
  deliver_webhooks();
}

std::vector<log_entry> engine_harness::events(const std::string& name) const {
  std::vector<log_entry> out;
  for (const auto& e : log_) {
    if (e.event == name) out.push_back(e);
  }
  return out;
}

}  // namespace cartbell::send::testing

namespace cartbell::send::testing {

std::size_t most_in_window(const std::vector<log_entry>& entries, sandbox::micros window) {
  std::size_t most = 0;
  for (std::size_t first = 0, last = 0; last < entries.size(); ++last) {
    while (entries[last].at - entries[first].at >= window) ++first;
    most = std::max(most, last - first + 1);
  }
  return most;
}

int accepted(const engine_harness& h, const std::string& key) {
  auto it = h.accepted_per_key().find(key);
  return it == h.accepted_per_key().end() ? 0 : it->second;
}

}  // namespace cartbell::send::testing
