// The consent ledger chain: the verifier accepts an honest chain of grants, withdrawals and
// erasures, and names the first bad entry when one is deleted, edited, reordered, spliced,
// re-signed, or signed by a key revoked since.

#include "receipts/ledger.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "cartbell/consent/canonical.hpp"
#include "fixtures.hpp"
#include "receipts/receipt.hpp"
#include "receipts/tombstone.hpp"

namespace cartbell::receipts {
namespace {

using test::granted;

const std::string subject_a = "sub_5Jb2xQ8vN3mK7pLr";
const std::string subject_b = "sub_Zq3W9eR1tY6uI0oP";

std::string withdrawal_body(const std::string& subject, std::int64_t at) {
  auto r = test::grant_record(subject);
  r.kind = consent::record_kind::withdraw;
  r.granted_at = at;
  return consent::serialise(r).value();
}

erasure_tombstone tombstone_for(const std::string& subject, std::int64_t at, std::uint64_t last_seq) {
  erasure_tombstone t;
  t.shop = "demo-shop";
  t.subject = subject;
  t.erased_at = at;
  t.reason = erasure_reason::data_subject_request;
  t.request_ref = "DSR-2025-0042";
  t.categories = {"contact", "messages", "profile"};
  t.last_seq = last_seq;
  t.erased_digest = blake2b_256("sealed rows as stored");
  return t;
}

// grant A, grant B, withdraw A, erase A, grant B again (5 entries).
std::vector<ledger_entry> honest_chain(const crypto::v4_signing_keyring& ring) {
  std::vector<ledger_entry> chain;
  auto append = [&](ledger_kind kind, const std::string& subject, std::int64_t at, std::string body) {
    const digest32 prev = chain.empty() ? ledger_genesis : chain.back().hash;
    const std::uint64_t prev_seq = chain.empty() ? 0 : chain.back().seq;
    chain.push_back(make_ledger_entry(prev, prev_seq, kind, "demo-shop", subject, at, std::move(body)));
  };
  append(ledger_kind::grant, subject_a, granted, issue_receipt(ring, test::grant_claims(subject_a)).value());
  append(ledger_kind::grant, subject_b, granted + 5, issue_receipt(ring, test::grant_claims(subject_b)).value());
  append(ledger_kind::withdraw, subject_a, granted + 100, withdrawal_body(subject_a, granted + 100));
  append(ledger_kind::erase, subject_a, granted + 200, encode_tombstone(tombstone_for(subject_a, granted + 200, 3)).value());
  append(ledger_kind::grant, subject_b, granted + 300, issue_receipt(ring, test::grant_claims(subject_b)).value());
  return chain;
}

std::string verdict(const crypto::v4_signing_keyring& ring, const std::vector<ledger_entry>& chain) {
  ledger_verifier v(ring);
  for (const auto& e : chain) v.feed(e);
  if (!v.problem()) return "ok:" + std::to_string(v.verified());
  const auto& p = *v.problem();
  std::string out = "seq " + std::to_string(p.seq) + ": " + std::string(to_string(p.fault));
  if (p.receipt) out += " (" + std::string(to_string(*p.receipt)) + ")";
  return out;
}

void rehash_from(std::vector<ledger_entry>& chain, std::size_t from) {
  for (std::size_t i = from; i < chain.size(); ++i) {
    chain[i].prev_hash = i == 0 ? ledger_genesis : chain[i - 1].hash;
    chain[i].hash = ledger_hash(chain[i]);
  }
}

TEST(ledger, honest_chain_verifies_and_head_is_the_last_hash) {
  const auto ring = test::ring_with(1);
  const auto chain = honest_chain(ring);
  ledger_verifier v(ring);
  for (const auto& e : chain) EXPECT_FALSE(v.feed(e).has_value()) << e.seq;
  EXPECT_EQ(v.verified(), 5u);
  EXPECT_EQ(v.head(), chain.back().hash);
}

TEST(ledger, hash_is_pae_over_every_field) {
  const digest32 h = ledger_hash(ledger_genesis, 1, ledger_kind::grant, "s", "t", 1, "b");
  // Each field moves the hash, including boundaries between adjacent strings.
  EXPECT_NE(h, ledger_hash(blake2b_256("x"), 1, ledger_kind::grant, "s", "t", 1, "b"));
  EXPECT_NE(h, ledger_hash(ledger_genesis, 2, ledger_kind::grant, "s", "t", 1, "b"));
  EXPECT_NE(h, ledger_hash(ledger_genesis, 1, ledger_kind::withdraw, "s", "t", 1, "b"));
  EXPECT_NE(h, ledger_hash(ledger_genesis, 1, ledger_kind::grant, "st", "", 1, "b"));
  EXPECT_NE(h, ledger_hash(ledger_genesis, 1, ledger_kind::grant, "s", "t", 2, "b"));
  EXPECT_NE(h, ledger_hash(ledger_genesis, 1, ledger_kind::grant, "s", "t", 1, "c"));
  // Known answer, so a change of encoding cannot pass unnoticed.
  EXPECT_EQ(to_hex(h), to_hex(blake2b_256(std::string("\x08\0\0\0\0\0\0\0", 8) + std::string("\x12\0\0\0\0\0\0\0", 8) +
                                          "cartbell.ledger.v1" + std::string("\x20\0\0\0\0\0\0\0", 8) +
                                          std::string(32, '\0') + std::string("\x08\0\0\0\0\0\0\0", 8) +
                                          std::string("\x01\0\0\0\0\0\0\0", 8) + std::string("\x05\0\0\0\0\0\0\0", 8) +
                                          "grant" + std::string("\x01\0\0\0\0\0\0\0", 8) + "s" +
                                          std::string("\x01\0\0\0\0\0\0\0", 8) + "t" +
                                          std::string("\x08\0\0\0\0\0\0\0", 8) + std::string("\x01\0\0\0\0\0\0\0", 8) +
                                          std::string("\x01\0\0\0\0\0\0\0", 8) + "b")));
}

TEST(ledger, tampering_is_found_and_named) {
  const auto ring = test::ring_with(1);
  auto rotated = test::ring_with(1);
  const std::string old_kid = rotated.active_kid();
  rotated.activate(test::key_from_seed(2));
  rotated.revoke(old_kid);

  struct c {
    const char* name;
    std::function<void(std::vector<ledger_entry>&)> tamper;
    const crypto::v4_signing_keyring* keyring;
    const char* expected;
  };
  const c cases[] = {
      {"honest", [](auto&) {}, &ring, "ok:5"},
      {"deleted_middle", [](auto& ch) { ch.erase(ch.begin() + 2); }, &ring, "seq 4: seq_gap"},
      {"deleted_first", [](auto& ch) { ch.erase(ch.begin()); }, &ring, "seq 2: seq_gap"},
      {"deleted_and_renumbered", [](auto& ch) { ch.erase(ch.begin() + 1); for (std::size_t i = 1; i < ch.size(); ++i) ch[i].seq = i + 1; },
       &ring, "seq 2: prev_hash_mismatch"},
      {"deleted_renumbered_rehashed", [](auto& ch) { ch.erase(ch.begin() + 1); for (std::size_t i = 1; i < ch.size(); ++i) ch[i].seq = i + 1; rehash_from(ch, 1); },
       &ring, "seq 3: tombstone_mismatch"},
      {"swapped", [](auto& ch) { std::swap(ch[1], ch[2]); }, &ring, "seq 3: seq_gap"},
      {"swapped_and_renumbered", [](auto& ch) { std::swap(ch[1], ch[2]); ch[1].seq = 2; ch[2].seq = 3; }, &ring,
       "seq 2: prev_hash_mismatch"},
      {"edited_subject", [](auto& ch) { ch[1].subject = subject_a; }, &ring, "seq 2: hash_mismatch"},
      {"edited_time", [](auto& ch) { ch[2].created_at += 1; }, &ring, "seq 3: hash_mismatch"},
      {"edited_body_byte", [](auto& ch) { ch[0].body[20] ^= 1; }, &ring, "seq 1: hash_mismatch"},
      {"edited_and_rehashed", [](auto& ch) { ch[1].subject = subject_a; rehash_from(ch, 1); }, &ring,
       "seq 2: receipt_mismatch"},
      {"edited_later_prev_hash", [](auto& ch) { ch[3].prev_hash[0] ^= 1; }, &ring, "seq 4: prev_hash_mismatch"},
      {"resigned_by_outsider", [](auto& ch) { ch[1].body = issue_receipt(test::ring_with(7), test::grant_claims(subject_b)).value(); rehash_from(ch, 1); },
       &ring, "seq 2: receipt_invalid (unknown_kid)"},
      {"receipt_swapped_for_other_subject", [](auto& ch) { ch[1].body = ch[0].body; rehash_from(ch, 1); }, &ring,
       "seq 2: receipt_mismatch"},
      {"receipt_truncated", [](auto& ch) { ch[0].body.resize(ch[0].body.size() - 4); rehash_from(ch, 0); }, &ring,
       "seq 1: receipt_invalid (malformed_token)"},
      {"receipt_ledgered_before_nbf", [](auto& ch) { ch[0].created_at = granted - 1; rehash_from(ch, 0); }, &ring,
       "seq 1: receipt_invalid (not_yet_valid)"},
      {"signer_key_revoked", [](auto&) {}, &rotated, "seq 1: receipt_key_revoked"},
      {"withdrawal_not_a_record", [](auto& ch) { ch[2].body = "withdraw"; rehash_from(ch, 2); }, &ring,
       "seq 3: withdrawal_invalid"},
      {"withdrawal_of_a_grant_record", [](auto& ch) { ch[2].body = consent::serialise(test::grant_record()).value(); rehash_from(ch, 2); },
       &ring, "seq 3: withdrawal_invalid"},
      {"withdrawal_for_other_subject", [](auto& ch) { ch[2].body = withdrawal_body(subject_b, granted + 100); rehash_from(ch, 2); },
       &ring, "seq 3: withdrawal_mismatch"},
      {"withdrawal_from_the_future", [](auto& ch) { ch[2].body = withdrawal_body(subject_a, granted + 101); rehash_from(ch, 2); },
       &ring, "seq 3: withdrawal_mismatch"},
      {"tombstone_garbage", [](auto& ch) { ch[3].body = "x"; rehash_from(ch, 3); }, &ring, "seq 4: tombstone_invalid"},
      {"tombstone_wrong_last_seq", [](auto& ch) { ch[3].body = encode_tombstone(tombstone_for(subject_a, granted + 200, 1)).value(); rehash_from(ch, 3); },
       &ring, "seq 4: tombstone_mismatch"},
      {"tombstone_wrong_time", [](auto& ch) { ch[3].body = encode_tombstone(tombstone_for(subject_a, granted + 201, 3)).value(); rehash_from(ch, 3); },
       &ring, "seq 4: tombstone_mismatch"},
      {"bad_time", [](auto& ch) { ch[4].created_at = 0; rehash_from(ch, 4); }, &ring, "seq 5: bad_time"},
      {"body_too_large", [](auto& ch) { ch[4].body.assign(max_ledger_body + 1, 'x'); rehash_from(ch, 4); }, &ring,
       "seq 5: body_too_large"},
      {"spliced_entry", [](auto& ch) { auto extra = ch[4]; extra.seq = 6; ch.push_back(extra); }, &ring,
       "seq 6: prev_hash_mismatch"},
  };
  for (const auto& t : cases) {
    auto chain = honest_chain(ring);
    t.tamper(chain);
    EXPECT_EQ(verdict(*t.keyring, chain), t.expected) << t.name;
  }
}

TEST(ledger, problems_are_sticky) {
  const auto ring = test::ring_with(1);
  auto chain = honest_chain(ring);
  chain[1].subject = subject_a;
  ledger_verifier v(ring);
  EXPECT_FALSE(v.feed(chain[0]));
  auto p = v.feed(chain[1]);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->seq, 2u);
  auto again = v.feed(chain[2]);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->seq, 2u);
  EXPECT_EQ(v.verified(), 1u);
  EXPECT_EQ(v.head(), chain[0].hash);
}

TEST(ledger, retired_keys_keep_old_grants_valid) {
  auto ring = test::ring_with(1);
  const auto chain = honest_chain(ring);
  ring.activate(test::key_from_seed(2));  // rotation: key 1 retired, not revoked
  EXPECT_EQ(verdict(ring, chain), "ok:5");
}

TEST(tombstone, round_trip_and_strictness) {
  const auto t = tombstone_for(subject_a, granted, 3);
  const std::string bytes = encode_tombstone(t).value();
  auto back = parse_tombstone(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(encode_tombstone(*back).value(), bytes);
  EXPECT_EQ(back->categories, t.categories);
  EXPECT_EQ(bytes.find("+90"), std::string::npos);

  auto outcome = [](const auto& r) { return r ? std::string("ok") : "err:" + std::string(to_string(r.error())); };
  struct c { const char* name; std::function<void(erasure_tombstone&)> edit; const char* expected; };
  const c cases[] = {
      {"valid", [](auto&) {}, "ok"},
      {"no_ref", [](auto& x) { x.request_ref.clear(); }, "ok"},
      {"phone_subject", [](auto& x) { x.subject = "905321234567000000"; }, "err:personal_data_present"},
      {"phone_ref", [](auto& x) { x.request_ref = "+905321234567"; }, "err:personal_data_present"},
      {"bad_shop", [](auto& x) { x.shop = "Demo"; }, "err:invalid_field"},
      {"no_categories", [](auto& x) { x.categories.clear(); }, "err:invalid_field"},
      {"unknown_category", [](auto& x) { x.categories = {"phone_number"}; }, "err:invalid_field"},
      {"unsorted_categories", [](auto& x) { x.categories = {"profile", "contact"}; }, "err:invalid_field"},
      {"time_zero", [](auto& x) { x.erased_at = 0; }, "err:invalid_field"},
  };
  for (const auto& k : cases) {
    auto x = t;
    k.edit(x);
    EXPECT_EQ(outcome(encode_tombstone(x)), k.expected) << k.name;
  }
  // Any single-byte change or truncation is refused or changes the meaning detectably.
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string m = bytes;
    m[i] = static_cast<char>(m[i] ^ 0x41);
    auto r = parse_tombstone(m);
    if (r) EXPECT_NE(encode_tombstone(*r).value(), bytes) << i;
    EXPECT_FALSE(parse_tombstone(bytes.substr(0, i))) << i;
  }
  EXPECT_FALSE(parse_tombstone(bytes + "x"));
}

}  // namespace
}  // namespace cartbell::receipts
