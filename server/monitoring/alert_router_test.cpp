#include "monitoring/alert_router.hpp"

#include <gtest/gtest.h>

namespace cw::monitoring {
namespace {

Alert alert(const std::string& id, const std::string& state, const std::string& resource, const std::string& severity) {
  Alert a;
  a.id = id;
  a.state = state;
  a.severity = severity;
  a.resource_id = resource;
  a.fingerprint = "fp-" + id;
  a.active_at = 1'000'000;
  a.started_at = 1'060'000;
  if (state == "resolved") a.ended_at = 2'000'000;
  a.labels = {{"alertname", "High CPU"}, {"severity", severity}, {"resourceId", resource}, {"team", "web"}};
  a.annotations = {{"summary", "busy " + resource}, {"runbook", "https://runbooks/cpu"}};
  return a;
}

TEST(AlertmanagerPayload, HasVersion4FieldsAndCommonLabels) {
  AlertRule rule;
  rule.id = "arl_1";
  rule.name = "High CPU";
  auto body = alertmanager_payload(
      rule, {alert("a", "firing", "r1", "warning"), alert("b", "resolved", "r2", "warning")}, "https://cw.example.com");
  EXPECT_EQ(body["version"], "4");
  EXPECT_EQ(body["status"], "firing");
  EXPECT_EQ(body["groupKey"], "{}:{alertname=\"High CPU\"}");
  EXPECT_EQ(body["groupLabels"], (nlohmann::json{{"alertname", "High CPU"}}));
  EXPECT_EQ(body["commonLabels"],
            (nlohmann::json{{"alertname", "High CPU"}, {"severity", "warning"}, {"team", "web"}}));
  EXPECT_EQ(body["commonAnnotations"], (nlohmann::json{{"runbook", "https://runbooks/cpu"}}));
  EXPECT_EQ(body["externalURL"], "https://cw.example.com");
  ASSERT_EQ(body["alerts"].size(), 2u);
  EXPECT_EQ(body["alerts"][0]["endsAt"], "0001-01-01T00:00:00Z");
  EXPECT_EQ(body["alerts"][0]["startsAt"], format_rfc3339(1'060'000));
  EXPECT_EQ(body["alerts"][1]["status"], "resolved");
  EXPECT_EQ(body["alerts"][1]["endsAt"], format_rfc3339(2'000'000));
  EXPECT_EQ(body["alerts"][1]["fingerprint"], "fp-b");
  EXPECT_EQ(body["alerts"][1]["generatorURL"], "https://cw.example.com/monitoring/rules?rule=arl_1");
  auto resolved = alertmanager_payload(rule, {alert("b", "resolved", "r2", "warning")}, "");
  EXPECT_EQ(resolved["status"], "resolved");
  // A group of a rule that groups by labels names their values, as Alertmanager does.
  auto regional = alertmanager_payload(rule, {alert("a", "firing", "r1", "warning")}, "", {{"region", "eu-west-1"}});
  EXPECT_EQ(regional["groupLabels"], (nlohmann::json{{"alertname", "High CPU"}, {"region", "eu-west-1"}}));
  EXPECT_EQ(regional["groupKey"], "{}:{alertname=\"High CPU\",region=\"eu-west-1\"}");
}

TEST(AlertRouting, SilencesMatchEveryMatcherAndOnlyWhileActive) {
  Alert a = alert("a", "firing", "r1", "warning");
  Silence s;
  s.starts_at = 100;
  s.ends_at = 200;
  s.matchers = {{"alertname", "High CPU", false}, {"resourceId", "r[0-9]", true}};
  EXPECT_TRUE(is_silenced(a, {s}, 150));
  EXPECT_FALSE(is_silenced(a, {s}, 200)) << "ended";
  EXPECT_FALSE(is_silenced(a, {s}, 99)) << "not started";
  s.matchers.push_back({"team", "db", false});
  EXPECT_FALSE(is_silenced(a, {s}, 150)) << "every matcher must hold";
  s.matchers = {{"resourceId", "r", true}};
  EXPECT_FALSE(is_silenced(a, {s}, 150)) << "a regex matches the whole value";
}

TEST(AlertRouting, AFiringCriticalInhibitsWarningsOnTheSameResource) {
  // The set holds the resources with a firing critical alert (pending ones do not count).
  Alert warning = alert("w", "firing", "r1", "warning");
  Alert critical = alert("c", "firing", "r1", "critical");
  EXPECT_TRUE(is_inhibited(warning, {"r1"}));
  EXPECT_FALSE(is_inhibited(warning, {"r2"}));
  EXPECT_FALSE(is_inhibited(critical, {"r1", "r2"})) << "a critical alert is never held back";
  EXPECT_FALSE(is_inhibited(alert("r", "resolved", "r1", "warning"), {"r1"}));
}

}  // namespace
}  // namespace cw::monitoring
