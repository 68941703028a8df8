#include "cartbell/consent/record.hpp"

#include <algorithm>

#include "cartbell/locale/tag.hpp"

namespace cartbell::consent {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool time_in_range(std::int64_t t) { return t > 0 && t <= max_time; }

}  // namespace

result<record_kind, error> parse_kind(std::string_view text) {
  if (text == "grant") return record_kind::grant;
  if (text == "withdraw") return record_kind::withdraw;
  return fail(error::unknown_kind);
}

std::string_view to_string(record_kind kind) {
  switch (kind) {
    case record_kind::grant:
      return "grant";
    case record_kind::withdraw:
      return "withdraw";
  }
  return "unknown";
}

result<digest, error> make_digest(std::string_view bytes) {
  if (bytes.size() != text_hash_size) return fail(error::bad_text_hash);
  digest d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

result<std::string_view, error> check_shop_id(std::string_view shop_id) {
  if (shop_id.empty()) return fail(error::empty_shop);
  if (shop_id.size() > max_shop_length) return fail(error::shop_too_long);
  if (!is_lower_alnum(shop_id[0])) return fail(error::invalid_shop);
  for (const char c : shop_id) {
    if (!is_lower_alnum(c) && c != '_' && c != '-') return fail(error::invalid_shop);
  }
  return shop_id;
}

result<std::string_view, error> check_subject_id(std::string_view subject_id) {
  if (subject_id.empty()) return fail(error::empty_subject);
  if (subject_id.size() < min_subject_length) return fail(error::subject_too_short);
  if (subject_id.size() > max_subject_length) return fail(error::subject_too_long);
  for (const char c : subject_id) {
    if (!is_alnum(c) && c != '_' && c != '-') return fail(error::invalid_subject);
  }
  // A receipt is readable by anyone: refuse anything that could be a raw phone number.
  if (std::all_of(subject_id.begin(), subject_id.end(), is_digit)) return fail(error::subject_looks_like_phone);
  return subject_id;
}

result<std::string_view, error> check_text_version(std::string_view version) {
  if (version.empty()) return fail(error::empty_text_version);
  if (version.size() > max_text_version_length) return fail(error::text_version_too_long);
  for (const char c : version) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-') return fail(error::invalid_text_version);
  }
  return version;
}

std::optional<error> first_problem(const record& r) {
  if (to_string(r.kind) == "unknown") return error::unknown_kind;
  if (auto s = check_shop_id(r.shop_id); !s) return s.error();
  if (auto s = check_subject_id(r.subject_id); !s) return s.error();
  if (r.purposes.empty()) return error::no_purposes;
  if (r.purposes.size() > max_purposes) return error::too_many_purposes;
  for (std::size_t i = 0; i < r.purposes.size(); ++i) {
    const purpose& p = r.purposes[i];
    if (to_string(p.kind) == "unknown") return error::unknown_purpose;
    if (p.kind == purpose_kind::back_in_stock) {
      if (auto b = back_in_stock(p.sku); !b) return b.error();
    } else if (!p.sku.empty()) {
      return error::unknown_purpose;
    }
    if (i > 0 && r.purposes[i - 1] == p) return error::duplicate_purpose;
    if (i > 0 && !(r.purposes[i - 1] < p)) return error::unsorted_purposes;
  }
  if (auto v = check_text_version(r.text_version); !v) return v.error();
  if (to_string(r.evidence) == "unknown") return error::unknown_evidence;
  if (r.locale.empty() || !locale::parse_tag(r.locale)) return error::invalid_locale;
  if (!locale::is_canonical_tag(r.locale)) return error::non_canonical_locale;
  if (!time_in_range(r.granted_at)) return error::invalid_time;
  if (r.expires_at) {
    if (r.kind == record_kind::withdraw) return error::expiry_on_withdrawal;
    if (!time_in_range(*r.expires_at) || *r.expires_at <= r.granted_at) return error::invalid_expiry;
  }
  return std::nullopt;
}

result<record, error> make_record(record draft) {
  // An oversized list is rejected by the checks below; do not spend time sorting it.
  if (draft.purposes.size() <= max_purposes) std::sort(draft.purposes.begin(), draft.purposes.end());
  if (const result<std::string, locale::error> tag = locale::canonicalize_tag(draft.locale)) {
    draft.locale = *tag;
  }
  return check_record(std::move(draft));
}

result<record, error> check_record(record r) {
  if (const std::optional<error> problem = first_problem(r)) return fail(*problem);
  return r;
}

}  // namespace cartbell::consent
