// Seeding for bench/send/run (issue #5): the server's key files, SUBJECTS shoppers with
// real consent and the load, written into the server's own SQLite database before the
// server starts. Everything goes through the server's code: the context is built from the
// server's configuration (make_api_context), each shopper opts in through POST /v1/optins
// on the API router and confirms by "writing" the code (confirm_from_message, as the
// webhook route does), so every receipt is signed with the key files the server then
// loads. The confirmation replies those opt-ins queue are refused in one claim (they
// belong to the seeding, not to the load). The load: RATE template messages (utility,
// purpose order_updates, as the receipts grant) per second of due_at for SECONDS, starting
// LEAD seconds after the seeding ends (printed as "start=<Unix seconds>"), shopper
// i % SUBJECTS each, keyed "bench:<8-digit index>" so the
// outbox claims them in index order. Nothing here is measured.
//
//   cartbell_bench_send_seed CONFIG SUBJECTS RATE SECONDS LEAD

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/consent_ops.hpp"
#include "api/install.hpp"
#include "crypto/keys.hpp"
#include "crypto/phone_seal.hpp"
#include "server/config.hpp"
#include "server/log.hpp"
#include "server/router.hpp"

namespace {

using nlohmann::json;
using namespace cartbell;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "cartbell_bench_send_seed: %s\n", why.c_str());
  std::exit(1);
}

/// Writes a new owner-only key file unless one exists (the server's --dev start does the same).
void ensure_key(const std::string& path, const std::string& text) {
  if (std::filesystem::exists(path)) return;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::FILE* f = std::fopen(path.c_str(), "wx");
  if (f == nullptr) die("cannot create " + path);
  std::fprintf(f, "%s\n", text.c_str());
  std::fclose(f);
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

/// "905321000042": a Turkish mobile number for shopper i.
std::string number_of(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "90532%07zu", i);
  return buf;
}

/// One shopper opts in the way the server sees it: the opt-in route, then their message.
void opt_in(api::api_context& ctx, server::router& routes, const server::shop_config& shop, std::size_t i) {
  server::http_request q;
  q.method = server::http_method::post;
  q.target = "/v1/optins";
  if (!server::split_target(q.target, q.path, q.query)) die("bad target");
  q.headers.add("Content-Type", "application/json");
  q.headers.add("Origin", shop.allowed_origins.empty() ? std::string() : shop.allowed_origins.front());
  q.remote_ip =
      "10." + std::to_string(i / 65536 % 256) + "." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
  std::string version = "v1";
  if (auto texts = shop.consent_texts.find("order_updates"); texts != shop.consent_texts.end()) {
    if (auto en = texts->second.find("en"); en != texts->second.end()) version = en->second.version;
  }
  q.body = json{{"shop", shop.id},
                {"purposes", {"order_updates"}},
                {"locale", "en"},
                {"text_version", version},
                {"page_url", "https://shop.example/p"}}
               .dump();
  auto started = routes.handle(q);
  const json optin = json::parse(started.body, nullptr, false);
  if (started.status != 202 || !optin.is_object())
    die("POST /v1/optins: " + std::to_string(started.status) + " " + started.body);
  auto code = optin.find("code");
  if (code == optin.end() || !code->is_string()) die("opt-in without a code: " + started.body);
  receipts::inbound_message m;
  m.phone_number_id = shop.phone_number_id;
  m.wamid = "wamid.seed" + std::to_string(i);
  m.from = number_of(i);
  m.timestamp = ctx.now();
  m.type = receipts::inbound_type::text;
  m.type_name = "text";
  m.text = "JOIN " + code->get<std::string>();
  if (api::confirm_from_message(ctx, m) != api::inbound_effect::confirmed)
    die("opt-in " + std::to_string(i) + " not confirmed");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) die("usage: cartbell_bench_send_seed CONFIG SUBJECTS RATE SECONDS LEAD");
  const std::string config_path = argv[1];
  const std::size_t subjects = std::stoul(argv[2]);
  const std::size_t rate = std::stoul(argv[3]);
  const std::size_t seconds = std::stoul(argv[4]);
  const std::int64_t lead = std::stoll(argv[5]);
  server::server_config config;
  std::vector<std::string> errors;
  if (!server::load_config_file(config_path, config, errors))
    die("config: " + (errors.empty() ? std::string() : errors.front()));
  if (config.shops.empty()) die("config has no shop");
  ensure_key(config.keys.signing_key, crypto::v4_secret_key::generate().to_paserk());
  ensure_key(config.keys.phone_seal_key, crypto::phone_seal_key::generate().to_text());
  ensure_key(config.keys.phone_index_key, crypto::phone_index_key::generate().to_text());
  server::logger log(server::log_level::warn);
  std::string error;
  auto ctx = api::make_api_context(config, log, error);
  if (!ctx) die(error);
  server::router routes(256 * 1024);
  if (!api::add_api_routes(routes, ctx)) die("routes");
  const server::shop_config& shop = config.shops.front();

  // Opt-ins in parallel: each confirmation is a durable write, and group commit shares the
  // fsyncs between the threads.
  constexpr std::size_t k_threads = 8;
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < k_threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t i = t; i < subjects; i += k_threads) opt_in(*ctx, routes, shop, i);
    });
  }
  for (auto& w : workers) w.join();

  // The subject of each shopper, found as the server finds them (blind index of the number).
  std::vector<std::string> subject_of(subjects);
  for (std::size_t i = 0; i < subjects; ++i) {
    auto index = crypto::phone_blind_index(*ctx->index_key, "+" + number_of(i));
    if (!index) die("blind index");
    auto person = ctx->db->find_contact_by_phone_index(shop.id, *index);
    if (!person || !*person) die("no contact for shopper " + std::to_string(i));
    subject_of[i] = (*person)->subject_id;
  }

  // The seeding's own confirmation replies: refused, never sent.
  const std::int64_t seeded_at = ctx->now();
  auto refused = ctx->db->claim_due(
      {seeded_at + 1, subjects + 1000, 60,
       [](const store::outbox_row&, const std::optional<store::contact>&,
          std::span<const store::consent>) -> std::optional<std::string> { return std::string("bench_seed_reply"); }});
  if (!refused || !refused->claimed.empty()) die("could not set the confirmation replies aside");

  const std::int64_t start = ctx->now() + lead;
  const std::size_t total = rate * seconds;
  std::vector<store::outbox_row> rows;
  rows.reserve(10'000);
  std::size_t queued = 0;
  for (std::size_t k = 0; k < total; ++k) {
    char key[32];
    std::snprintf(key, sizeof key, "bench:%08zu", k);
    store::outbox_row r;
    r.key = key;
    r.kind = "operator";
    r.shop = shop.id;
    r.subject_id = subject_of[k % subjects];
    r.payload = json{{"template",
                      {{"name", "optin_confirmed"}, {"language", "en"}, {"body_params", {"Ayşe", "order updates"}}}}}
                    .dump();
    r.purpose = "order_updates";
    r.category = "utility";
    r.due_at = start + static_cast<std::int64_t>(k / rate);
    r.created_at = seeded_at;
    rows.push_back(std::move(r));
    if (rows.size() == 10'000 || k + 1 == total) {
      auto n = ctx->db->enqueue_outbox_many(rows);
      if (!n) die("enqueue: " + std::string(store::to_string(n.error())));
      queued += *n;
      rows.clear();
    }
  }
  std::printf("seeded %zu shoppers (%zu confirmation replies set aside), queued %zu messages\nstart=%lld\n", subjects,
              refused->refused.size(), queued, static_cast<long long>(start));
  return 0;
}
