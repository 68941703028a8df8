// receipts::verify_receipt of a real receipt against libsodium's crypto_sign_verify_detached
// over the very message that receipt's signature covers (the PASETO pre-authentication
// encoding of header, payload, footer and implicit assertion), with the same public key.
// The difference between the two is what the receipt layer adds: base64url decoding,
// footer and claims parsing, the key ring lookup and the expectation checks.
//
// Rounds alternate the two loops; the ratio printed is the median of per-round ratios.
// It also times the pieces of verify_receipt that can be called on their own, so a figure
// below the goal says where the time goes.
//
//   cartbell_bench_receipts [seconds per loop, default 0.5] [rounds, default 7]

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "cartbell/consent/consent.hpp"
#include "crypto/encoding.hpp"
#include "crypto/keyring.hpp"
#include "crypto/keys.hpp"
#include "crypto/paseto.hpp"
#include "receipts/receipt.hpp"
#include "receipts/receipt_claims.hpp"

namespace {

using namespace cartbell;
using steady = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "bench/receipts: %s\n", why.c_str());
  std::exit(1);
}

/// Calls `op` until `seconds` have passed; returns calls per second. `op` returning false
/// (a verification that failed) aborts: a figure must never count failures.
double rate(double seconds, const std::function<bool()>& op) {
  const auto start = steady::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  std::uint64_t n = 0;
  auto now = start;
  do {
    for (int i = 0; i < 64; ++i) {
      if (!op()) die("a verification failed during the run");
    }
    n += 64;
    now = steady::now();
  } while (now < until);
  return static_cast<double>(n) / std::chrono::duration<double>(now - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/// The grant the server signs when an opt-in is confirmed (api/consent_ops.cpp shape).
receipts::receipt_claims real_claims() {
  consent::record r;
  r.kind = consent::record_kind::grant;
  r.shop_id = "demo";
  r.subject_id = "s_Xq3vR8kP2mN7wL5tY9bZ";
  r.purposes = {consent::parse_purpose("order_updates").value(), consent::parse_purpose("offers").value()};
  r.text_version = "2026-01";
  for (std::size_t i = 0; i < r.text_hash.size(); ++i) r.text_hash[i] = static_cast<std::uint8_t>(0x5a ^ (i * 7));
  r.evidence = consent::evidence_level::wa_confirmed;
  r.locale = "en";
  r.granted_at = 1790000000;
  auto record = consent::make_record(std::move(r));
  if (!record) die("the benchmark's consent record is not canonical");
  auto claims = receipts::claims_for_record(*record, "cartbell-server", "r_Hk2Jq8Vw4Nz6Pm3Ts7Xb", "TR");
  if (!claims) die("the benchmark's claims are invalid");
  return *claims;
}

void line(const std::string& label, double value, const std::string& unit, const std::string& note) {
  std::printf("%-58s %9.0f %-8s %s\n", label.c_str(), value, unit.c_str(), note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
  if (!(seconds > 0 && seconds <= 30) || rounds < 1 || rounds > 101)
    die("usage: cartbell_bench_receipts [seconds 0..30] [rounds 1..101]");
  if (sodium_init() < 0) die("sodium_init failed");

  crypto::v4_signing_keyring ring;
  auto key = crypto::v4_secret_key::generate();
  const std::string public_paserk = key.public_key().to_paserk();
  ring.activate(std::move(key));
  const receipts::receipt_claims claims = real_claims();
  auto token = receipts::issue_receipt(ring, claims);
  if (!token) die("issue_receipt failed");
  const auto purpose = claims.purposes.front();
  const std::int64_t now = claims.issued_at + 60;

  // The reference message: exactly what the token's signature covers.
  constexpr std::string_view header = "v4.public.";
  std::string_view rest = std::string_view(*token).substr(header.size());
  const std::string_view body = rest.substr(0, rest.find('.'));
  auto raw = crypto::base64url_decode(body);
  auto footer = crypto::paseto_untrusted_footer(*token);
  auto pk = crypto::base64url_decode(std::string_view(public_paserk).substr(std::string_view("k4.public.").size()));
  if (!raw || raw->size() < crypto_sign_BYTES || !footer || !pk || pk->size() != crypto_sign_PUBLICKEYBYTES) {
    die("cannot take the token apart");
  }
  const std::string payload(raw->begin(), raw->end() - crypto_sign_BYTES);
  const std::vector<unsigned char> signature(raw->end() - crypto_sign_BYTES, raw->end());
  const std::string assertion = receipts::receipt_assertion(claims.shop, claims.purposes);
  const std::string message = crypto::paseto_pae({header, payload, *footer, assertion});
  auto raw_verify = [&] {
    return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), pk->data()) == 0;
  };
  auto receipt_verify = [&] { return receipts::verify_receipt(ring, *token, claims.shop, purpose, now).has_value(); };
  // Both must accept before anything is timed: otherwise the reference is not the same work.
  if (!raw_verify()) die("libsodium rejects the rebuilt message: the reference would not be the receipt's");
  if (!receipt_verify()) die("verify_receipt rejects the receipt");

  std::vector<double> raw_rates, receipt_rates, ratios;
  for (int r = 0; r < rounds; ++r) {
    raw_rates.push_back(rate(seconds, raw_verify));
    receipt_rates.push_back(rate(seconds, receipt_verify));
    ratios.push_back(receipt_rates.back() / raw_rates.back());
  }
  // The parts of verify_receipt that can be timed alone (each once per round is enough).
  auto parse = [&] { return receipts::parse_claims(payload).has_value(); };
  auto ring_verify = [&] { return ring.verify(*token, assertion).has_value(); };
  const double parse_rate = rate(seconds, parse);
  const double ring_rate = rate(seconds, ring_verify);

  const double ratio = median(ratios);
  char note[160];
  std::printf("token %zu bytes, signed message %zu bytes, %d rounds of %.1f s per loop\n", token->size(),
              message.size(), rounds, seconds);
  line("libsodium crypto_sign_verify_detached, same message", median(raw_rates), "verify/s", "reference");
  std::snprintf(note, sizeof note, "%.2fx libsodium (goal >= 0.9x) %s", ratio, ratio >= 0.9 ? "ok" : "BELOW GOAL");
  line("receipts::verify_receipt of a real receipt", median(receipt_rates), "verify/s", note);
  const double raw_us = 1e6 / median(raw_rates);
  std::snprintf(note, sizeof note, "%.1f us each; Ed25519 alone %.1f us", 1e6 / ring_rate, raw_us);
  line("info: key ring verify (base64url, PAE, Ed25519)", ring_rate, "calls/s", note);
  std::snprintf(note, sizeof note, "%.1f us each", 1e6 / parse_rate);
  line("info: parse_claims of the payload", parse_rate, "calls/s", note);
  return 0;
}
