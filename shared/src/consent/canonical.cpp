#include "cartbell/consent/canonical.hpp"

#include <cstdint>
#include <optional>


namespace cartbell::consent {
namespace {

constexpr std::uint64_t field_count = 10;

void put_le64(std::string& out, std::uint64_t n) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(n & 0xFFU)));
    n >>= 8U;
  }
}

void put_field(std::string& out, std::string_view bytes) {
  put_le64(out, static_cast<std::uint64_t>(bytes.size()));
  out.append(bytes);
}

std::string time_bytes(std::int64_t t) {
  std::string out;
  put_le64(out, static_cast<std::uint64_t>(t));
  return out;
}

// Reads the input front to back; every read checks the bytes left first.
class reader {
 public:
  explicit reader(std::string_view bytes) : rest_(bytes) {}

  std::optional<std::uint64_t> le64() {
    if (rest_.size() < 8) return std::nullopt;
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8U) | static_cast<std::uint8_t>(rest_[static_cast<std::size_t>(i)]);
    rest_.remove_prefix(8);
    return n;
  }

  // A length-prefixed field; nullopt when the length runs past the end.
  std::optional<std::string_view> field() {
    const std::optional<std::uint64_t> length = le64();
    if (!length || *length > static_cast<std::uint64_t>(rest_.size())) return std::nullopt;
    const std::string_view out = rest_.substr(0, static_cast<std::size_t>(*length));
    rest_.remove_prefix(static_cast<std::size_t>(*length));
    return out;
  }

  [[nodiscard]] bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

std::optional<std::int64_t> read_time(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  reader r(bytes);
  const std::uint64_t n = *r.le64();
  // Values with the top bit set would be negative; they are outside every valid range.
  if (n > static_cast<std::uint64_t>(max_time)) return std::int64_t{-1};
  return static_cast<std::int64_t>(n);
}

result<std::vector<purpose>, error> read_purposes(std::string_view bytes) {
  reader r(bytes);
  const std::optional<std::uint64_t> count = r.le64();
  if (!count) return fail(error::truncated);
  if (*count == 0) return fail(error::no_purposes);
  if (*count > max_purposes) return fail(error::too_many_purposes);
  std::vector<purpose> purposes;
  purposes.reserve(static_cast<std::size_t>(*count));
  for (std::uint64_t i = 0; i < *count; ++i) {
    const std::optional<std::string_view> text = r.field();
    if (!text) return fail(error::truncated);
    result<purpose, error> p = parse_purpose(*text);
    if (!p) return fail(p.error());
    purposes.push_back(std::move(p).value());
  }
  if (!r.done()) return fail(error::trailing_bytes);
  return purposes;
}

}  // namespace

result<std::string, error> serialise(const record& r) {
  if (const std::optional<error> problem = first_problem(r)) return fail(*problem);

  std::string purposes;
  put_le64(purposes, static_cast<std::uint64_t>(r.purposes.size()));
  for (const purpose& p : r.purposes) put_field(purposes, format_purpose(p));

  std::string out(canonical_magic);
  put_le64(out, field_count);
  put_field(out, to_string(r.kind));
  put_field(out, r.shop_id);
  put_field(out, r.subject_id);
  put_field(out, purposes);
  put_field(out, r.text_version);
  put_field(out, std::string_view(reinterpret_cast<const char*>(r.text_hash.data()), r.text_hash.size()));
  put_field(out, to_string(r.evidence));
  put_field(out, r.locale);
  put_field(out, time_bytes(r.granted_at));
  put_field(out, r.expires_at ? time_bytes(*r.expires_at) : std::string());
  return out;
}

result<record, error> parse_record(std::string_view bytes) {
  if (bytes.size() > max_serialised_size) return fail(error::too_long);
  if (bytes.substr(0, canonical_magic.size()) != canonical_magic) return fail(error::bad_magic);
  reader in(bytes.substr(canonical_magic.size()));
  const std::optional<std::uint64_t> count = in.le64();
  if (!count) return fail(error::truncated);
  if (*count != field_count) return fail(error::bad_field_count);
  std::string_view fields[field_count];
  for (std::string_view& f : fields) {
    const std::optional<std::string_view> next = in.field();
    if (!next) return fail(error::truncated);
    f = *next;
  }
  if (!in.done()) return fail(error::trailing_bytes);

  record r;
  result<record_kind, error> kind = parse_kind(fields[0]);
  if (!kind) return fail(kind.error());
  r.kind = *kind;
  r.shop_id = std::string(fields[1]);
  r.subject_id = std::string(fields[2]);
  result<std::vector<purpose>, error> purposes = read_purposes(fields[3]);
  if (!purposes) return fail(purposes.error());
  r.purposes = std::move(purposes).value();
  r.text_version = std::string(fields[4]);
  result<digest, error> hash = make_digest(fields[5]);
  if (!hash) return fail(hash.error());
  r.text_hash = *hash;
  result<evidence_level, error> evidence = parse_evidence(fields[6]);
  if (!evidence) return fail(evidence.error());
  r.evidence = *evidence;
  r.locale = std::string(fields[7]);
  const std::optional<std::int64_t> granted = read_time(fields[8]);
  if (!granted) return fail(error::bad_integer);
  r.granted_at = *granted;
  if (!fields[9].empty()) {
    const std::optional<std::int64_t> expires = read_time(fields[9]);
    if (!expires) return fail(error::bad_integer);
    r.expires_at = *expires;
  }
  // The remaining rules (ids, order of purposes, locale case, times) are the record's own.
  if (const std::optional<error> problem = first_problem(r)) return fail(*problem);
  return r;
}

}  // namespace cartbell::consent
