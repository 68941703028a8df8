#include "store_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace cartbell::store::testing {

temp_dir::temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/cartbell-store-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

struct mixer {
  std::uint64_t lanes[4] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                            0xa54ff53a5f1d36f1ULL};
  void add(std::uint64_t v) {
    for (int i = 0; i < 4; ++i) {
      std::uint64_t z = lanes[i] ^ (v + 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(i + 1));
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      lanes[i] = z ^ (z >> 31);
    }
  }
  void add_bytes(const std::uint8_t* p, std::size_t n) {
    add(n);
    for (std::size_t i = 0; i < n; ++i) add(p[i]);
  }
  void add_text(const std::string& s) { add_bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
};

}  // namespace

ledger_hash test_hash(const ledger_entry& e) {
  mixer m;
  m.add(static_cast<std::uint64_t>(e.seq));
  m.add_text(e.shop);
  m.add(static_cast<std::uint64_t>(e.kind));
  m.add_text(e.subject_id);
  m.add_bytes(e.body.data(), e.body.size());
  m.add_bytes(e.prev_hash.data(), e.prev_hash.size());
  m.add(static_cast<std::uint64_t>(e.created_at));
  ledger_hash h{};
  for (int i = 0; i < 32; ++i) h[i] = static_cast<std::uint8_t>(m.lanes[i / 8] >> (8 * (i % 8)));
  return h;
}

std::unique_ptr<sqlite_store> open_store(const std::string& path, std::size_t max_batch) {
  sqlite_options options;
  options.path = path;
  options.hash_ledger = test_hash;
  options.max_batch = max_batch;
  auto s = sqlite_store::open(std::move(options));
  EXPECT_TRUE(s) << (s ? "" : to_string(s.error()));
  if (!s) return nullptr;
  return std::move(s).value();
}

optin make_optin(const std::string& id, const std::string& shop, const std::string& code, std::int64_t now,
                 const std::string& purposes) {
  optin o;
  o.id = id;
  o.shop = shop;
  o.purposes = purposes;
  o.locale = "en-GB";
  o.text_version = "v3";
  o.text_hash = "ab12cd34";
  o.code = code;
  o.created_at = now;
  o.expires_at = now + 600;
  return o;
}

outbox_row subj1_message(const std::string& key, const std::string& purpose, const std::string& category,
                         std::int64_t created_at, std::int64_t due_at, const std::string& kind) {
  outbox_row r;
  r.key = key;
  r.kind = kind;
  r.shop = "shop-a";
  r.subject_id = "subj1";
  r.payload = "{}";
  r.created_at = created_at;
  r.purpose = purpose;
  r.category = category;
  r.due_at = due_at;
  return r;
}

claim_gate let_through() {
  return [](const outbox_row&, const std::optional<contact>&, std::span<const consent>) -> std::optional<std::string> {
    return std::nullopt;
  };
}

std::vector<std::string> keys(const std::vector<outbox_row>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.key);
  return out;
}

confirm_request make_confirm(const std::string& optin_id, std::int64_t now, const std::string& phone_index,
                             const std::string& subject_id) {
  confirm_request r;
  r.optin_id = optin_id;
  r.now = now;
  r.sender.subject_id = subject_id;
  r.sender.phone_index = phone_index;
  r.sender.phone_sealed = {1, 2, 3, 4};
  r.sender.country = "GB";
  r.evidence = "wa_confirmed";
  r.sign_receipt = [](const optin& o, std::string_view subject) -> std::optional<std::string> {
    return "receipt:" + o.id + ":" + std::string(subject);
  };
  r.reply.key = "optin-reply:" + optin_id;
  r.reply.kind = "optin_confirmed";
  r.reply.payload = "{\"text\":\"thanks\"}";
  return r;
}

chain_report check_chain(store& s) {
  chain_report report;
  ledger_hash prev{};
  auto visited = s.scan_ledger(0, [&](const ledger_entry& e) {
    const std::int64_t expected_seq = report.entries + 1;
    if (e.seq != expected_seq) {
      report.problem = "seq " + std::to_string(e.seq) + " where " + std::to_string(expected_seq) + " was due";
      return false;
    }
    if (e.prev_hash != prev) {
      report.problem = "prev_hash of seq " + std::to_string(e.seq) + " does not match";
      return false;
    }
    ledger_entry unhashed = e;
    unhashed.hash = {};
    if (test_hash(unhashed) != e.hash) {
      report.problem = "hash of seq " + std::to_string(e.seq) + " does not match";
      return false;
    }
    prev = e.hash;
    ++report.entries;
    return true;
  });
  if (!visited) report.problem = "scan failed: " + std::string(to_string(visited.error()));
  return report;
}

}  // namespace cartbell::store::testing
