// Conformance cases for the consent module (tests/data/consent.json).
//
// ops (args -> answer):
//   consent.purpose    [text]              -> ok:<canonical purpose>|<utility|marketing>
//   consent.evidence   [text]              -> ok:<level>|<strength 1..3>
//   consent.sufficient [evidence, purpose, utility_min, marketing_min]
//                                          -> ok:yes | ok:no  (an empty minimum means the
//                                             default policy's value, wa_confirmed)
//   consent.make       [kind, shop, subject, purposes (comma list), text_version,
//                       text_hash (32 raw bytes, give it as hex:...), evidence, locale,
//                       granted_at, expires_at ("" for none)]
//                                          -> ok:<hex of the canonical bytes>; the record is
//                                             normalised first (purposes sorted, locale case)
//   consent.serialise  [same ten args]     -> ok:<hex>; strict: the record must already be
//                                             canonical (no sorting, no case folding)
//   consent.parse      [bytes (hex:...)]   -> ok:<kind>|<shop>|<subject>|<purposes comma>|
//                                             <version>|<hash hex>|<evidence>|<locale>|
//                                             <granted_at>|<expires_at or ->; also checks
//                                             serialise(parse(x)) == x (err:not_round_trip)
// Errors are the module's codes (err:duplicate_purpose); a time argument that is not a
// decimal integer gives err:invalid_time, a malformed purpose its purpose error.

#include <string>

#include "cartbell/consent/consent.hpp"
#include "case_runner.hpp"

namespace cartbell::cases {
namespace {

namespace cs = cartbell::consent;

std::string fail_with(cs::error e) { return err(cs::to_string(e)); }

std::optional<std::string> purpose_case(const args& a) {
  if (a.size() != 1) return err("bad_args");
  const auto p = cs::parse_purpose(a[0]);
  if (!p) return fail_with(p.error());
  return ok(cs::format_purpose(*p) + "|" + std::string(cs::to_string(cs::category_of(*p))));
}

std::optional<std::string> evidence_case(const args& a) {
  if (a.size() != 1) return err("bad_args");
  const auto level = cs::parse_evidence(a[0]);
  if (!level) return fail_with(level.error());
  return ok(std::string(cs::to_string(*level)) + "|" + std::to_string(static_cast<int>(*level)));
}

std::optional<std::string> sufficient_case(const args& a) {
  if (a.size() != 4) return err("bad_args");
  const auto have = cs::parse_evidence(a[0]);
  if (!have) return fail_with(have.error());
  const auto p = cs::parse_purpose(a[1]);
  if (!p) return fail_with(p.error());
  cs::evidence_policy policy;
  if (!a[2].empty()) {
    const auto m = cs::parse_evidence(a[2]);
    if (!m) return fail_with(m.error());
    policy.utility_minimum = *m;
  }
  if (!a[3].empty()) {
    const auto m = cs::parse_evidence(a[3]);
    if (!m) return fail_with(m.error());
    policy.marketing_minimum = *m;
  }
  return ok(cs::evidence_sufficient(*have, *p, policy) ? "yes" : "no");
}

// Builds a record from the ten string fields without normalising anything.
result<cs::record, cs::error> record_from(const args& a) {
  cs::record r;
  const auto kind = cs::parse_kind(a[0]);
  if (!kind) return fail(kind.error());
  r.kind = *kind;
  r.shop_id = a[1];
  r.subject_id = a[2];
  if (!a[3].empty()) {
    for (const std::string& text : split(a[3], ',')) {
      auto p = cs::parse_purpose(text);
      if (!p) return fail(p.error());
      r.purposes.push_back(std::move(p).value());
    }
  }
  r.text_version = a[4];
  const auto hash = cs::make_digest(a[5]);
  if (!hash) return fail(hash.error());
  r.text_hash = *hash;
  const auto evidence = cs::parse_evidence(a[6]);
  if (!evidence) return fail(evidence.error());
  r.evidence = *evidence;
  r.locale = a[7];
  const std::optional<long long> granted = to_int(a[8]);
  if (!granted) return fail(cs::error::invalid_time);
  r.granted_at = *granted;
  if (!a[9].empty()) {
    const std::optional<long long> expires = to_int(a[9]);
    if (!expires) return fail(cs::error::invalid_expiry);
    r.expires_at = *expires;
  }
  return r;
}

std::optional<std::string> serialise_case(const args& a, bool normalise) {
  if (a.size() != 10) return err("bad_args");
  auto r = record_from(a);
  if (!r) return fail_with(r.error());
  cs::record rec = std::move(r).value();
  if (normalise) {
    auto made = cs::make_record(std::move(rec));
    if (!made) return fail_with(made.error());
    rec = std::move(made).value();
  }
  const auto bytes = cs::serialise(rec);
  if (!bytes) return fail_with(bytes.error());
  return ok(to_hex(*bytes));
}

std::optional<std::string> parse_case(const args& a) {
  if (a.size() != 1) return err("bad_args");
  const auto r = cs::parse_record(a[0]);
  if (!r) return fail_with(r.error());
  const auto again = cs::serialise(*r);
  if (!again || *again != a[0]) return err("not_round_trip");
  std::string purposes;
  for (const cs::purpose& p : r->purposes) {
    if (!purposes.empty()) purposes += ',';
    purposes += cs::format_purpose(p);
  }
  const std::string_view hash(reinterpret_cast<const char*>(r->text_hash.data()), r->text_hash.size());
  std::string out;
  out += cs::to_string(r->kind);
  out += '|' + r->shop_id + '|' + r->subject_id + '|' + purposes + '|' + r->text_version + '|' + to_hex(hash) + '|';
  out += cs::to_string(r->evidence);
  out += '|' + r->locale + '|' + std::to_string(r->granted_at) + '|';
  out += r->expires_at ? std::to_string(*r->expires_at) : std::string("-");
  return ok(out);
}

}  // namespace

std::optional<std::string> run_consent_case(std::string_view op, const args& a) {
  if (op == "consent.purpose") return purpose_case(a);
  if (op == "consent.evidence") return evidence_case(a);
  if (op == "consent.sufficient") return sufficient_case(a);
  if (op == "consent.make") return serialise_case(a, true);
  if (op == "consent.serialise") return serialise_case(a, false);
  if (op == "consent.parse") return parse_case(a);
  return std::nullopt;
}

}  // namespace cartbell::cases
