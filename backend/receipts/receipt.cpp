#include "receipts/receipt.hpp"

#include <algorithm>
#include <optional>
#include <span>

#include "crypto/encoding.hpp"
#include "crypto/paseto.hpp"

namespace cartbell::receipts {
namespace {

constexpr std::string_view public_header = "v4.public.";
constexpr std::size_t signature_bytes = 64;

receipt_error from_crypto(crypto::error e) {
  switch (e) {
    case crypto::error::unknown_kid: return receipt_error::unknown_kid;
    case crypto::error::key_revoked: return receipt_error::revoked_key;
    case crypto::error::verification_failed: return receipt_error::bad_signature;
    case crypto::error::bad_footer: return receipt_error::bad_footer;
    case crypto::error::no_active_key: return receipt_error::no_active_key;
    default: return receipt_error::malformed_token;
  }
}

// The signed message of a v4.public token, read WITHOUT checking the signature: only to
// rebuild the implicit assertion, which the signature check then covers. Decoded once,
// straight into the string that is returned.
result<std::string, receipt_error> untrusted_payload(std::string_view token) {
  if (token.size() > crypto::paseto_token_max || token.substr(0, public_header.size()) != public_header)
    return fail(receipt_error::malformed_token);
  std::string_view body = token.substr(public_header.size());
  body = body.substr(0, body.find('.'));
  std::string bytes(crypto::base64url_decoded_length(body.size()), '\0');
  auto n = crypto::base64url_decode_into(
      body, std::span<unsigned char>(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size()));
  if (!n || *n < signature_bytes) return fail(receipt_error::malformed_token);
  bytes.resize(*n - signature_bytes);
  return bytes;
}

// The key id of a token the key ring has just verified. The ring chose the key by
// parse_kid_footer, so the (now authenticated) footer is exactly kid_footer(kid): the id is
// taken out of it and the footer rebuilt from it to prove that, without parsing it again.
result<std::string, receipt_error> verified_kid(std::string_view token) {
  constexpr std::string_view open = "{\"kid\":\"";
  constexpr std::string_view close = "\"}";
  auto footer = crypto::paseto_untrusted_footer(token);
  if (!footer) return fail(receipt_error::malformed_token);
  const std::string_view f = *footer;
  if (f.size() < open.size() + close.size() || f.substr(0, open.size()) != open ||
      f.substr(f.size() - close.size()) != close)
    return fail(receipt_error::bad_footer);
  std::string kid(f.substr(open.size(), f.size() - open.size() - close.size()));
  if (crypto::kid_footer(kid) != f) return fail(receipt_error::bad_footer);
  return kid;
}

// Failure order: token shape (malformed_token), then, if the claims are not strict, the key
// ring's answer about footer and key before the claim error; then the signature.
result<verified_receipt, receipt_error> check_token(const crypto::v4_signing_keyring& keyring,
                                                    std::string_view token) {
  auto payload = untrusted_payload(token);
  if (!payload) return fail(payload.error());
  auto claims = parse_claims(*payload);
  if (!claims) {
    // Key problems outrank claim problems: the key ring answers malformed or bad footers,
    // unknown_kid and key_revoked before it looks at the signature, whatever assertion it
    // is given.
    auto keyed = keyring.verify(token);
    if (!keyed && keyed.error() != crypto::error::verification_failed) return fail(from_crypto(keyed.error()));
    return fail(claims.error());
  }
  const std::string assertion = receipt_assertion(claims->shop, claims->purposes);
  auto verified = keyring.verify(token, assertion);
  if (!verified) return fail(from_crypto(verified.error()));
  if (*verified != *payload) return fail(receipt_error::bad_signature);  // never trust a mismatch
  auto kid = verified_kid(token);
  if (!kid) return fail(kid.error());
  return verified_receipt{std::move(claims).value(), std::move(kid).value()};
}

std::optional<receipt_error> check_window(const receipt_claims& c, std::int64_t now) {
  if (now < c.not_before) return receipt_error::not_yet_valid;
  if (c.expires_at && now >= *c.expires_at) return receipt_error::expired;
  return std::nullopt;
}

}  // namespace

result<std::string, receipt_error> issue_receipt(const crypto::v4_signing_keyring& keyring,
                                                 const receipt_claims& claims) {
  if (auto problem = check_claims(claims)) return fail(*problem);
  auto token = keyring.sign(claims_to_json(claims), receipt_assertion(claims.shop, claims.purposes));
  if (!token) return fail(from_crypto(token.error()));
  return std::move(token).value();
}

result<verified_receipt, receipt_error> verify_receipt(const crypto::v4_signing_keyring& keyring,
                                                       std::string_view token, std::string_view expected_shop,
                                                       const consent::purpose& expected_purpose, std::int64_t now) {
  auto checked = check_token(keyring, token);
  if (!checked) return fail(checked.error());
  const receipt_claims& c = checked->claims;
  // Shop and purpose before the time window: a receipt for the wrong shop says so even
  // when it has also expired.
  if (c.shop != expected_shop) return fail(receipt_error::wrong_shop);
  if (std::find(c.purposes.begin(), c.purposes.end(), expected_purpose) == c.purposes.end())
    return fail(receipt_error::purpose_not_covered);
  if (auto problem = check_window(c, now)) return fail(*problem);
  return checked;
}

result<verified_receipt, receipt_error> verify_receipt_any(const crypto::v4_signing_keyring& keyring,
                                                           std::string_view token, std::int64_t now) {
  auto checked = check_token(keyring, token);
  if (!checked) return fail(checked.error());
  if (auto problem = check_window(checked->claims, now)) return fail(*problem);
  return checked;
}

}  // namespace cartbell::receipts
