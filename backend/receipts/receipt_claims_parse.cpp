// parse_claims: the strict reader of the canonical claims payload (receipt_claims.hpp).
//
// Receipts are verified far more often than they are issued, so the payload is read in one
// pass without a generic JSON parser. The reader is positional: it accepts the members in
// the byte order of their names (cc?, evidence, exp?, iat, iss, jti, nbf, purposes,
// record_hash, shop, sub, text_hash, text_version), no whitespace, and every value in the
// one spelling claims_to_json writes for it. Each value grammar has a single spelling per
// value (RFC 3339 form, 64 lowercase hex digits, exact evidence and purpose names), and every
// field rule allows printable ASCII only, so the only escapes the writer can produce are
// \" and \\ (in the issuer). The bytes accepted are therefore exactly claims_to_json(claims).
//
// A payload the reader refuses is then classified the way the generic reader always did
// (personal-data members, unknown members, phone-like ids), so error codes do not depend on
// which reader runs: that costs a JSON parse, but only on the path that rejects the receipt.

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "receipts/receipt_claims.hpp"
#include "receipts/rfc3339.hpp"

namespace cartbell::receipts {
namespace {

// Members that would put personal data into a token anyone can read. Finding one is a
// louder error than an unknown member: it means an issuer somewhere leaked data.
// clang-format off
constexpr std::array<std::string_view, 14> personal_members = {
    "e164", "email", "from", "msisdn", "name", "phone", "phone_number", "profile_name",
    "recipient_id", "tel", "to", "user_id", "wa_id", "number"};
// clang-format on

// clang-format off
constexpr std::array<std::string_view, 13> known_members = {
    "cc", "evidence", "exp", "iat", "iss", "jti", "nbf", "purposes", "record_hash", "shop", "sub",
    "text_hash", "text_version"};
// clang-format on

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view key) {
  return std::find(set.begin(), set.end(), key) != set.end();
}

// A cursor over the payload. key() moves only on a match, so optional members can be
// tried; any other read that fails ends the parse, wherever it left the cursor.
class canonical_reader {
 public:
  explicit canonical_reader(std::string_view text) : text_(text) {}

  bool byte(char c) {
    if (at_ == text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }

  // `"name":`, preceded by a comma unless it is the object's first member.
  bool key(std::string_view name) {
    const std::size_t comma = members_ == 0 ? 0 : 1;
    const std::size_t size = comma + name.size() + 3;
    if (text_.size() - at_ < size) return false;
    const char* p = text_.data() + at_;
    if ((comma == 1 && p[0] != ',') || p[comma] != '"' || std::memcmp(p + comma + 1, name.data(), name.size()) != 0 ||
        p[comma + 1 + name.size()] != '"' || p[comma + 2 + name.size()] != ':')
      return false;
    at_ += size;
    ++members_;
    return true;
  }

  // A string with no escapes: printable ASCII up to the closing quote.
  std::optional<std::string_view> plain_string() {
    if (!byte('"')) return std::nullopt;
    const std::size_t start = at_;
    for (; at_ < text_.size(); ++at_) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') return text_.substr(start, at_++ - start);
      if (c < 0x20 || c > 0x7e || c == '\\') return std::nullopt;
    }
    return std::nullopt;
  }

  // A string of printable ASCII in which '"' and '\' are written \" and \\, as
  // nlohmann::json::dump() writes them; no other escape is ever written.
  bool escaped_string(std::string& out) {
    if (!byte('"')) return false;
    out.clear();
    std::size_t run = at_;
    for (; at_ < text_.size(); ++at_) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        out.append(text_.substr(run, at_++ - run));
        return true;
      }
      if (c == '\\') {
        if (at_ + 1 == text_.size() || (text_[at_ + 1] != '"' && text_[at_ + 1] != '\\')) return false;
        out.append(text_.substr(run, at_ - run));
        out += text_[++at_];
        run = at_ + 1;
      } else if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return false;
  }

  [[nodiscard]] bool at_end() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t members_ = 0;
};

bool read_string(canonical_reader& r, std::string& out) {
  auto v = r.plain_string();
  if (!v) return false;
  out.assign(*v);
  return true;
}

bool read_time(canonical_reader& r, std::int64_t& out) {
  auto v = r.plain_string();
  if (!v) return false;
  auto t = parse_rfc3339(*v);
  if (!t) return false;
  out = *t;
  return true;
}

bool read_digest(canonical_reader& r, digest32& out) {
  auto v = r.plain_string();
  if (!v) return false;
  auto d = digest_from_hex(*v);
  if (!d) return false;
  out = *d;
  return true;
}

bool read_evidence(canonical_reader& r, consent::evidence_level& out) {
  auto v = r.plain_string();
  if (!v) return false;
  auto e = consent::parse_evidence(*v);
  if (!e) return false;
  out = *e;
  return true;
}

// ["<purpose>",...]: 1..max_purposes names; their order is checked with the other field rules.
bool read_purposes(canonical_reader& r, std::vector<consent::purpose>& out) {
  if (!r.byte('[')) return false;
  do {
    if (out.size() == consent::max_purposes) return false;
    auto v = r.plain_string();
    if (!v) return false;
    auto p = consent::parse_purpose(*v);
    if (!p) return false;
    out.push_back(std::move(p).value());
  } while (r.byte(','));
  return r.byte(']');
}

// The claims of a payload in canonical spelling, or nullopt. Field rules (lengths,
// alphabets, purpose order, time order) are check_claims' job.
std::optional<receipt_claims> read_canonical(std::string_view payload) {
  canonical_reader r(payload);
  receipt_claims c;
  if (!r.byte('{')) return std::nullopt;
  // cc is written only when set, so a present cc is never "".
  if (r.key("cc") && (!read_string(r, c.country) || c.country.empty())) return std::nullopt;
  if (!r.key("evidence") || !read_evidence(r, c.evidence)) return std::nullopt;
  if (r.key("exp")) {
    std::int64_t exp = 0;
    if (!read_time(r, exp)) return std::nullopt;
    c.expires_at = exp;
  }
  const bool ok = r.key("iat") && read_time(r, c.issued_at) && r.key("iss") && r.escaped_string(c.issuer) &&
                  r.key("jti") && read_string(r, c.receipt_id) && r.key("nbf") && read_time(r, c.not_before) &&
                  r.key("purposes") && read_purposes(r, c.purposes) && r.key("record_hash") &&
                  read_digest(r, c.record_hash) && r.key("shop") && read_string(r, c.shop) && r.key("sub") &&
                  read_string(r, c.subject) && r.key("text_hash") && read_digest(r, c.text_hash) &&
                  r.key("text_version") && read_string(r, c.text_version) && r.byte('}') && r.at_end();
  if (!ok) return std::nullopt;
  return c;
}

std::optional<std::string> string_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// Why a payload the canonical reader refused is refused, decided as the generic reader
// always did: a personal-data member first, then an unknown member, then a phone-like
// subject or receipt id; anything else is malformed.
receipt_error classify_rejected(std::string_view payload) {
  const auto j = nlohmann::json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return receipt_error::malformed_claims;
  for (const auto& item : j.items()) {
    if (contains(personal_members, item.key())) return receipt_error::personal_data_present;
  }
  for (const auto& item : j.items()) {
    if (!contains(known_members, item.key())) return receipt_error::malformed_claims;
  }
  if (auto sub = string_member(j, "sub"); sub && is_phone_like(*sub)) return receipt_error::personal_data_present;
  if (auto jti = string_member(j, "jti"); jti && is_phone_like(*jti)) return receipt_error::personal_data_present;
  return receipt_error::malformed_claims;
}

}  // namespace

result<receipt_claims, receipt_error> parse_claims(std::string_view payload) {
  auto claims = read_canonical(payload);
  if (!claims) return fail(classify_rejected(payload));
  // check_claims answers personal_data_present for a phone-like subject or receipt id
  // before it looks at any other rule, as the generic reader did.
  if (auto problem = check_claims(*claims)) {
    return fail(*problem == receipt_error::personal_data_present ? *problem : receipt_error::malformed_claims);
  }
  return std::move(*claims);
}

}  // namespace cartbell::receipts
