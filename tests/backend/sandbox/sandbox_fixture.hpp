#pragma once
// Test helpers: a sandbox on a manual clock with the example templates, request builders,
// and a way to run its webhook queue forward.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sandbox/sandbox.hpp"

namespace cartbell::sandbox::testing {

inline constexpr const char* k_token = "test-token";
inline constexpr const char* k_secret = "test-app-secret";
inline constexpr const char* k_number = "106540352242922";
inline constexpr const char* k_other_number = "106540352242999";
inline constexpr const char* k_shopper = "905321234567";
inline constexpr micros k_start = 1'763'820'000LL * k_second;

/// A configuration like example.json, with a callback and fast statuses.
[[nodiscard]] sandbox_config test_config();

/// The example templates (backend/sandbox/templates.json).
[[nodiscard]] template_store example_templates();

/// A text send body.
[[nodiscard]] std::string text_body(const std::string& to, const std::string& text = "hello");

/// A cart_reminder_1 (marketing) send body with all parameters.
[[nodiscard]] std::string cart_reminder_body(const std::string& to, const std::string& opaque = "j=cart;s=1");

/// An optin_confirmed (utility) send body.
[[nodiscard]] std::string utility_body(const std::string& to);

/// A sandbox on a manual clock.
class sandbox_fixture : public ::testing::Test {
 public:
  sandbox_fixture() : sandbox_fixture(test_config()) {}
  explicit sandbox_fixture(sandbox_config config);

  /// POST /v21.0/{number}/messages with the right token.
  send_answer send(const std::string& body, const std::string& number = k_number);
  /// The shopper writes `text` to the business.
  std::string shopper_says(const std::string& wa_id, const std::string& text = "hi", const std::string& number = k_number);
  /// Opens the callback (as after the verification handshake).
  void open_callback() { box->callback_verified(true, "test"); }
  /// Advances the clock by `d` and takes every webhook due, reporting them delivered.
  std::vector<webhook_delivery> run_for(micros d);
  /// The parsed JSON of an answer's body.
  static nlohmann::json json_of(const send_answer& a);
  /// Entries of the log with this event name.
  std::vector<log_entry> log_of(const std::string& event) const;

  manual_clock clock{k_start};
  std::unique_ptr<sandbox> box;
};

}  // namespace cartbell::sandbox::testing
