#include <gtest/gtest.h>

#include "core/json_text.hpp"
#include "core/error.hpp"
#include "http/message.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"

namespace cw::http {
namespace {

Response text(const char* body) {
  Response r;
  r.body = body;
  return r;
}

TEST(Router, MatchesParamsAndPrefersEarlierLiteralRoutes) {
  Router router;
  router.add("PATCH", "/api/v1/users/me", [](RequestContext&) { return text("me"); });
  router.add("GET", "/api/v1/users/{id}", [](RequestContext&) { return text("one"); });
  router.add("DELETE", "/api/v1/users/{id}", [](RequestContext&) { return text("del"); });
  auto m = router.match("GET", "/api/v1/users/usr_1");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params["id"], "usr_1");
  EXPECT_TRUE(router.match("PATCH", "/api/v1/users/me").route);
  EXPECT_TRUE(router.match("GET", "/api/v1/users/usr_1/").route) << "trailing slash";
  EXPECT_TRUE(router.match("HEAD", "/api/v1/users/x").route) << "HEAD uses GET";
  auto wrong = router.match("PUT", "/api/v1/users/usr_1");
  EXPECT_FALSE(wrong.route);
  EXPECT_EQ(wrong.allowed, (std::vector<std::string>{"GET", "DELETE"}));
  auto none = router.match("GET", "/api/v1/nothing");
  EXPECT_FALSE(none.route);
  EXPECT_TRUE(none.allowed.empty());
  EXPECT_FALSE(router.match("GET", "/api/v1/users//").route) << "empty param";
}

TEST(Router, DerivesAuditActionNames) {
  Router router;
  router.add("POST", "/api/v1/api-keys", [](RequestContext&) { return text(""); });
  router.add("GET", "/api/v1/audit/export", [](RequestContext&) { return text(""); });
  router.add("DELETE", "/api/v1/users/{id}", [](RequestContext&) { return text(""); }, {.action = "users.delete"});
  EXPECT_EQ(router.routes()[0].options.action, "api_keys.create");
  EXPECT_EQ(router.routes()[1].options.action, "audit.read");
  EXPECT_EQ(router.routes()[2].options.action, "users.delete");
}

TEST(Target, SplitsPathAndDecodesQuery) {
  std::string path;
  std::map<std::string, std::string> q;
  ASSERT_TRUE(parse_target("/api/v1/users?q=a%20b+c&limit=5&limit=9&flag", path, q));
  EXPECT_EQ(path, "/api/v1/users");
  EXPECT_EQ(q["q"], "a b c");
  EXPECT_EQ(q["limit"], "5") << "first value wins";
  EXPECT_EQ(q.count("flag"), 1u);
  q.clear();
  EXPECT_FALSE(parse_target("/a%zz", path, q));
  EXPECT_FALSE(parse_target("/a%00b", path, q));
  EXPECT_FALSE(parse_target("/a?x=%4", path, q));
  EXPECT_FALSE(parse_target("http://evil/", path, q));
}

TEST(Context, JsonBodyErrors) {
  Request r;
  r.headers.emplace_back("content-type", "text/plain");
  r.body = "{}";
  RequestContext c1(r, "id");
  try {
    c1.json();
    FAIL();
  } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kUnsupportedMediaType); }
  for (std::string body :
       {std::string("{"), std::string("[1]"), std::string(""), std::string("{\"a\":\"\xff\"}"), std::string("{} x")}) {
    Request req;
    req.headers.emplace_back("content-type", "application/json; charset=utf-8");
    req.body = body;
    RequestContext c(req, "id");
    try {
      c.json();
      FAIL() << body;
    } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kInvalidJson) << body; }
  }
}

TEST(DumpJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  EXPECT_NO_THROW(dump_json(nlohmann::json{{"path", std::string("/a\xff")}}));
}

TEST(RateLimiter, TokenBucketRefillsWithTime) {
  FakeClock clock(1'000'000);
  RateLimiter limiter(clock, nullptr);
  BucketSpec spec{3, 1.0};  // burst 3, 1 per second
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.take("k", spec).allowed);
  auto denied = limiter.take("k", spec);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.retry_after_seconds, 1);
  EXPECT_TRUE(limiter.take("other", spec).allowed) << "keys are independent";
  clock.advance(1000);
  EXPECT_TRUE(limiter.take("k", spec).allowed);
  EXPECT_FALSE(limiter.take("k", spec).allowed);
}

TEST(RateLimiter, PeekingCostsNothing) {
  FakeClock clock(0);
  RateLimiter limiter(clock, nullptr);
  BucketSpec spec{2, 0.001};
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.take("p", spec, 0).allowed);
  limiter.take("p", spec, 1);
  limiter.take("p", spec, 1);
  EXPECT_FALSE(limiter.take("p", spec, 0).allowed);
}

}  // namespace
}  // namespace cw::http
