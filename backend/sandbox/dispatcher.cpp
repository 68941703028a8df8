#include "sandbox/dispatcher.hpp"

#include <random>

#include "net/http_client.hpp"
#include "sandbox/sandbox.hpp"
#include "server/log.hpp"

namespace cartbell::sandbox {

namespace {

std::string percent_encode(const std::string& s) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(k_hex[c >> 4]);
      out.push_back(k_hex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string verification_url(const std::string& callback, const std::string& token, const std::string& challenge) {
  std::string sep = callback.find('?') == std::string::npos ? "?" : "&";
  return callback + sep + "hub.mode=subscribe&hub.verify_token=" + percent_encode(token) +
         "&hub.challenge=" + percent_encode(challenge);
}

webhook_dispatcher::webhook_dispatcher(sandbox& box, dispatcher_options options, server::logger& log)
    : box_(box), options_(std::move(options)), log_(log) {}

webhook_dispatcher::~webhook_dispatcher() { stop(); }

void webhook_dispatcher::start() {
  bool verify = !options_.callback_url.empty() && options_.verify_on_start;
  if (verify) threads_.emplace_back([this] { verify_loop(); });
  unsigned n = options_.callback_url.empty() ? 1 : std::max(1u, options_.threads);
  for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { deliver_loop(); });
}

void webhook_dispatcher::stop() {
  stopping_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void webhook_dispatcher::verify_loop() {
  net::client_options o;
  o.connect_timeout = options_.timeout;
  o.read_timeout = options_.timeout;
  net::http_client client(o);
  std::mt19937_64 rng(std::random_device{}());
  for (unsigned attempt = 1; !stopping_; ++attempt) {
    std::string challenge = std::to_string(rng() % 1'000'000'000'000ULL);
    auto r = client.get(verification_url(options_.callback_url, options_.verify_token, challenge), {},
                        net::steady::now() + options_.timeout);
    std::string problem;
    if (!r) problem = std::string(net::to_string(r.error().code)) + " " + r.error().detail;
    else if (r->status != 200) problem = "answered " + std::to_string(r->status);
    else if (r->body != challenge) problem = "answered 200 without the challenge";
    if (problem.empty()) {
      box_.callback_verified(true, "GET handshake answered the challenge");
      log_.info("callback verified", {{"callback", options_.callback_url}});
      return;
    }
    // Logged on the first failure and then now and again: the callback may simply not be up yet.
    if (attempt == 1 || attempt % 30 == 0) {
      box_.callback_verified(false, problem);
      log_.warn("callback verification failed; retrying every second", {{"error", problem}, {"attempt", attempt}});
    }
    for (int i = 0; i < 100 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void webhook_dispatcher::deliver_loop() {
  net::client_options o;
  o.connect_timeout = options_.timeout;
  o.read_timeout = options_.timeout;
  o.max_response_bytes = 64 * 1024;
  net::http_client client(o);
  while (!stopping_) {
    auto batch = box_.take_due(16);
    if (batch.empty()) {
      std::this_thread::sleep_for(options_.poll);
      continue;
    }
    for (auto& d : batch) {
      auto r = client.post_json(options_.callback_url, std::move(d.body), {{"X-Hub-Signature-256", d.signature}},
                                net::steady::now() + options_.timeout);
      if (!r) {
        box_.delivery_finished(d.id, false, 0, std::string(net::to_string(r.error().code)) + ": " + r.error().detail);
      } else {
        bool ok = r->status >= 200 && r->status < 300;
        box_.delivery_finished(d.id, ok, r->status, ok ? "" : r->body.substr(0, 200));
      }
    }
  }
}

}  // namespace cartbell::sandbox
