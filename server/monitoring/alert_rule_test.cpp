#include "monitoring/alert_rule.hpp"

#include <gtest/gtest.h>

namespace cw::monitoring {
namespace {

constexpr Millis kMin = 60'000;

AlertRule rule(Millis for_ms, Millis keep_ms = 0, std::string no_data = "ok") {
  AlertRule r;
  r.name = "cpu";
  r.threshold = 80;
  r.for_ms = for_ms;
  r.keep_firing_for_ms = keep_ms;
  r.no_data = std::move(no_data);
  return r;
}

Observation high() { return {Observation::kTrue, 95.0}; }
Observation low() { return {Observation::kFalse, 10.0}; }
Observation none() { return {Observation::kNoData, std::nullopt}; }

/// Runs the machine over one observation per minute; returns the state after each.
std::vector<std::string> run(const AlertRule& r, const std::vector<Observation>& seen) {
  FakeClock clock(1'700'000'000'000LL);
  AlertState s;
  std::vector<std::string> out;
  for (const auto& o : seen) {
    s = advance(r, s, o, clock.now_ms()).next;
    out.push_back(s.state);
    clock.advance(kMin);
  }
  return out;
}

TEST(AlertStateMachine, PendingShorterThanForNeverFires) {
  EXPECT_EQ(run(rule(5 * kMin), {high(), high(), high(), low(), high(), high(), low()}),
            (std::vector<std::string>{"pending", "pending", "pending", "inactive", "pending", "pending", "inactive"}));
}

TEST(AlertStateMachine, FiresOnceTheConditionHeldForItsDuration) {
  EXPECT_EQ(run(rule(2 * kMin), {high(), high(), high(), high(), low()}),
            (std::vector<std::string>{"pending", "pending", "firing", "firing", "inactive"}));
}

TEST(AlertStateMachine, ZeroForFiresAtOnceWithBothTransitions) {
  AlertState s;
  Step step = advance(rule(0), s, high(), 1000);
  EXPECT_EQ(step.next.state, "firing");
  ASSERT_EQ(step.transitions.size(), 2u);
  EXPECT_EQ(step.transitions[0], (std::pair<std::string, std::string>{"inactive", "pending"}));
  EXPECT_EQ(step.transitions[1], (std::pair<std::string, std::string>{"pending", "firing"}));
}

TEST(AlertStateMachine, KeepFiringForHoldsAFlappingAlert) {
  // Flapping: high, low, high, low… keeps firing while the lows last less than keepFiringFor;
  // it resolves keepFiringFor after the condition last cleared.
  EXPECT_EQ(run(rule(0, 3 * kMin), {high(), low(), high(), low(), low(), low(), low()}),
            (std::vector<std::string>{"firing", "firing", "firing", "firing", "firing", "firing", "inactive"}));
  // Without it, every low resolves and every high fires again.
  EXPECT_EQ(run(rule(0), {high(), low(), high(), low()}),
            (std::vector<std::string>{"firing", "inactive", "firing", "inactive"}));
}

TEST(AlertStateMachine, NoDataFollowsTheRulesPolicy) {
  EXPECT_EQ(run(rule(0, 0, "ok"), {high(), none()}), (std::vector<std::string>{"firing", "inactive"}));
  EXPECT_EQ(run(rule(0, 0, "keep"), {high(), none(), none(), low()}),
            (std::vector<std::string>{"firing", "firing", "firing", "inactive"}));
  EXPECT_EQ(run(rule(kMin, 0, "alerting"), {none(), none(), low()}),
            (std::vector<std::string>{"pending", "firing", "inactive"}));
  EXPECT_EQ(run(rule(0, 0, "keep"), {none(), none()}), (std::vector<std::string>{"inactive", "inactive"}));
}

TEST(AlertStateMachine, ErrorFollowsOnErrorNotNoData) {
  const Observation error{Observation::kError, std::nullopt};
  AlertRule fires = rule(0, 0, "ok");
  fires.on_error = "alerting";
  EXPECT_EQ(run(fires, {error, low(), none()}), (std::vector<std::string>{"firing", "inactive", "inactive"}));
  AlertRule keeps = rule(0, 0, "ok");  // onError keep (the default): an outage changes nothing
  EXPECT_EQ(run(keeps, {high(), error, error, none()}),
            (std::vector<std::string>{"firing", "firing", "firing", "inactive"}));
  AlertRule clears = rule(0, 0, "alerting");
  clears.on_error = "ok";
  EXPECT_EQ(run(clears, {high(), error}), (std::vector<std::string>{"firing", "inactive"}));
  EXPECT_TRUE(may_start(fires, Observation::kError));
  EXPECT_FALSE(may_start(keeps, Observation::kError));
  EXPECT_EQ(rule_from_body({{"name", "x"}, {"threshold", 1}, {"onError", "alerting"}}, AlertRule{}).on_error,
            "alerting");
  EXPECT_THROW(rule_from_body({{"name", "x"}, {"threshold", 1}, {"onError", "panic"}}, AlertRule{}), std::exception);
}

TEST(AlertRuleBody, EveryBadFieldIsNamedAtOnce) {
  try {
    rule_from_body({{"name", ""},
                    {"metric", "cpu"},
                    {"window", "5x"},
                    {"operator", "eq"},
                    {"threshold", "80"},
                    {"severity", "fatal"},
                    {"noData", "maybe"},
                    {"scope", {{"zone", "a"}}},
                    {"labels", {{"a", 1}}}},
                   AlertRule{});
    FAIL() << "expected a validation error";
  } catch (const std::exception& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("valid"), std::string::npos) << what;
  }
}

TEST(AlertRuleBody, DurationsAndConditionRoundTrip) {
  AlertRule r = rule_from_body({{"name", "High CPU"},
                                {"metric", "cpu_utilization"},
                                {"aggregation", "p95"},
                                {"window", "10m"},
                                {"operator", "gte"},
                                {"threshold", 90.5},
                                {"for", "90s"},
                                {"keepFiringFor", "2h"},
                                {"scope", {{"type", "server"}, {"tag", "env=prod"}}}},
                               AlertRule{});
  EXPECT_EQ(r.window_ms, 600'000);
  EXPECT_EQ(r.for_ms, 90'000);
  EXPECT_EQ(r.condition(), "p95(cpu_utilization) >= 90.5 over 10m");
  AlertRule back;
  apply_definition(back, definition_json(r));
  EXPECT_EQ(definition_json(back), definition_json(r));
  EXPECT_EQ(format_duration(7'200'000), "2h");
  EXPECT_FALSE(parse_duration("5").has_value());
  EXPECT_FALSE(parse_duration("-5m").has_value());
}

}  // namespace
}  // namespace cw::monitoring
