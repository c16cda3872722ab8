#pragma once
// Security scanning below HTTP on a real database with the simulated cloud and a fake clock, run
// on SQLite (security_sqlite_test.cpp) and PostgreSQL (security_postgres_pgtest.cpp): planted
// misconfigurations are found and healthy resources raise nothing; an incremental scan reads only
// what changed; findings resolve, reopen and resolve when their resource is gone; mutes cover
// findings at once (also ones opened later) and lapse at their expiry; organizations are apart.
#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "http/paging.hpp"
#include "inventory/inventory_world_test_support.hpp"
#include "security/module.hpp"

namespace cw::security::testing {

struct SecurityWorld : inventory::testing::InventoryWorld {
  explicit SecurityWorld(storage::Database& db) : InventoryWorld(db), security(platform) {
    security.add_jobs(runner);
    owner = member("Acme", "o@example.com");
  }
  /// Requests a scan, runs it, and returns it as stored.
  Scan scan(const Principal& who, bool full) {
    Scan queued = security.scans.request(who.organization_id, full ? "manual" : "change", full);
    runner.run_due_jobs();
    return security.scans.get(who, queued.id);
  }
  nlohmann::json findings(const Principal& who, const std::map<std::string, std::string>& query = {}) {
    return security.findings.list(who, query, http::PageRequest{500, ""})["items"];
  }
  std::set<std::string> names(const Principal& who, const std::string& rule, const std::string& status = "open") {
    std::set<std::string> out;
    for (const auto& f : findings(who, {{"ruleId", rule}, {"status", status}})) out.insert(f["resourceName"]);
    return out;
  }
  std::string resource_id(const Principal& who, const std::string& rule) {
    auto items = findings(who, {{"ruleId", rule}});
    return items.empty() ? "" : items[0]["resourceId"].get<std::string>();
  }

  SecurityModule security;
  Principal owner;
};

inline void check_planted_misconfigurations_are_found(storage::Database& db) {
  SecurityWorld w(db);
  w.connect(w.owner);
  Scan scan = w.scan(w.owner, true);
  EXPECT_EQ(scan.state, "completed");
  EXPECT_EQ(scan.mode, "full");
  EXPECT_GE(scan.resources_evaluated, 20);
  EXPECT_EQ(scan.new_count, scan.open_count);
  // Each weakness the startup scenario plants (simulated_provider.hpp) is found.
  for (const char* rule : {"storage-bucket-public", "net-ssh-open-to-internet", "net-rdp-open-to-internet",
                           "storage-volume-unencrypted", "db-backups-disabled", "access-key-older-than-90-days",
                           // the account's own scope: its settings, a user and a key
                           "audit-trail-off", "aws-root-mfa-off", "account-password-policy-weak",
                           "iam-user-console-without-mfa", "access-key-unused-45-days", "kms-key-rotation-off"})
    EXPECT_GE(w.names(w.owner, rule).size(), 1u) << rule;
  // The healthy anchors raise nothing but the web server's public address (a hygiene finding:
  // AWS FSBP EC2.9 wants servers behind load balancers).
  for (const auto& f : w.findings(w.owner)) {
    EXPECT_NE(f["resourceName"], "demo-database-1") << f.dump();
    if (f["resourceName"] == "demo-web-server-1") EXPECT_EQ(f["ruleId"], "server-public-ip") << f.dump();
  }
  // A server created the safe way (private, encrypted, SSH from the office only) raises nothing.
  auto account = w.findings(w.owner)[0]["providerId"].get<std::string>();
  std::string clean = w.inventory.resources.create(w.owner, {account, {"clean-vm", "server", "us-east-1", {}, {}}}).id;
  ASSERT_TRUE(w.settle([&] { return w.inventory.resources.get(w.owner, clean).status == "running"; }));
  w.scan(w.owner, false);
  EXPECT_TRUE(w.findings(w.owner, {{"resourceId", clean}}).empty()) << w.findings(w.owner, {{"resourceId", clean}});
  // Scanning again changes nothing.
  w.clock.advance(60'000);
  scan = w.scan(w.owner, true);
  Scan again = w.scan(w.owner, true);
  EXPECT_EQ(again.new_count, 0);
  EXPECT_EQ(again.resolved_count, 0);
  EXPECT_EQ(again.open_count, scan.open_count);
  // Compliance: a failing rule fails its requirement; a rule over a fact the simulated cloud does
  // not report (IMDSv2) proves nothing, so its requirement is left to be checked by hand.
  auto cis = w.security.findings.compliance(w.owner, "cis-aws-3.0");
  std::map<std::string, std::string> status;
  for (const auto& r : cis["requirements"]) status[r["id"]] = r["status"];
  EXPECT_EQ(status["2.1.4"], "fail");
  EXPECT_EQ(status["5.6"], "manual");
  EXPECT_EQ(status["1.4"], "pass") << "the account reports that root has no access key";
  EXPECT_EQ(status["1.5"], "fail") << "root signs in without MFA";
  EXPECT_EQ(status["3.1"], "fail") << "no CloudTrail trail";
  EXPECT_EQ(status["3.7"], "pass") << "every simulated network reports its flow logs";
  // A rule that is false only because its guard rules a resource out proves nothing either: no
  // simulated network is a security group, so the default-group requirement stays manual.
  EXPECT_EQ(status["5.4"], "manual");
}

inline void check_lifecycle_and_incremental_scans(storage::Database& db) {
  SecurityWorld w(db);
  w.connect(w.owner);
  w.clock.advance(60'000);
  Scan first = w.scan(w.owner, true);
  const std::string bucket = w.resource_id(w.owner, "storage-bucket-public");
  ASSERT_FALSE(bucket.empty());
  const std::string first_seen = w.findings(w.owner, {{"resourceId", bucket}})[0]["firstSeenAt"];

  // A fix through the inventory: the next incremental scan reads that resource alone.
  w.clock.advance(60'000);
  w.inventory.resources.update(w.owner, bucket, {std::nullopt, nlohmann::json{{"publicAccess", false}}, std::nullopt});
  Scan fixed = w.scan(w.owner, false);
  EXPECT_EQ(fixed.mode, "incremental");
  EXPECT_EQ(fixed.resources_evaluated, 1);
  EXPECT_EQ(fixed.resolved_count, 1);
  EXPECT_TRUE(w.names(w.owner, "storage-bucket-public").empty());
  EXPECT_EQ(w.names(w.owner, "storage-bucket-public", "resolved").size(), 1u);

  // Undone: the same finding opens again, with its history.
  w.clock.advance(60'000);
  w.inventory.resources.update(w.owner, bucket, {std::nullopt, nlohmann::json{{"publicAccess", true}}, std::nullopt});
  Scan reopened = w.scan(w.owner, false);
  EXPECT_EQ(reopened.new_count, 1);
  EXPECT_EQ(reopened.reopened_count, 1);
  auto f = w.findings(w.owner, {{"resourceId", bucket}})[0];
  EXPECT_EQ(f["status"], "open");
  EXPECT_EQ(f["reopenedCount"], 1);
  EXPECT_EQ(f["firstSeenAt"], first_seen);
  EXPECT_TRUE(f["resolvedAt"].is_null());

  // Gone: deleting the resource resolves its findings at the next scan.
  w.clock.advance(60'000);
  w.inventory.resources.remove(w.owner, bucket);
  const auto open_on_bucket =
      static_cast<long long>(w.findings(w.owner, {{"resourceId", bucket}, {"status", "open"}}).size());
  Scan gone = w.scan(w.owner, false);
  EXPECT_EQ(gone.resolved_count, open_on_bucket);
  EXPECT_EQ(w.findings(w.owner, {{"resourceId", bucket}, {"status", "open"}}).size(), 0u);
  EXPECT_EQ(gone.open_count, first.open_count - open_on_bucket);
}

inline void check_mutes_apply_at_once_and_lapse(storage::Database& db) {
  SecurityWorld w(db);
  w.connect(w.owner);
  w.scan(w.owner, true);
  const auto ssh = w.names(w.owner, "net-ssh-open-to-internet");
  ASSERT_EQ(ssh.size(), 1u);
  auto mute = w.security.findings.mute(w.owner, {{"ruleId", "net-ssh-open-to-internet"},
                                                 {"reason", "accepted"},
                                                 {"expiresAt", format_rfc3339(w.clock.now_ms() + 3'600'000)}});
  EXPECT_EQ(mute["applied"], 1);
  EXPECT_TRUE(w.names(w.owner, "net-ssh-open-to-internet").empty());
  EXPECT_EQ(w.names(w.owner, "net-ssh-open-to-internet", "muted"), ssh);
  // Scans keep it muted, and the summary does not count it as open.
  w.clock.advance(60'000);
  w.scan(w.owner, true);
  EXPECT_EQ(w.names(w.owner, "net-ssh-open-to-internet", "muted"), ssh);
  auto summary = w.security.findings.summary(w.owner);
  EXPECT_EQ(summary["byStatus"]["muted"], 1);
  // At its expiry it lapses, without any job.
  w.clock.advance(3'600'000);
  EXPECT_EQ(w.names(w.owner, "net-ssh-open-to-internet"), ssh);

  // A mute by tag covers findings opened after it.
  auto tagged = w.security.findings.mute(w.owner, {{"tag", "team=acme-new"}, {"reason", "sandbox"}});
  EXPECT_EQ(tagged["applied"], 0);
  auto account = w.findings(w.owner)[0]["providerId"].get<std::string>();
  inventory::NewResourceRequest open_db{
      account,
      {"sandbox-vm",
       "server",
       "us-east-1",
       {{"openPorts", nlohmann::json::array({{{"port", 22}, {"cidr", "0.0.0.0/0"}}})}},
       {{"team", "acme-new"}}}};
  std::string created = w.inventory.resources.create(w.owner, open_db).id;
  ASSERT_TRUE(w.settle([&] { return w.inventory.resources.get(w.owner, created).status == "running"; }));
  w.scan(w.owner, false);
  auto mine = w.findings(w.owner, {{"resourceId", created}});
  ASSERT_FALSE(mine.empty());
  for (const auto& f : mine) EXPECT_EQ(f["muteId"], tagged["id"]) << f.dump();
  // Deleting the mute releases them at once.
  w.security.findings.unmute(w.owner, tagged["id"]);
  for (const auto& f : w.findings(w.owner, {{"resourceId", created}})) EXPECT_EQ(f["muted"], false);
}

inline void check_a_cancelled_scan_says_so(storage::Database& db) {
  SecurityWorld w(db);
  w.connect(w.owner);
  Scan queued = w.security.scans.request(w.owner.organization_id, "manual", true);
  jobs::Job job;
  job.id = queued.job_id;
  job.organization_id = w.owner.organization_id;
  jobs::JobContext ctx(w.queue, job, nullptr);
  ctx.note_cancel_requested();  // as the heartbeat hears POST /jobs/{id}/cancel
  EXPECT_THROW(w.security.scans.run(job, ctx), jobs::JobCancelled);
  Scan cancelled = w.security.scans.get(w.owner, queued.id);
  EXPECT_EQ(cancelled.state, "cancelled");
  EXPECT_TRUE(cancelled.finished_at.has_value());
  // The next request is a new scan, and it runs to the end.
  EXPECT_EQ(w.scan(w.owner, true).state, "completed");
}

inline void check_organizations_are_apart(storage::Database& db) {
  SecurityWorld w(db);
  w.connect(w.owner);
  w.scan(w.owner, true);
  Principal other = w.member("Other", "x@example.com");
  EXPECT_TRUE(w.findings(other).empty());
  auto id = w.findings(w.owner)[0]["id"].get<std::string>();
  EXPECT_THROW(w.security.findings.get(other, id), ApiError);
  EXPECT_EQ(w.security.findings.summary(other)["byStatus"]["open"], 0);
  EXPECT_THROW(w.security.findings.mute(other, {{"ruleId", "no-such"}, {"reason", "r"}}), ApiError);
}

}  // namespace cw::security::testing
