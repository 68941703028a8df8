#include "crypto/keyring.hpp"

#include <algorithm>

#include "crypto/encoding.hpp"
#include "crypto/paseto.hpp"

namespace cartbell::crypto {
namespace {

constexpr std::string_view pid_prefix = "k4.pid.";
constexpr std::size_t kid_footer_max = 128;  // {"kid":"k4.pid.<44>"} is 60 bytes

bool is_public_key_id(std::string_view kid) {
  if (kid.substr(0, pid_prefix.size()) != pid_prefix) return false;
  unsigned char digest[33];
  auto n = base64url_decode_into(kid.substr(pid_prefix.size()), digest);
  return n && *n == sizeof digest;
}

}  // namespace

std::string kid_footer(std::string_view kid) {
  std::string footer = "{\"kid\":\"";
  footer += kid;
  footer += "\"}";
  return footer;
}

result<std::string> parse_kid_footer(std::string_view footer) {
  if (footer.empty() || footer.size() > kid_footer_max) return fail(error::bad_footer);
  // Only the canonical spelling {"kid":"k4.pid..."} is accepted, so no JSON reader is
  // needed (it cost 1.5 % of a receipt check): whitespace, escapes, other members and
  // duplicates all differ from kid_footer(id) and fail the byte comparison.
  constexpr std::string_view open = R"({"kid":")", close = R"("})";
  if (!footer.starts_with(open) || !footer.ends_with(close) || footer.size() < open.size() + close.size()) {
    return fail(error::bad_footer);
  }
  std::string id(footer.substr(open.size(), footer.size() - open.size() - close.size()));
  if (!is_public_key_id(id) || kid_footer(id) != footer) return fail(error::bad_footer);
  return id;
}

void v4_signing_keyring::activate(v4_secret_key key) {
  const v4_public_key pub = key.public_key();
  std::string kid = pub.id();
  const bool known = std::any_of(verifiers_.begin(), verifiers_.end(),
                                 [&kid](const auto& entry) { return entry.first == kid; });
  if (!known) verifiers_.emplace_back(kid, pub);
  active_kid_ = std::move(kid);
  active_ = std::move(key);
}

void v4_signing_keyring::add_retired(const v4_public_key& key) {
  std::string kid = key.id();
  const bool known = std::any_of(verifiers_.begin(), verifiers_.end(),
                                 [&kid](const auto& entry) { return entry.first == kid; });
  if (!known) verifiers_.emplace_back(std::move(kid), key);
}

void v4_signing_keyring::revoke(std::string_view kid) {
  if (!is_revoked(kid)) revoked_.emplace_back(kid);
  verifiers_.erase(std::remove_if(verifiers_.begin(), verifiers_.end(),
                                  [kid](const auto& entry) { return entry.first == kid; }),
                   verifiers_.end());
  if (active_kid_ == kid) {
    active_.reset();  // the secret_bytes destructor wipes it
    active_kid_.clear();
  }
}

bool v4_signing_keyring::is_revoked(std::string_view kid) const {
  return std::find(revoked_.begin(), revoked_.end(), kid) != revoked_.end();
}

result<std::string> v4_signing_keyring::sign(std::string_view payload, std::string_view implicit_assertion) const {
  if (!active_) return fail(error::no_active_key);
  return v4_public_sign(*active_, payload, kid_footer(active_kid_), implicit_assertion);
}

result<std::string> v4_signing_keyring::verify(std::string_view token, std::string_view implicit_assertion) const {
  auto footer = paseto_untrusted_footer(token);
  if (!footer) return fail(footer.error());
  if (token.substr(0, 10) != "v4.public.") return fail(error::wrong_purpose);
  auto kid = parse_kid_footer(*footer);
  if (!kid) return fail(kid.error());
  if (is_revoked(*kid)) return fail(error::key_revoked);
  const auto entry = std::find_if(verifiers_.begin(), verifiers_.end(),
                                  [&kid](const auto& e) { return e.first == *kid; });
  if (entry == verifiers_.end()) return fail(error::unknown_kid);
  auto message = v4_public_verify(entry->second, token, implicit_assertion);
  if (!message) return fail(message.error());
  return std::move(message).value().payload;
}

}  // namespace cartbell::crypto
