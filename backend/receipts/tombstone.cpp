#include "receipts/tombstone.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "cartbell/consent/record.hpp"
#include "crypto/paseto.hpp"
#include "receipts/le64.hpp"
#include "receipts/receipt_claims.hpp"

namespace cartbell::receipts {
namespace {

constexpr std::string_view magic = "cartbell.erasure.v1";
constexpr std::size_t piece_count = 9;
constexpr std::size_t max_tombstone_bytes = 4096;

constexpr std::array<std::pair<erasure_reason, std::string_view>, 3> reasons = {{
    {erasure_reason::data_subject_request, "data_subject_request"},
    {erasure_reason::retention_expired, "retention_expired"},
    {erasure_reason::shop_request, "shop_request"},
}};

std::optional<erasure_reason> parse_reason(std::string_view text) {
  for (const auto& [r, name] : reasons)
    if (name == text) return r;
  return std::nullopt;
}

bool valid_ref(std::string_view s) {
  return s.size() <= max_request_ref_length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_';
         });
}

bool valid_categories(const std::vector<std::string>& cats) {
  if (cats.empty()) return false;
  for (std::size_t i = 0; i < cats.size(); ++i) {
    if (std::find(std::begin(erasure_categories), std::end(erasure_categories), cats[i]) ==
        std::end(erasure_categories))
      return false;
    if (i > 0 && !(cats[i - 1] < cats[i])) return false;
  }
  return true;
}

std::optional<tombstone_error> first_problem(const erasure_tombstone& t) {
  if (is_phone_like(t.subject) || (!t.request_ref.empty() && is_phone_like(t.request_ref)))
    return tombstone_error::personal_data_present;
  if (!consent::check_shop_id(t.shop) || !consent::check_subject_id(t.subject) || t.erased_at < 1 ||
      t.erased_at > consent::max_time || !valid_ref(t.request_ref) || !valid_categories(t.categories))
    return tombstone_error::invalid_field;
  return std::nullopt;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ',';
    out += parts[i];
  }
  return out;
}

// Splits PAE bytes into exactly `count` pieces; nullopt when the framing is off anywhere.
std::optional<std::vector<std::string_view>> split_pae(std::string_view bytes, std::size_t count) {
  auto n = read_le64(bytes.substr(0, 8));
  if (bytes.size() < 8 || !n || *n != count) return std::nullopt;
  std::vector<std::string_view> pieces;
  std::size_t at = 8;
  for (std::size_t i = 0; i < count; ++i) {
    if (bytes.size() - at < 8) return std::nullopt;
    auto len = read_le64(bytes.substr(at, 8));
    at += 8;
    if (!len || *len > bytes.size() - at) return std::nullopt;
    pieces.push_back(bytes.substr(at, static_cast<std::size_t>(*len)));
    at += static_cast<std::size_t>(*len);
  }
  if (at != bytes.size()) return std::nullopt;
  return pieces;
}

}  // namespace

bool is_valid_request_ref(std::string_view ref) { return valid_ref(ref) && (ref.empty() || !is_phone_like(ref)); }

std::string_view to_string(tombstone_error e) {
  switch (e) {
    case tombstone_error::malformed: return "malformed";
    case tombstone_error::invalid_field: return "invalid_field";
    case tombstone_error::personal_data_present: return "personal_data_present";
  }
  return "unknown";
}

std::string_view to_string(erasure_reason r) {
  for (const auto& [value, name] : reasons)
    if (value == r) return name;
  return "unknown";
}

result<std::string, tombstone_error> encode_tombstone(const erasure_tombstone& t) {
  if (auto problem = first_problem(t)) return fail(*problem);
  const std::string erased_at = le64(static_cast<std::uint64_t>(t.erased_at));
  const std::string categories = join(t.categories);
  const std::string last_seq = le64(t.last_seq);
  return crypto::paseto_pae({magic, t.shop, t.subject, erased_at, to_string(t.reason), t.request_ref, categories,
                             last_seq, as_bytes(t.erased_digest)});
}

result<erasure_tombstone, tombstone_error> parse_tombstone(std::string_view bytes) {
  if (bytes.size() > max_tombstone_bytes) return fail(tombstone_error::malformed);
  auto pieces = split_pae(bytes, piece_count);
  if (!pieces || (*pieces)[0] != magic) return fail(tombstone_error::malformed);
  const auto& p = *pieces;
  auto erased_at = read_le64(p[3]);
  auto reason = parse_reason(p[4]);
  auto last_seq = read_le64(p[7]);
  if (!erased_at || !reason || !last_seq || p[8].size() != 32) return fail(tombstone_error::malformed);
  erasure_tombstone t;
  t.shop = std::string(p[1]);
  t.subject = std::string(p[2]);
  t.erased_at = static_cast<std::int64_t>(*erased_at);
  t.reason = *reason;
  t.request_ref = std::string(p[5]);
  std::string_view cats = p[6];
  while (!cats.empty()) {
    const auto comma = cats.find(',');
    t.categories.emplace_back(cats.substr(0, comma));
    if (comma == std::string_view::npos) break;
    cats.remove_prefix(comma + 1);
    if (cats.empty()) t.categories.emplace_back();  // trailing comma: an empty name, rejected below
  }
  t.last_seq = *last_seq;
  std::copy(p[8].begin(), p[8].end(), t.erased_digest.begin());
  if (auto problem = first_problem(t)) return fail(*problem);
  return t;
}

}  // namespace cartbell::receipts
