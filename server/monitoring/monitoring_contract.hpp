#pragma once
// The monitoring domain on a real database: the store's roll-ups and retention, collection from
// the simulated cloud, rule evaluation with the alert lifecycle, acknowledgement, silences and
// tenant isolation. Instantiated for SQLite (monitoring_sqlite_test.cpp) and PostgreSQL
// (monitoring_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "inventory/inventory_world_test_support.hpp"
#include "monitoring/module.hpp"

namespace cw::monitoring::testing {

struct MonitoringWorld : inventory::testing::InventoryWorld {
  explicit MonitoringWorld(storage::Database& db)
      : InventoryWorld(db), monitoring(platform, accounts_module, inventory) {
    monitoring.add_jobs(runner);
    owner = member("Acme", "o@example.com");
  }
  MonitoringModule monitoring;
  Principal owner;
};

inline void check_roll_ups_keep_aggregates_exact_and_retention_drops_old_chunks(storage::Database& db) {
  MonitoringWorld w(db);
  MetricStore& store = w.monitoring.embedded;
  const SeriesKey key{w.owner.organization_id, "acc", "res_1", "cpu_utilization"};
  const Millis start = w.clock.now_ms() - 20 * kDayMs;
  std::vector<Sample> samples;
  for (int i = 0; i < 20 * 24 * 60; ++i)  // 20 days, a sample a minute
    samples.push_back({start + i * 60'000LL, std::sin(i / 50.0) * 40 + 50 + (i % 7) * 0.25});
  EXPECT_EQ(store.append(key, samples), static_cast<int>(samples.size()));
  EXPECT_EQ(store.append(key, {samples.back()}), 0) << "a repeated sample is skipped";

  auto series = store.repository().series_of_resources(key.organization_id, key.metric, {"res_1"});
  ASSERT_EQ(series.size(), 1u);
  const Millis from = start, to = start + 2 * kDayMs - 1;
  auto raw = store.read(series, from, to, k1h, false);  // nothing rolled yet: from raw samples
  while (store.roll_up() > 0) {}
  series = store.repository().series_of_resources(key.organization_id, key.metric, {"res_1"});
  EXPECT_GT(series[0].rolled_1h_until, from + 19 * kDayMs);
  auto tiered = store.read(series, from, to, k1h, false);
  ASSERT_EQ(raw[0].steps.size(), tiered[0].steps.size());
  for (size_t i = 0; i < raw[0].steps.size(); ++i) {
    EXPECT_EQ(raw[0].steps[i].count, tiered[0].steps[i].count) << i;
    EXPECT_EQ(raw[0].steps[i].min, tiered[0].steps[i].min) << i;
    EXPECT_EQ(raw[0].steps[i].max, tiered[0].steps[i].max) << i;
    EXPECT_NEAR(raw[0].steps[i].sum, tiered[0].steps[i].sum, 1e-9) << i;
  }
  // 5-minute steps from the 5-minute tier agree as well.
  auto raw5 = store.read(series, from, from + 6 * 3'600'000 - 1, k5m, false);
  EXPECT_EQ(raw5[0].steps.size(), 72u);
  EXPECT_EQ(raw5[0].steps[3].count, 5);

  const long long dropped = store.apply_retention(w.clock.now_ms());
  EXPECT_GT(dropped, 0) << "raw chunks older than 15 days go once rolled up";
  auto after = store.read(series, from, to, k1h, false);
  EXPECT_EQ(after[0].steps[5].count, raw[0].steps[5].count) << "the tiers still answer for old hours";
  auto raw_after = store.read(series, from, from + 3'600'000 - 1, 60'000, false);
  // Raw samples past retention are gone: one-minute steps there come from the 5-minute tier.
  EXPECT_EQ(raw_after[0].steps[0].count, 5);
  EXPECT_TRUE(raw_after[0].steps[1].empty());

  // A resource that stopped reporting (deleted): once even its hourly tier has aged out, its
  // series row goes too — and a resource still reporting keeps its own.
  SeriesKey live = key;
  live.resource_id = "res_live";
  const Millis much_later = w.clock.now_ms() + 400 * kDayMs;
  store.append(live, {{much_later - 60'000, 1.0}});
  store.apply_retention(much_later);
  EXPECT_TRUE(store.repository().series_of_resources(key.organization_id, key.metric, {"res_1"}).empty());
  EXPECT_EQ(store.repository().series_of_resources(key.organization_id, key.metric, {"res_live"}).size(), 1u);
}

inline void check_collection_alert_lifecycle_and_isolation(storage::Database& db) {
  MonitoringWorld w(db);
  const std::string account = w.connect(w.owner);
  auto result = w.monitoring.collection.collect_account(account);
  ASSERT_EQ(result.value("state", ""), "succeeded") << result.dump();
  EXPECT_GT(result.value("samples", 0LL), 1000);

  MetricQueryRequest q;
  q.metric = "cpu_utilization";
  q.selector.type = "server";
  q.group_by = "type";
  q.to = w.clock.now_ms();
  q.from = q.to - kDayMs;
  q.step = 3'600'000;
  auto out = w.monitoring.queries.query(w.owner.organization_id, q);
  ASSERT_EQ(out["series"].size(), 1u) << out.dump();
  EXPECT_EQ(out["series"][0]["labels"]["type"], "server");
  int with_values = 0;
  for (const auto& p : out["series"][0]["points"]) with_values += p[1].is_number();
  EXPECT_GE(with_values, 22);

  // A rule that holds for every server fires at once (for 0); alerts carry labels and a summary.
  auto rule = w.monitoring.alerts.create_rule(w.owner, {{"name", "CPU above zero"},
                                                        {"metric", "cpu_utilization"},
                                                        {"window", "15m"},
                                                        {"operator", "gte"},
                                                        {"threshold", 0},
                                                        {"scope", {{"type", "server"}}},
                                                        {"severity", "critical"},
                                                        {"annotations", {{"summary", "{{ .resourceName }} busy"}}}});
  EXPECT_GT(w.monitoring.alerts.evaluate_all(), 0);
  nlohmann::json meta;
  auto firing = w.monitoring.alerts.list_alerts(w.owner, {.state = "firing", .limit = 500}, meta);
  ASSERT_FALSE(firing.empty());
  EXPECT_EQ(meta["total"], firing.size());
  const auto& a = firing[0];
  EXPECT_EQ(a["labels"]["alertname"], "CPU above zero");
  EXPECT_EQ(a["summary"], a["resourceName"].get<std::string>() + " busy");
  EXPECT_TRUE(a["value"].is_number());
  auto history = w.monitoring.alerts.history(w.owner, a["id"]);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["to"], "pending");
  EXPECT_EQ(history[1]["to"], "firing");

  // Acknowledge with a comment; silence one resource.
  auto acked = w.monitoring.alerts.acknowledge(w.owner, a["id"], {{"comment", "looking"}});
  EXPECT_EQ(acked["ackComment"], "looking");
  EXPECT_EQ(acked["acknowledgedBy"]["name"], "o@example.com");
  w.monitoring.alerts.create_silence(
      w.owner, {{"matchers", {{{"name", "resourceId"}, {"value", a["resourceId"]}, {"isRegex", false}}}},
                {"endsAt", format_rfc3339(w.clock.now_ms() + 3'600'000)},
                {"comment", "maintenance"}});
  auto again = w.monitoring.alerts.list_alerts(
      w.owner, {.state = "firing", .resource_id = a["resourceId"].get<std::string>()}, meta);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_TRUE(again[0]["silenced"].get<bool>());

  // Evaluating again changes nothing; the group waited its group_wait (30 s) before notifying.
  EXPECT_EQ(w.monitoring.alerts.evaluate_all(), 0);
  auto group = w.monitoring.alert_repository.find_group(w.owner.organization_id, rule["id"]);
  ASSERT_TRUE(group.has_value());
  EXPECT_FALSE(group->last_sent_at.has_value()) << "group_wait has not passed";
  w.clock.advance(30'000);
  EXPECT_EQ(w.monitoring.alerts.evaluate_all(), 0);
  group = w.monitoring.alert_repository.find_group(w.owner.organization_id, rule["id"]);
  ASSERT_TRUE(group && group->last_sent_at);
  EXPECT_EQ(group->sends, 1);
  auto notified = w.monitoring.alert_repository.find_alert(w.owner.organization_id, a["id"]);
  EXPECT_FALSE(notified->notification_key.has_value()) << "the silenced alert was left out";
  auto others = w.monitoring.alerts.list_alerts(w.owner, {.state = "firing", .limit = 500}, meta);
  int keyed = 0;
  for (const auto& x : others)
    keyed += w.monitoring.alert_repository.find_alert(w.owner.organization_id, x["id"])->notification_key.has_value();
  EXPECT_EQ(keyed, static_cast<int>(others.size()) - 1);
  // Nothing changed: no new notification before repeat_interval.
  w.clock.advance(10 * 60'000);
  w.monitoring.collection.collect_account(account);
  EXPECT_EQ(w.monitoring.alerts.evaluate_all(), 0);
  group = w.monitoring.alert_repository.find_group(w.owner.organization_id, rule["id"]);
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->sends, 1);

  // Raising the threshold resolves every alert, and the group says so once, then ends.
  w.monitoring.alerts.update_rule(w.owner, rule["id"], {{"threshold", 1000}});
  w.clock.advance(60'000);
  EXPECT_GT(w.monitoring.alerts.evaluate_all(), 0);
  EXPECT_FALSE(w.monitoring.alert_repository.find_group(w.owner.organization_id, rule["id"]).has_value());
  EXPECT_TRUE(w.monitoring.alerts.list_alerts(w.owner, {.state = "firing"}, meta).empty());
  auto resolved = w.monitoring.alerts.list_alerts(w.owner, {.state = "resolved", .limit = 500}, meta);
  EXPECT_EQ(resolved.size(), firing.size());
  EXPECT_TRUE(resolved[0]["endsAt"].is_string());
  EXPECT_GE(w.monitoring.alerts.timeline(w.owner, 0, w.clock.now_ms(), std::nullopt, std::nullopt, 500).size(),
            firing.size() * 3);

  // The preview replays the store: a threshold every server passes would have fired for each.
  auto preview = w.monitoring.alerts.preview(
      w.owner, {{"metric", "cpu_utilization"}, {"threshold", -1}, {"scope", {{"type", "server"}}}, {"window", "5m"}});
  EXPECT_EQ(preview["wouldHaveFired"].get<int>(), static_cast<int>(firing.size()));

  // Another organization sees none of it.
  Principal other = w.member("Other", "x@example.com");
  EXPECT_TRUE(w.monitoring.alerts.list_rules(other).empty());
  EXPECT_TRUE(w.monitoring.alerts.list_alerts(other, {}, meta).empty());
  EXPECT_THROW(w.monitoring.alerts.history(other, a["id"]), ApiError);
  EXPECT_TRUE(w.monitoring.queries.query(other.organization_id, q)["series"].empty());
}

inline void check_notification_groups_by_labels(storage::Database& db) {
  MonitoringWorld w(db);
  const std::string account = w.connect(w.owner);
  w.monitoring.collection.collect_account(account);
  // One group per server (groupBy resourceName) instead of one for the rule.
  auto rule = w.monitoring.alerts.create_rule(w.owner, {{"name", "Per server"},
                                                        {"metric", "cpu_utilization"},
                                                        {"window", "15m"},
                                                        {"operator", "gte"},
                                                        {"threshold", 0},
                                                        {"scope", {{"type", "server"}}},
                                                        {"groupBy", {"resourceName"}}});
  EXPECT_EQ(rule["groupBy"], nlohmann::json::array({"resourceName"}));
  EXPECT_THROW(w.monitoring.alerts.update_rule(w.owner, rule["id"], {{"groupBy", {"not a label!"}}}), ApiError);
  w.monitoring.alerts.evaluate_all();
  nlohmann::json meta;
  auto firing = w.monitoring.alerts.list_alerts(w.owner, {.state = "firing", .limit = 500}, meta);
  ASSERT_GE(firing.size(), 2u);
  const std::string prefix = rule["id"].get<std::string>() + "|";
  EXPECT_EQ(w.monitoring.alert_repository.groups_with_prefix(w.owner.organization_id, prefix).size(), firing.size());
  w.clock.advance(30'000);  // group_wait
  w.monitoring.alerts.evaluate_all();
  std::set<std::string> keys;
  for (const auto& a : firing) {
    auto stored = w.monitoring.alert_repository.find_alert(w.owner.organization_id, a["id"]);
    ASSERT_TRUE(stored->notification_key.has_value()) << "each group spoke";
    keys.insert(*stored->notification_key);
  }
  EXPECT_EQ(keys.size(), firing.size()) << "a notification per server, not one for the rule";
  for (const auto& g : w.monitoring.alert_repository.groups_with_prefix(w.owner.organization_id, prefix))
    EXPECT_EQ(g.sends, 1);

  // Everything resolves: each group says so once and ends.
  w.monitoring.alerts.update_rule(w.owner, rule["id"], {{"threshold", 1000}});
  w.clock.advance(5 * 60'000);
  w.monitoring.alerts.evaluate_all();
  w.clock.advance(5 * 60'000);
  w.monitoring.alerts.evaluate_all();
  EXPECT_TRUE(w.monitoring.alert_repository.groups_with_prefix(w.owner.organization_id, prefix).empty());
}

inline void check_a_failing_collection_is_an_error_not_no_data(storage::Database& db) {
  MonitoringWorld w(db);
  const std::string account = w.connect(w.owner);
  w.monitoring.collection.collect_account(account);
  auto rule = [&](const std::string& name, const std::string& on_error) {
    return w.monitoring.alerts.create_rule(w.owner, {{"name", name},
                                                     {"metric", "cpu_utilization"},
                                                     {"window", "5m"},
                                                     {"operator", "gt"},
                                                     {"threshold", 1000},  // never holds on data
                                                     {"scope", {{"type", "server"}}},
                                                     {"noData", "ok"},
                                                     {"onError", on_error}});
  };
  auto loud = rule("Loud on errors", "alerting");
  auto quiet = rule("Quiet on errors", "keep");
  EXPECT_EQ(loud["onError"], "alerting");
  w.monitoring.alerts.evaluate_all();
  nlohmann::json meta;
  EXPECT_TRUE(w.monitoring.alerts.list_alerts(w.owner, {.state = "firing"}, meta).empty());

  // The provider starts failing: no new samples, and the collection says why.
  auto config = w.monitoring.collection_repository.get(w.owner.organization_id, account);
  config.last_error = "Throttling: Rate exceeded";
  w.monitoring.collection_repository.save(config, w.clock.now_ms());
  w.clock.advance(3'600'000);  // the last samples are now too old: no data
  w.monitoring.alerts.evaluate_all();
  auto loud_alerts = w.monitoring.alerts.list_alerts(
      w.owner, {.state = "firing", .rule_id = loud["id"].get<std::string>(), .limit = 500}, meta);
  EXPECT_FALSE(loud_alerts.empty()) << "an error fires a rule that alerts on errors";
  EXPECT_TRUE(
      w.monitoring.alerts.list_alerts(w.owner, {.rule_id = quiet["id"].get<std::string>(), .limit = 500}, meta).empty())
      << "and changes nothing for one that keeps its state";

  // Collection works again (still no fresh samples here): plain NoData, which resolves (ok).
  config.last_error.reset();
  w.monitoring.collection_repository.save(config, w.clock.now_ms());
  w.clock.advance(60'000);
  w.monitoring.alerts.evaluate_all();
  EXPECT_TRUE(
      w.monitoring.alerts.list_alerts(w.owner, {.state = "firing", .rule_id = loud["id"].get<std::string>()}, meta)
          .empty());
}

}  // namespace cw::monitoring::testing
