// Deferred routes (server/router.hpp), which POST /v1/optins and /webhooks/whatsapp use so
// that no thread waits for a group commit: the answer may come from any thread, exactly
// one answer counts, a reply dropped without an answer or a handler that throws answers
// 500, checks that come before the handler still apply, and without a server dispatch()
// waits for the answer and runs offloaded work inline.

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include "server/router.hpp"

namespace cartbell::server {
namespace {

/// What the handler under test does with its reply.
using behaviour = std::function<void(const deferred_reply& reply, std::vector<std::thread>& threads)>;

http_response status(unsigned s) { return json_ok(s, R"({"ok":true})"); }

struct deferred_case {
  const char* name;
  behaviour act;
  std::string content_type = "application/json";
  std::size_t body_bytes = 2;
  unsigned expect;
  bool handler_runs = true;
};

/// The case's name in test output (its handler and vector do not print).
void PrintTo(const deferred_case& c, std::ostream* os) { *os << c.name; }

class deferred_route : public ::testing::TestWithParam<deferred_case> {};

http_request post(const std::string& path, const std::string& content_type, std::size_t body_bytes) {
  http_request q;
  q.method = http_method::post;
  q.target = q.path = path;
  q.headers.add("Content-Type", content_type);
  q.body.assign(body_bytes, 'x');
  return q;
}

TEST_P(deferred_route, answers_once_from_wherever_the_work_ends) {
  const auto& c = GetParam();
  std::vector<std::thread> threads;
  std::atomic<int> runs{0};
  router r(64);
  ASSERT_TRUE(r.add_deferred_json(http_method::post, "/later",
                                  [&](const http_request&, const route_params&, const deferred_reply& reply) {
                                    ++runs;
                                    c.act(reply, threads);
                                  }));
  const auto request = post("/later", c.content_type, c.body_bytes);
  const auto found = r.lookup(request.method, request.path);
  EXPECT_TRUE(found.deferred);
  EXPECT_FALSE(found.blocking) << "a deferred route runs on the connection's thread";
  // Without a server: dispatch() waits.
  auto waited = r.dispatch(request, found);
  EXPECT_EQ(waited.response.status, c.expect) << c.name;
  EXPECT_EQ(waited.route_index, 0u);
  // As the server runs it: done may come from another thread, once.
  std::promise<dispatch_result> answered;
  std::atomic<int> calls{0};
  r.dispatch_deferred(
      request, found,
      [&](dispatch_result d) {
        if (calls.fetch_add(1) == 0) answered.set_value(std::move(d));
      },
      [&threads](std::function<void()> work) { threads.emplace_back(std::move(work)); });
  EXPECT_EQ(answered.get_future().get().response.status, c.expect) << c.name;
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1) << c.name << ": exactly one answer";
  EXPECT_EQ(runs.load(), c.handler_runs ? 2 : 0) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    table, deferred_route,
    ::testing::Values(
        deferred_case{"inline", [](const deferred_reply& reply, auto&) { reply.answer(status(201)); }, "application/json",
                      2, 201},
        deferred_case{"from_another_thread",
                      [](const deferred_reply& reply, std::vector<std::thread>& threads) {
                        threads.emplace_back([reply] { reply.answer(status(202)); });
                      },
                      "application/json", 2, 202},
        deferred_case{"offloaded",
                      [](const deferred_reply& reply, auto&) { reply.offload([reply] { reply.answer(status(203)); }); },
                      "application/json", 2, 203},
        deferred_case{"answered_twice_first_wins",
                      [](const deferred_reply& reply, auto&) {
                        reply.answer(status(204));
                        reply.answer(status(500));
                      },
                      "application/json", 2, 204},
        deferred_case{"dropped_without_an_answer", [](const deferred_reply&, auto&) {}, "application/json", 2, 500},
        deferred_case{"dropped_by_a_thread",
                      [](const deferred_reply& reply, std::vector<std::thread>& threads) {
                        threads.emplace_back([copy = reply] { (void)copy; });
                      },
                      "application/json", 2, 500},
        deferred_case{"throws_before_answering",
                      [](const deferred_reply&, auto&) { throw std::runtime_error("handler bug"); },
                      "application/json", 2, 500},
        deferred_case{"throws_after_answering",
                      [](const deferred_reply& reply, auto&) {
                        reply.answer(status(202));
                        throw std::runtime_error("handler bug");
                      },
                      "application/json", 2, 202},
        deferred_case{"not_json", [](const deferred_reply& reply, auto&) { reply.answer(status(202)); }, "text/plain", 2,
                      415, false},
        deferred_case{"body_over_the_limit", [](const deferred_reply& reply, auto&) { reply.answer(status(202)); },
                      "application/json", 65, 413, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(deferred_route, plain_routes_answer_before_dispatch_deferred_returns) {
  router r(64);
  ASSERT_TRUE(r.add(http_method::get, "/now", [](const http_request&, const route_params&) { return status(200); }));
  struct row {
    const char* name;
    http_method method;
    std::string path;
    unsigned expect;
  };
  const row rows[] = {
      {"plain_route", http_method::get, "/now", 200},
      {"wrong_method", http_method::post, "/now", 405},
      {"no_route", http_method::get, "/nowhere", 404},
  };
  for (const auto& c : rows) {
    http_request q;
    q.method = c.method;
    q.target = q.path = c.path;
    std::optional<unsigned> got;
    r.dispatch_deferred(q, r.lookup(q.method, q.path), [&](dispatch_result d) { got = d.response.status; },
                        [](std::function<void()>) { ADD_FAILURE() << "nothing to offload"; });
    ASSERT_TRUE(got.has_value()) << c.name;
    EXPECT_EQ(*got, c.expect) << c.name;
  }
  EXPECT_FALSE(r.add_deferred_json(http_method::post, "/x", deferred_handler{})) << "a route needs a handler";
  EXPECT_FALSE(r.add_deferred_json(http_method::post, "no-slash",
                                   [](const http_request&, const route_params&, const deferred_reply&) {}));
}

}  // namespace
}  // namespace cartbell::server
