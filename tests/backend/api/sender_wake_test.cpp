// The dispatchers' wake-up (api/sender_wake.hpp): a waiter wakes on a poke and not before,
// a poke that comes before the wait is not lost, a stop ends the wait; and the handlers that
// queue a message due now poke it after the commit (POST /v1/admin/messages, the opt-in
// confirmation's reply), while a scheduled, refused or replayed message does not. The
// assertions are on the order of events (poked, then found in the store), never on time.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "admin_messages_support.hpp"
#include "api/sender_wake.hpp"

namespace cartbell::api {
namespace {

using namespace admin_messages_testing;
using std::chrono::hours;
using std::chrono::microseconds;

/// Spins until `wake` has `n` waiters: the poke that follows then reaches a thread that waits.
void until_waiting(const sender_wake& wake, std::size_t n) {
  while (wake.waiters() != n) std::this_thread::yield();
}

TEST(sender_wake, a_waiter_wakes_on_a_poke_and_not_before) {
  sender_wake wake;
  const std::uint64_t seen = wake.generation();
  std::atomic<bool> returned{false};
  std::optional<bool> poked;
  std::jthread waiter([&](std::stop_token stop) {
    poked = wake.wait(stop, seen, hours(1));
    returned = true;
  });
  until_waiting(wake, 1);
  EXPECT_FALSE(returned) << "woke before the poke";
  wake.poke();
  waiter.join();
  EXPECT_EQ(poked, true);
  EXPECT_EQ(wake.generation(), seen + 1);
  EXPECT_EQ(wake.waiters(), 0u);
}

TEST(sender_wake, a_poke_before_the_wait_is_not_lost) {
  sender_wake wake;
  std::stop_source never;
  const std::uint64_t seen = wake.generation();
  // Nothing poked: a wait that may not block at all times out, not poked.
  EXPECT_FALSE(wake.wait(never.get_token(), seen, microseconds(0)));
  wake.poke();  // between reading the generation and waiting: the round's blind spot
  EXPECT_TRUE(wake.wait(never.get_token(), seen, microseconds(0)));
  EXPECT_TRUE(wake.wait(never.get_token(), seen, hours(1))) << "returns at once, however long it may wait";
  EXPECT_FALSE(wake.wait(never.get_token(), wake.generation(), microseconds(0))) << "a new generation waits again";
}

TEST(sender_wake, one_poke_wakes_every_waiter_and_a_stop_ends_a_wait) {
  sender_wake wake;
  const std::uint64_t seen = wake.generation();
  std::optional<bool> first, second;
  std::jthread a([&](std::stop_token stop) { first = wake.wait(stop, seen, hours(1)); });
  std::jthread b([&](std::stop_token stop) { second = wake.wait(stop, seen, hours(1)); });
  until_waiting(wake, 2);
  wake.poke();
  a.join();
  b.join();
  EXPECT_EQ(first, true);
  EXPECT_EQ(second, true);

  std::optional<bool> stopped;
  std::jthread c([&](std::stop_token stop) { stopped = wake.wait(stop, wake.generation(), hours(1)); });
  until_waiting(wake, 1);
  c.request_stop();
  c.join();
  EXPECT_EQ(stopped, false) << "stopped, not poked";
}

TEST(api_sender_wake, a_message_queued_due_now_is_found_by_the_woken_dispatcher) {
  world w;
  sender_wake& wake = w.f.ctx->wake;
  const std::uint64_t seen = wake.generation();
  std::optional<bool> poked;
  std::vector<store::outbox_row> found;
  // What run_sender does when idle: wait for the wake, then claim. Here with an hour's cap,
  // so returning at all means it was poked, and the claim after it sees the committed row.
  std::jthread dispatcher([&](std::stop_token stop) {
    poked = wake.wait(stop, seen, hours(1));
    auto claimed = w.f.ctx->db->claim_due({w.f.now, 100, 60, let_through});
    if (claimed) found = claimed->claimed;
  });
  until_waiting(wake, 1);
  auto queued = post(w.f, request(w.subject));
  ASSERT_EQ(queued.status, 202u) << queued.body;
  // Stopping now ends the wait either way (a handler that forgot to poke fails, not hangs);
  // a poke that came first still counts, as the wait answers whether the generation moved.
  dispatcher.request_stop();
  dispatcher.join();
  EXPECT_EQ(poked, true);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key, parsed(queued).at("message").at("key").get<std::string>());
}

TEST(api_sender_wake, only_a_committed_message_due_now_pokes) {
  world w;
  const header_list key = {{"Idempotency-Key", "wake-1"}};
  struct row {
    const char* name;
    std::function<server::http_response()> act;
    unsigned status;
    std::uint64_t pokes;
  };
  const row rows[] = {
      {"due_now", [&] { return post(w.f, request(w.subject)); }, 202, 1},
      {"first_use_of_a_key", [&] { return post(w.f, request(w.subject), key); }, 202, 1},
      {"its_replay_queues_nothing", [&] { return post(w.f, request(w.subject), key); }, 202, 0},
      {"scheduled_an_hour_ahead", [&] { return post(w.f, request(w.subject, {{"send_at", w.f.now + 3600}})); }, 202,
       0},
      {"refused_by_the_gate", [&] { return post(w.f, request(w.typed, {{"purpose", "offers"}, {"category", "marketing"}})); },
       409, 0},
      {"invalid", [&] { return post(w.f, request(w.subject, {{"purpose", "nothing"}})); }, 422, 0},
  };
  for (const auto& r : rows) {
    const std::uint64_t before = w.f.ctx->wake.generation();
    auto answer = r.act();
    EXPECT_EQ(answer.status, r.status) << r.name << ": " << answer.body;
    EXPECT_EQ(w.f.ctx->wake.generation() - before, r.pokes) << r.name;
  }
}

TEST(api_sender_wake, the_optin_confirmation_pokes_for_its_reply) {
  api_fixture f;
  const std::uint64_t before = f.ctx->wake.generation();
  EXPECT_FALSE(f.confirmed_receipt(k_optin, k_from, "wamid.join").empty());
  EXPECT_EQ(f.ctx->wake.generation() - before, 1u) << "the JOIN confirmed an opt-in and queued its reply";
  auto replies = f.ctx->db->outbox_in_state("pending", 10);
  ASSERT_TRUE(replies);
  ASSERT_EQ(replies->size(), 1u);
  EXPECT_EQ(replies->front().kind, "optin_confirmed");
  EXPECT_LE(replies->front().due_at, f.now);
  // The same JOIN again (Meta redelivers it): already confirmed, nothing queued, no poke.
  auto again = f.webhook(testing::inbound_text_body("wamid.join", k_from, "JOIN whatever"));
  EXPECT_EQ(again.status, 200u);
  auto other = f.webhook(testing::inbound_text_body("wamid.hello", k_from, "hello"));
  EXPECT_EQ(other.status, 200u);
  EXPECT_EQ(f.ctx->wake.generation() - before, 1u) << "a message that confirms nothing queues nothing";
}

}  // namespace
}  // namespace cartbell::api
