// receipts::verify_receipt of a real receipt against libsodium's crypto_sign_verify_detached
// over the very message that receipt's signature covers (the PASETO pre-authentication
// encoding of header, payload, footer and implicit assertion), with the same public key.
// The difference between the two is what the receipt layer adds: base64url decoding,
// footer and claims parsing, the key ring lookup and the expectation checks.
//
// Each round alternates the two loops in ten slices, so a change in the machine's load
// falls on both; the ratio printed is the median of the per-round ratios. Each loop is
// timed twice: by the wall clock, and by the CPU time of the thread, which leaves out the
// time it waited for a CPU (the machine is shared with other work). It also times the pieces of verify_receipt that can be called on their own, so a figure
// below the goal says where the time goes.
//
//   cartbell_bench_receipts [seconds per loop, default 0.5] [rounds, default 7]
//   cartbell_bench_receipts --calls N   N of each call and no clock, for
//       valgrind --tool=callgrind: the instruction counts of crypto_sign_verify_detached and
//       verify_receipt (inclusive) do not depend on other load.

#include <sodium.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
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

constexpr int slices_per_round = 10;

double thread_cpu_seconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) die("no thread CPU clock");
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Calls made and the wall-clock and thread CPU time they took.
struct tally {
  std::uint64_t calls = 0;
  double wall = 0;
  double cpu = 0;
  [[nodiscard]] double wall_rate() const { return static_cast<double>(calls) / wall; }
  [[nodiscard]] double cpu_rate() const { return static_cast<double>(calls) / cpu; }
};

/// Calls `op` until `seconds` of wall-clock time have passed and adds to `t`. `op`
/// returning false (a verification that failed) aborts: a figure must never count failures.
void run_for(double seconds, const std::function<bool()>& op, tally& t) {
  const auto start = steady::now();
  const double cpu_start = thread_cpu_seconds();
  const auto until = start + std::chrono::duration<double>(seconds);
  auto now = start;
  do {
    for (int i = 0; i < 16; ++i) {
      if (!op()) die("a verification failed during the run");
    }
    t.calls += 16;
    now = steady::now();
  } while (now < until);
  t.cpu += thread_cpu_seconds() - cpu_start;
  t.wall += std::chrono::duration<double>(now - start).count();
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
  const bool count_mode = argc > 1 && std::string_view(argv[1]) == "--calls";
  const long calls = count_mode && argc > 2 ? std::atol(argv[2]) : 0;
  const double seconds = !count_mode && argc > 1 ? std::atof(argv[1]) : 0.5;
  const int rounds = !count_mode && argc > 2 ? std::atoi(argv[2]) : 7;
  if (!(seconds > 0 && seconds <= 30) || rounds < 1 || rounds > 101 || (count_mode && (calls < 1 || calls > 1000000)))
    die("usage: cartbell_bench_receipts [seconds 0..30] [rounds 1..101] | --calls N (1..1000000)");
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

  if (count_mode) {
    // Separate loops, so a profiler attributes each one on its own.
    for (long i = 0; i < calls; ++i)
      if (!raw_verify()) die("a verification failed during the run");
    for (long i = 0; i < calls; ++i)
      if (!receipt_verify()) die("a verification failed during the run");
    // Both were also called once before the loops (the acceptance check above).
    std::printf("ran %ld calls of each: in a callgrind profile, verify_receipt ran %ld times and\n"
                "crypto_sign_verify_detached %ld times (alone and inside verify_receipt)\n",
                calls, calls + 1, 2 * (calls + 1));
    return 0;
  }

  std::vector<double> raw_rates, receipt_rates, ratios, raw_cpu, receipt_cpu, cpu_ratios;
  for (int r = 0; r < rounds; ++r) {
    // Ten alternating slices per loop and round: a change in the load of the machine then
    // falls on both loops alike instead of on whichever one happened to be running.
    tally bare;
    tally receipt;
    for (int slice = 0; slice < slices_per_round; ++slice) {
      run_for(seconds / slices_per_round, raw_verify, bare);
      run_for(seconds / slices_per_round, receipt_verify, receipt);
    }
    raw_rates.push_back(bare.wall_rate());
    receipt_rates.push_back(receipt.wall_rate());
    ratios.push_back(receipt.wall_rate() / bare.wall_rate());
    raw_cpu.push_back(bare.cpu_rate());
    receipt_cpu.push_back(receipt.cpu_rate());
    cpu_ratios.push_back(receipt.cpu_rate() / bare.cpu_rate());
  }
  // The parts of verify_receipt that can be timed alone (each once per run is enough).
  auto parse = [&] { return receipts::parse_claims(payload).has_value(); };
  auto ring_verify = [&] { return ring.verify(*token, assertion).has_value(); };
  tally parse_tally;
  tally ring_tally;
  run_for(seconds, parse, parse_tally);
  run_for(seconds, ring_verify, ring_tally);
  const double parse_rate = parse_tally.cpu_rate();
  const double ring_rate = ring_tally.cpu_rate();

  const double ratio = median(ratios);
  const double cpu_ratio = median(cpu_ratios);
  char note[160];
  std::printf("token %zu bytes, signed message %zu bytes, %d rounds of %.1f s per loop in %d slices\n",
              token->size(), message.size(), rounds, seconds, slices_per_round);
  line("libsodium crypto_sign_verify_detached, same message", median(raw_rates), "verify/s", "reference");
  std::snprintf(note, sizeof note, "%.2fx libsodium (goal >= 0.9x) %s", ratio, ratio >= 0.9 ? "ok" : "BELOW GOAL");
  line("receipts::verify_receipt of a real receipt", median(receipt_rates), "verify/s", note);
  line("libsodium, per second of thread CPU time", median(raw_cpu), "verify/s", "reference");
  std::snprintf(note, sizeof note, "%.2fx libsodium (goal >= 0.9x) %s", cpu_ratio,
                cpu_ratio >= 0.9 ? "ok" : "BELOW GOAL");
  line("verify_receipt, per second of thread CPU time", median(receipt_cpu), "verify/s", note);
  const double raw_us = 1e6 / median(raw_cpu);
  std::snprintf(note, sizeof note, "%.1f us each; Ed25519 alone %.1f us (CPU time)", 1e6 / ring_rate, raw_us);
  line("info: key ring verify (base64url, PAE, Ed25519)", ring_rate, "calls/s", note);
  std::snprintf(note, sizeof note, "%.2f us each (CPU time)", 1e6 / parse_rate);
  line("info: parse_claims of the payload", parse_rate, "calls/s", note);
  return 0;
}
