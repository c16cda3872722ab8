// The weekly report (the `weeklyReport` preference): once per calendar week per organization, only
// for members who asked, with a digest of the week's notifications.
#include <gtest/gtest.h>

#include "core/keyring.hpp"
#include "events/event_bus.hpp"
#include "jobs/job_queue.hpp"
#include "notifications/service.hpp"
#include "orgs/service.hpp"
#include "storage/test_support.hpp"

namespace cw::notifications {
namespace {

constexpr Millis kDay = 86'400'000;

struct World {
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  FakeClock clock{1'796'205'600'000};  // Wednesday 2026-12-02 10:00 UTC
  orgs::OrgRepository org_repo{*db};
  events::EventBus events{*db, clock};
  orgs::OrgService orgs{*db, org_repo, events, clock};
  jobs::JobQueue queue{*db, clock, "test-worker"};
  Keyring keyring{{{"k1", std::string(32, 'k')}}};
  NotificationRepository repo{*db};
  NotificationService service{repo, orgs, events, queue, keyring, clock, SendSettings{}};

  std::pair<orgs::Organization, orgs::User> org(const std::string& name, const std::string& email) {
    return orgs.create_with_owner(name, {email, "Owner", Role::kOwner, "x"});
  }
  Channel email_channel(const orgs::User& owner) {
    Principal actor{owner.id, owner.email, owner.organization_id, owner.role, ""};
    return service.create_channel(
        actor, {{"name", "Mail"},
                {"type", "email"},
                {"config", {{"host", "127.0.0.1"}, {"port", 2525}, {"starttls", false}, {"from", "cw@example.com"}}}});
  }
  void notified(const orgs::User& user, const std::string& event_id, const std::string& kind, const std::string& title,
                Millis at) {
    repo.insert_notification({"ntf_" + event_id + user.id, user.organization_id, user.id, event_id,
                              Content{kind, "warning", title, "details", std::nullopt, at}, std::nullopt});
  }
  std::vector<Delivery> reports(const std::string& organization_id) {
    std::vector<Delivery> out;
    for (auto& d : repo.deliveries(organization_id, {}))
      if (d.event_id.rfind("weekly-report:", 0) == 0) out.push_back(d);
    return out;
  }
};

TEST(WeeklyReport, OnlyForOrganizationsWhoseMembersAskedAndOncePerWeek) {
  World w;
  auto [acme, ann] = w.org("Acme", "ann@example.com");
  auto [other, bob] = w.org("Other", "bob@example.com");
  w.email_channel(ann);
  w.email_channel(bob);
  // Off by default: nobody asked, nothing goes out.
  EXPECT_EQ(w.service.queue_weekly_reports(), 0);

  w.orgs.update_preferences(ann.id, {{"notifications", {{"weeklyReport", true}}}});
  EXPECT_EQ(w.service.queue_weekly_reports(), 1);
  ASSERT_EQ(w.reports(acme.id).size(), 1u);
  EXPECT_EQ(w.reports(acme.id)[0].event_id, "weekly-report:2026-11-30");  // the week's Monday
  EXPECT_TRUE(w.reports(other.id).empty());

  // Again in the same week (another hour, another replica): nothing more.
  w.clock.advance(3 * kDay);  // Saturday
  EXPECT_EQ(w.service.queue_weekly_reports(), 0);
  // Next Monday: the next week's report.
  w.clock.advance(2 * kDay);
  EXPECT_EQ(w.service.queue_weekly_reports(), 1);
  EXPECT_EQ(w.reports(acme.id).size(), 2u);

  // Email switched off altogether: the weekly report stops too.
  w.orgs.update_preferences(ann.id, {{"notifications", {{"email", false}}}});
  w.clock.advance(7 * kDay);
  EXPECT_EQ(w.service.queue_weekly_reports(), 0);
}

TEST(WeeklyReport, DigestsTheLastSevenDaysOfNotificationsOncePerEvent) {
  World w;
  auto [acme, ann] = w.org("Acme", "ann@example.com");
  w.email_channel(ann);
  w.orgs.update_preferences(ann.id, {{"notifications", {{"weeklyReport", true}}}});
  Principal actor{ann.id, ann.email, ann.organization_id, ann.role, ""};
  auto carl = w.orgs.add_member(actor, {"carl@example.com", "Carl", Role::kViewer, "x"}).user;
  Millis now = w.clock.now_ms();
  // One event seen by two members counts once.
  w.notified(ann, "evt_1", "sync", "Sync of prod failed", now - 2 * kDay);
  w.notified(carl, "evt_1", "sync", "Sync of prod failed", now - 2 * kDay);
  w.notified(ann, "evt_2", "costAlerts", "Budget Q4 at 80%", now - kDay);
  w.notified(ann, "evt_old", "sync", "Last month's failure", now - 8 * kDay);  // before the week

  ASSERT_EQ(w.service.queue_weekly_reports(), 1);
  auto report = w.reports(acme.id).at(0);
  EXPECT_EQ(report.content.kind, "weeklyReport");
  EXPECT_EQ(report.content.title, "Weekly report for Acme, week of 2026-11-30");
  const std::string& text = report.content.message;
  EXPECT_NE(text.find("2 notifications: costAlerts 1; sync 1;"), std::string::npos) << text;
  EXPECT_LT(text.find("Budget Q4 at 80%"), text.find("Sync of prod failed")) << "newest first";
  EXPECT_EQ(text.find("Last month's failure"), std::string::npos);
  // Queued as a durable delivery like any other.
  EXPECT_EQ(report.status, "pending");
  EXPECT_EQ(w.queue.list(acme.id, {.type = std::string(NotificationService::kDeliverJob)}).size(), 1u);
}

TEST(WeeklyReport, AQuietWeekSaysSo) {
  World w;
  auto [acme, ann] = w.org("Acme", "ann@example.com");
  w.email_channel(ann);
  w.orgs.update_preferences(ann.id, {{"notifications", {{"weeklyReport", true}}}});
  ASSERT_EQ(w.service.queue_weekly_reports(), 1);
  EXPECT_NE(w.reports(acme.id).at(0).content.message.find("A quiet week"), std::string::npos);
}

}  // namespace
}  // namespace cw::notifications
