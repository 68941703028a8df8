#pragma once
// Shared test fixtures for backend/receipts: deterministic keys and a canonical grant.

#include <array>
#include <cstdint>
#include <string>

#include "cartbell/consent/consent.hpp"
#include "crypto/keyring.hpp"
#include "crypto/testing.hpp"
#include "receipts/receipt_claims.hpp"

namespace cartbell::receipts::test {

/// A secret key from the seed `fill, fill+1, ..., fill+31` (deterministic: Ed25519 signing is too).
inline crypto::v4_secret_key key_from_seed(std::uint8_t fill) {
  std::array<unsigned char, 32> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<unsigned char>(fill + i);
  return crypto::testing::v4_secret_key_from_seed(seed).value();
}

/// A key ring whose active key comes from key_from_seed(fill).
inline crypto::v4_signing_keyring ring_with(std::uint8_t fill) {
  crypto::v4_signing_keyring ring;
  ring.activate(key_from_seed(fill));
  return ring;
}

/// 2025-11-22T14:00:00Z.
inline constexpr std::int64_t granted = 1763820000;

/// A canonical grant record for shop "demo-shop".
inline consent::record grant_record(std::string subject = "sub_5Jb2xQ8vN3mK7pLr") {
  consent::record r;
  r.kind = consent::record_kind::grant;
  r.shop_id = "demo-shop";
  r.subject_id = std::move(subject);
  r.purposes = {consent::parse_purpose("order_updates").value(), consent::parse_purpose("back_in_stock:SKU-42").value()};
  r.text_version = "tr-2025-11";
  for (std::size_t i = 0; i < r.text_hash.size(); ++i) r.text_hash[i] = static_cast<std::uint8_t>(0xa0 + i);
  r.evidence = consent::evidence_level::wa_confirmed;
  r.locale = "tr";
  r.granted_at = granted;
  return consent::make_record(std::move(r)).value();
}

/// Claims for grant_record() with receipt id "rcpt_01JD3Y8K2M4N6P".
inline receipt_claims grant_claims(std::string subject = "sub_5Jb2xQ8vN3mK7pLr") {
  return claims_for_record(grant_record(std::move(subject)), "https://cartbell.example", "rcpt_01JD3Y8K2M4N6P", "TR")
      .value();
}

}  // namespace cartbell::receipts::test
