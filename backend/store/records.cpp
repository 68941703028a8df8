#include "store/records.hpp"

namespace cartbell::store {
namespace {

constexpr std::string_view optin_status_names[] = {"pending", "confirmed", "expired"};
constexpr std::string_view withdraw_reason_names[] = {"stop_keyword", "user_preferences", "error_131050", "widget",
                                                      "api",          "superseded",       "erasure"};
constexpr std::string_view ledger_kind_names[] = {"grant", "withdraw", "erase"};

template <class E, std::size_t N>
std::optional<E> parse_name(const std::string_view (&names)[N], std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(optin_status s) { return optin_status_names[static_cast<std::size_t>(s)]; }
std::string_view to_string(withdraw_reason r) { return withdraw_reason_names[static_cast<std::size_t>(r)]; }
std::string_view to_string(ledger_kind k) { return ledger_kind_names[static_cast<std::size_t>(k)]; }

std::optional<optin_status> parse_optin_status(std::string_view text) {
  return parse_name<optin_status>(optin_status_names, text);
}
std::optional<withdraw_reason> parse_withdraw_reason(std::string_view text) {
  return parse_name<withdraw_reason>(withdraw_reason_names, text);
}
std::optional<ledger_kind> parse_ledger_kind(std::string_view text) {
  return parse_name<ledger_kind>(ledger_kind_names, text);
}

}  // namespace cartbell::store
