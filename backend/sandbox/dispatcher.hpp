#pragma once
// Delivers the sandbox's webhooks to the callback URL as Meta does: first the GET
// verification handshake (repeated until the callback answers it, so start order does not
// matter), then each due webhook as a signed POST; non-2xx answers and network errors go
// back to the sandbox, which retries with backoff. Without a callback it still runs, so
// statuses keep advancing on the phone page.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace cartbell::server {
class logger;
}

namespace cartbell::sandbox {

class sandbox;

/// How the dispatcher reaches the callback.
struct dispatcher_options {
  std::string callback_url;  ///< empty: no deliveries
  std::string verify_token;  ///< hub.verify_token for the handshake
  bool verify_on_start = true;
  std::chrono::milliseconds timeout{5'000};  ///< per attempt
  unsigned threads = 2;
  std::chrono::milliseconds poll{5};  ///< how often an idle thread looks for due webhooks
};

/// The delivery threads.
class webhook_dispatcher {
 public:
  /// A dispatcher for `box`; threads start with start().
  webhook_dispatcher(sandbox& box, dispatcher_options options, server::logger& log);
  ~webhook_dispatcher();
  webhook_dispatcher(const webhook_dispatcher&) = delete;
  webhook_dispatcher& operator=(const webhook_dispatcher&) = delete;

  /// Starts the handshake and the delivery threads.
  void start();
  /// Stops and joins the threads (in-flight attempts finish first). Idempotent.
  void stop();

 private:
  void verify_loop();
  void deliver_loop();

  sandbox& box_;
  dispatcher_options options_;
  server::logger& log_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

/// The URL of the verification GET: `callback` plus hub.mode, hub.verify_token and hub.challenge.
[[nodiscard]] std::string verification_url(const std::string& callback, const std::string& token,
                                           const std::string& challenge);

}  // namespace cartbell::sandbox
