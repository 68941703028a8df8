#pragma once
// Shared by the API tests: a one-shop configuration, Meta-shaped webhook bodies and their
// signatures, and an API context on a temporary SQLite file with fresh keys.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "receipts/ledger.hpp"
#include "server/http.hpp"
#include "server/router.hpp"

namespace cartbell::api::testing {

/// The app secret the tests sign webhooks with.
inline constexpr const char* k_app_secret = "test-app-secret-0123456789";
/// The shop's allowed origin.
inline constexpr const char* k_origin = "https://shop.example";

/// A valid configuration (one shop "demo", en + tr texts version "v1") as JSON.
[[nodiscard]] nlohmann::json config_json();

/// A Meta webhook body with one change of `field` whose value is `value` plus the
/// messaging_product and the metadata of our number `phone_number_id`.
[[nodiscard]] std::string webhook_body(const std::string& field, const std::string& phone_number_id,
                                       nlohmann::json value);

/// A Meta webhook body carrying one inbound text message from `from` (digits), addressed
/// to our number with Meta id `phone_number_id`, from a profile named "Tester".
[[nodiscard]] std::string inbound_text_body(const std::string& wamid, const std::string& from, const std::string& text,
                                            const std::string& phone_number_id = "1");

/// A Meta user_preferences "stop" body for `from`.
[[nodiscard]] std::string preference_stop_body(const std::string& from, std::int64_t timestamp);

/// "sha256=<hex>" over `body` with k_app_secret.
[[nodiscard]] std::string sign(const std::string& body);

/// An API context on a fresh SQLite file in the test temp dir, with fresh keys and a settable clock.
struct api_fixture {
  /// A context serving `config` (config_json() by default).
  explicit api_fixture(const nlohmann::json& config = config_json());
  std::shared_ptr<api_context> ctx;
  server::router routes{64 * 1024};
  std::int64_t now = 1'800'000'000;

  /// Dispatches a request built from the parts.
  server::http_response call(server::http_method m, const std::string& target, const std::string& body = {},
                             const std::string& content_type = "application/json", const std::string& origin = k_origin,
                             const std::string& extra_header = {}, const std::string& extra_value = {});
  /// Signed POST /webhooks/whatsapp.
  server::http_response webhook(const std::string& body);
  /// POSTs the opt-in `body`, confirms it with the code from `from` (digits) and returns the
  /// receipt ("" and a test failure when any step fails).
  std::string confirmed_receipt(const std::string& body, const std::string& from, const std::string& wamid);
  /// Verifies the whole ledger with the context's keys; the first problem, if any, and the
  /// number of entries verified in `count`.
  std::optional<receipts::ledger_problem> verify_ledger(std::uint64_t& count);
};

}  // namespace cartbell::api::testing
