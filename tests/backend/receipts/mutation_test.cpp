// Fuzz-ish loops: 10^4 seeded random mutations of every webhook fixture (byte-level and
// JSON-level), of a receipt token and of opt-in texts. The property is only that every
// input gets an answer (value or error) without a crash; run under ASan+UBSan it also
// proves no memory error on these inputs. Seeds are fixed so a failure reproduces.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "receipts/optin_code.hpp"
#include "receipts/receipt.hpp"
#include "receipts/webhook_parse.hpp"

namespace cartbell::receipts {
namespace {

using json = nlohmann::json;
constexpr int mutations_per_input = 10000;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(CARTBELL_META_VECTOR_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* const webhook_fixtures[] = {
    "inbound_text.json",       "inbound_button_reply.json", "inbound_list_reply.json", "inbound_template_button.json",
    "inbound_image.json",      "inbound_bsuid_only.json",   "status_sent.json",        "status_delivered.json",
    "status_read.json",        "status_failed_131047.json", "user_preferences_stop.json",
    "template_category_update.json",
};

// Byte-level: flips, inserts of interesting bytes, deletions, duplications, truncation.
std::string mutate_bytes(std::string s, std::mt19937_64& rng) {
  static const std::string interesting = "{}[]\":,\\0123456789-+.eEtrufalsn \xff\xc3\x80";
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const std::size_t at = rng() % s.size();
    switch (rng() % 6) {
      case 0: s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8))); break;
      case 1: s.insert(at, 1, interesting[rng() % interesting.size()]); break;
      case 2: s.erase(at, 1 + rng() % 16); break;
      case 3: s.insert(at, s.substr(at, 1 + rng() % 64)); break;
      case 4: s.resize(at); break;
      default: s[at] = interesting[rng() % interesting.size()]; break;
    }
  }
  return s;
}

// JSON-level: replace a random node with a value of another type, or delete it.
void mutate_json(json& j, std::mt19937_64& rng) {
  json* node = &j;
  for (int depth = 0; depth < 12; ++depth) {
    if ((!node->is_object() && !node->is_array()) || node->empty() || rng() % 4 == 0) break;
    auto it = node->begin();
    std::advance(it, static_cast<long>(rng() % node->size()));
    node = &*it;
  }
  switch (rng() % 9) {
    case 0: *node = nullptr; break;
    case 1: *node = static_cast<std::int64_t>(rng()); break;
    case 2: *node = -1.5; break;
    case 3: *node = "x"; break;
    case 4: *node = std::string(webhook_max_text + 1, 'A'); break;
    case 5: *node = json::array(); break;
    case 6: *node = json::object(); break;
    case 7: *node = true; break;
    default: {
      // Above the per-array cap for a leaf; a few copies of a subtree (copying the whole
      // body a thousand times would only measure nlohmann's speed).
      const bool leaf = !node->is_object() && !node->is_array();
      json many = json::array();
      for (int i = 0, n = leaf ? 1001 : 3; i < n; ++i) many.push_back(*node);
      *node = std::move(many);
      break;
    }
  }
}

// A seed that depends only on the fixture's name (FNV-1a), the same on every platform.
std::uint64_t seed_of(std::string_view name) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

// One test per fixture, so ctest can run them in parallel (each is 10^4 parses).
class webhook_mutation : public ::testing::TestWithParam<const char*> {};

TEST_P(webhook_mutation, never_crashes_the_parser) {
  const std::string body = read_fixture(GetParam());
  const json parsed = json::parse(body);
  std::mt19937_64 rng(seed_of(GetParam()));
  std::size_t accepted = 0;
  std::size_t refused = 0;
  for (int i = 0; i < mutations_per_input; ++i) {
    std::string input;
    if (i % 2 == 0) {
      input = mutate_bytes(body, rng);
    } else {
      json j = parsed;
      mutate_json(j, rng);
      input = j.dump();
    }
    auto r = parse_webhook(input);
    if (r) {
      ++accepted;
      for (const auto& m : r->messages) EXPECT_FALSE(m.wamid.empty());
    } else {
      ++refused;
      EXPECT_FALSE(r.error().path.empty());
    }
  }
  EXPECT_EQ(accepted + refused, static_cast<std::size_t>(mutations_per_input));
  EXPECT_GT(refused, 0u);
  EXPECT_GT(accepted, 0u) << "mutations too destructive to exercise the event readers";
  std::printf("%s: %zu mutations accepted, %zu refused\n", GetParam(), accepted, refused);
}

INSTANTIATE_TEST_SUITE_P(fixtures, webhook_mutation, ::testing::ValuesIn(webhook_fixtures),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

TEST(mutation, mutated_receipts_never_verify) {
  const auto ring = test::ring_with(1);
  const std::string token = issue_receipt(ring, test::grant_claims()).value();
  std::mt19937_64 rng(99);
  std::size_t verified = 0;
  for (int i = 0; i < mutations_per_input; ++i) {
    const std::string m = mutate_bytes(token, rng);
    auto r = verify_receipt_any(ring, m, test::granted);
    if (r) {
      ++verified;
      EXPECT_EQ(m, token);  // only an unchanged token may verify
    }
  }
  EXPECT_LE(verified, static_cast<std::size_t>(mutations_per_input));
  // Claims payloads alone, mutated: the strict reader answers without crashing.
  const std::string payload = claims_to_json(test::grant_claims());
  for (int i = 0; i < mutations_per_input; ++i) {
    const std::string m = mutate_bytes(payload, rng);
    auto r = parse_claims(m);
    if (r) EXPECT_EQ(claims_to_json(*r), m);
  }
}

TEST(mutation, mutated_optin_texts_never_crash_or_invent_codes) {
  const std::string texts[] = {"Merhaba, JOIN 7F3K9Q ile bildirim istiyorum", "こんにちは、JOIN 7F3K9Q で通知",
                               "مرحبا \u200fJOIN\u200e 7F3K9Q أريد"};
  std::mt19937_64 rng(7);
  for (const auto& text : texts) {
    for (int i = 0; i < mutations_per_input; ++i) {
      auto r = extract_optin_code(mutate_bytes(text, rng));
      if (r) EXPECT_TRUE(is_optin_code(*r)) << *r;
    }
  }
}

}  // namespace
}  // namespace cartbell::receipts
