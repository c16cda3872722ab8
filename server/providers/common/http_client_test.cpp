// The shared provider HTTP client against a real local HTTP server (TestHttpServer on 127.0.0.1:0)
// with a fake clock and recorded sleeps: retries with full-jitter backoff, Retry-After, timeouts,
// dropped connections, the per-account breaker and rate limit, connection reuse, endpoints.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "providers/common/http_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "providers/provider.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::common {
namespace {

using testing::Reply;
using testing::TestHttpServer;

class HttpClientTest : public ::testing::Test {
 protected:
  static HttpClientSettings unlimited() {
    HttpClientSettings s;
    s.allow_private_addresses = true;  // the test server listens on 127.0.0.1
    s.rate.requests_per_second = 0;
    return s;
  }
  HttpClient make(HttpClientSettings s = unlimited()) {
    return HttpClient(s, HttpClientEffects{clock,
                                           [this](Millis ms) {
                                             sleeps.push_back(ms);
                                             clock.advance(ms);
                                           },
                                           [this] { return jitter; }});
  }
  static std::string code_of(const std::function<void()>& f) { return providers::testing::code_of(f); }

  FakeClock clock{1'700'000'000'000};
  std::vector<Millis> sleeps;
  double jitter = 0.5;
};

TEST_F(HttpClientTest, RetriesA500ThenSucceedsOnTheSameConnection) {
  std::atomic<int> n{0};
  TestHttpServer server([&](const auto&) { return ++n == 1 ? Reply{500, {}, "oops"} : Reply{200, {}, "ok"}; });
  HttpClient client = make();
  HttpResponse r = client.send("acc", {.url = server.url() + "/x"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(server.requests(), 2);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], 100);  // full jitter: 0.5 × base 200 ms
  // A further call reuses the kept-alive connection.
  EXPECT_EQ(client.send("acc", {.url = server.url() + "/y"}).status, 200);
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(HttpClientTest, HonoursRetryAfterOn429) {
  std::atomic<int> n{0};
  TestHttpServer server([&](const auto&) {
    return ++n == 1 ? Reply{429, {{"Retry-After", "3"}}, "slow down"} : Reply{200, {}, "ok"};
  });
  HttpClient client = make();
  HttpResponse r = client.send("acc", {.url = server.url()});
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], 3000);
}

TEST_F(HttpClientTest, BackoffIsFullJitterExponentialAndTheLastAnswerIsReturned) {
  TestHttpServer server([&](const auto&) { return Reply{503, {}, "<Error><Code>Unavailable</Code></Error>"}; });
  jitter = 0.999;
  HttpClientSettings s = unlimited();
  s.retry = {.max_attempts = 5, .base_delay_ms = 100, .max_delay_ms = 500};
  s.breaker.failure_threshold = 100;
  HttpClient client = make(s);
  HttpResponse r = client.send("acc", {.url = server.url()});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.attempts, 5);
  EXPECT_NE(r.body.find("Unavailable"), std::string::npos);
  EXPECT_EQ(sleeps, (std::vector<Millis>{99, 199, 399, 499}));  // capped at max_delay
  jitter = 0.0;
  sleeps.clear();
  client.send("acc", {.url = server.url()});
  EXPECT_EQ(sleeps, (std::vector<Millis>{0, 0, 0, 0}));
}

TEST_F(HttpClientTest, ATimeoutIsRetriedThenReportedAsTimeout) {
  TestHttpServer server([&](const auto&) { return Reply{200, {}, "late", /*delay_ms=*/3000}; });
  HttpClientSettings s = unlimited();
  s.total_timeout_ms = 200;
  s.retry.max_attempts = 2;
  HttpClient client = make(s);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(code_of([&] { client.send("acc", {.url = server.url()}); }), "Timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2000));
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(HttpClientTest, ADroppedConnectionIsRetried) {
  std::atomic<int> n{0};
  TestHttpServer server([&](const auto&) {
    Reply r{200, {}, "ok"};
    r.drop = ++n == 1;
    return r;
  });
  HttpClient client = make();
  HttpResponse r = client.send("acc", {.url = server.url()});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.attempts, 2);
}

TEST_F(HttpClientTest, NoServerListeningIsANetworkError) {
  int port;
  {
    TestHttpServer gone([](const auto&) { return Reply{}; });
    port = gone.port();
  }
  HttpClientSettings s = unlimited();
  s.retry.max_attempts = 2;
  HttpClient client = make(s);
  EXPECT_EQ(code_of([&] { client.send("acc", {.url = "http://127.0.0.1:" + std::to_string(port)}); }), "NetworkError");
}

TEST_F(HttpClientTest, ATransportFailureSaysWhatHappenedAndAnOpenBreakerKeepsSayingIt) {
  int port;
  {
    TestHttpServer gone([](const auto&) { return Reply{}; });
    port = gone.port();
  }
  HttpClientSettings s = unlimited();
  s.retry.max_attempts = 2;
  s.breaker = {.failure_threshold = 3, .cool_down_ms = 60'000};
  HttpClient client = make(s);
  std::string host = "127.0.0.1:" + std::to_string(port);
  std::string first;
  try {
    client.send("acc", {.url = "http://" + host + "/sts"});
  } catch (const ProviderError& e) { first = e.what(); }
  EXPECT_EQ(first.rfind("cannot reach " + host + ": connection refused", 0), 0u) << first;
  // The breaker opens on the next call's failure; what it says still names the cause.
  std::string paused;
  for (int i = 0; i < 3 && paused.empty(); ++i) {
    try {
      client.send("acc", {.url = "http://" + host + "/sts"});
    } catch (const ProviderError& e) {
      if (e.code() == "CircuitOpen") paused = e.what();
    }
  }
  EXPECT_EQ(paused.rfind("cannot reach " + host + ": connection refused", 0), 0u) << paused;
  EXPECT_NE(paused.find("paused"), std::string::npos) << paused;
}

TEST_F(HttpClientTest, OutboundPolicyRefusesPrivateAddressesUnlessAllowedWithoutRetrying) {
  TestHttpServer server([](const auto&) { return Reply{200, {}, "ok"}; });
  HttpClientSettings s = unlimited();
  s.allow_private_addresses = false;
  HttpClient strict = make(s);
  try {
    strict.send("acc", {.url = server.url()});
    ADD_FAILURE() << "a loopback address was reached";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "OutboundAddressRefused");
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.requests(), 0);
  EXPECT_TRUE(sleeps.empty()) << "refused at once, not retried";
  EXPECT_EQ(strict.breaker_state("acc"), "closed") << "our own policy is no failure of the cloud";
  // Cloud metadata is refused whatever the operator allows; the socket is never opened.
  HttpClient lenient = make();
  EXPECT_EQ(code_of([&] { lenient.send("acc", {.url = "http://169.254.169.254/latest/meta-data/"}); }),
            "OutboundAddressRefused");
  EXPECT_EQ(lenient.send("acc", {.url = server.url()}).status, 200);
}

TEST_F(HttpClientTest, BreakerOpensAfterConsecutiveFailuresThenHalfOpensAfterCoolDown) {
  std::atomic<bool> healthy{false};
  TestHttpServer server([&](const auto&) { return healthy ? Reply{200, {}, "ok"} : Reply{500, {}, "down"}; });
  HttpClientSettings s = unlimited();
  s.retry.max_attempts = 1;
  s.breaker = {.failure_threshold = 3, .cool_down_ms = 10'000};
  HttpClient client = make(s);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.send("a", {.url = server.url()}).status, 500);
  EXPECT_EQ(client.breaker_state("a"), "open");
  EXPECT_EQ(code_of([&] { client.send("a", {.url = server.url()}); }), "CircuitOpen");
  EXPECT_EQ(server.requests(), 3);  // the open breaker did not call out
  // Another account is not affected.
  healthy = true;
  EXPECT_EQ(client.send("b", {.url = server.url()}).status, 200);

  // Half-open after the cool-down: a failing probe reopens at once…
  healthy = false;
  clock.advance(10'000);
  EXPECT_EQ(client.breaker_state("a"), "half-open");
  EXPECT_EQ(client.send("a", {.url = server.url()}).status, 500);
  EXPECT_EQ(client.breaker_state("a"), "open");
  // …a successful one closes it.
  healthy = true;
  clock.advance(10'000);
  EXPECT_EQ(client.send("a", {.url = server.url()}).status, 200);
  EXPECT_EQ(client.breaker_state("a"), "closed");
}

TEST_F(HttpClientTest, RateLimitIsATokenBucketPerAccount) {
  TestHttpServer server([&](const auto&) { return Reply{200, {}, "ok"}; });
  HttpClientSettings s = unlimited();
  s.rate = {.requests_per_second = 10, .burst = 2};
  HttpClient client = make(s);
  for (int i = 0; i < 5; ++i) client.send("a", {.url = server.url()});
  EXPECT_EQ(sleeps, (std::vector<Millis>{100, 100, 100}));  // the burst of 2, then 10/s
  sleeps.clear();
  client.send("b", {.url = server.url()});  // b has its own bucket
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(HttpClientTest, PrepareRunsBeforeEveryAttemptAndRetryIfAddsRetryableAnswers) {
  std::atomic<int> n{0};
  TestHttpServer server([&](const auto& req) {
    if (++n == 1) return Reply{400, {}, "<Response><Errors><Error><Code>Throttling</Code></Error></Errors></Response>"};
    return Reply{200, {}, "signed " + req.headers.at("x-attempt")};
  });
  HttpClient client = make();
  int prepared = 0;
  HttpRequest req{.method = "POST", .url = server.url(), .headers = {}, .body = "Action=X"};
  req.prepare = [&](HttpRequest& r) { r.headers.emplace_back("X-Attempt", std::to_string(++prepared)); };
  req.retry_if = [](const HttpResponse& r) { return r.body.find("<Code>Throttling</Code>") != std::string::npos; };
  HttpResponse r = client.send("acc", req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "signed 2");
  EXPECT_EQ(server.received().at(1).body, "Action=X");
}

TEST_F(HttpClientTest, A4xxIsNotRetried) {
  TestHttpServer server([&](const auto&) { return Reply{403, {{"X-Amzn-RequestId", "r1"}}, "denied"}; });
  HttpClient client = make();
  HttpResponse r = client.send("acc", {.url = server.url()});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.header("X-AMZN-REQUESTID"), "r1");
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(client.breaker_state("acc"), "closed");
}

TEST_F(HttpClientTest, A501IsAnAnswerNotAFailingServer) {
  // s3rver answers 501 for bucket APIs it lacks: no retry, and the breaker stays closed however
  // many buckets are asked.
  TestHttpServer server([](const auto&) { return Reply{501, {}, "<Error><Code>NotImplemented</Code></Error>"}; });
  HttpClientSettings s = unlimited();
  s.retry.max_attempts = 4;
  s.breaker = {.failure_threshold = 3, .cool_down_ms = 60'000};
  HttpClient client = make(s);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(client.send("acc", {.url = server.url()}).status, 501);
  EXPECT_EQ(server.requests(), 6);
  EXPECT_EQ(client.breaker_state("acc"), "closed");
}

TEST(HttpClientHelpers, RetryAfterSecondsOrHttpDate) {
  EXPECT_EQ(parse_retry_after_ms("120", 0), 120'000);
  EXPECT_EQ(parse_retry_after_ms(" 0 ", 0), 0);
  EXPECT_EQ(parse_retry_after_ms("", 0), -1);
  EXPECT_EQ(parse_retry_after_ms("soon", 0), -1);
  // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480 s
  EXPECT_EQ(parse_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470'000), 10'000);
  EXPECT_EQ(parse_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1445412490'000), 0);
}

TEST(HttpClientHelpers, EndpointOverridesPerService) {
  Endpoints e(nlohmann::json{{"s3", "http://127.0.0.1:4569/"}, {"ec2", "https://ec2.local"}});
  EXPECT_EQ(e.url_for("s3", "https://s3.amazonaws.com"), "http://127.0.0.1:4569");
  EXPECT_EQ(e.url_for("sts", "https://sts.amazonaws.com"), "https://sts.amazonaws.com");
  EXPECT_TRUE(e.overridden("ec2"));
  EXPECT_EQ(validate_endpoints(nullptr), "");
  EXPECT_NE(validate_endpoints(nlohmann::json{{"s3", "ftp://x"}}), "");
  EXPECT_NE(validate_endpoints(nlohmann::json{{"s3", 1}}), "");
  EXPECT_NE(validate_endpoints(nlohmann::json::array()), "");
  EXPECT_THROW(Endpoints(nlohmann::json{{"s3", "nope"}}), std::invalid_argument);
}

}  // namespace
}  // namespace cw::providers::common
