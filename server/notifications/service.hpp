#pragma once
/// Notifications: channels per organization, who gets what, the in-app center and the durable
/// delivery of email/Slack/webhook messages.
///
/// Flow: a domain publishes an event (events/event_bus.hpp) → `on_event` (once per cluster)
/// asks the catalog what it says → in one transaction: an in-app notification for each member
/// whose preferences take that kind (published live to that user), and a delivery row plus a
/// `notifications.deliver` job for each enabled channel that receives the kind → the job sends,
/// retries with backoff and ends `dead` after its last attempt; the delivery row mirrors it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "notifications/repository.hpp"
#include "notifications/senders.hpp"

namespace cw {
class Keyring;
}
namespace cw::events {
class EventBus;
struct DomainEvent;
}  // namespace cw::events
namespace cw::jobs {
class JobQueue;
struct Job;
}  // namespace cw::jobs
namespace cw::orgs {
class OrgService;
struct User;
}  // namespace cw::orgs

namespace cw::notifications {

struct CenterPage {
  std::vector<Notification> items;
  std::optional<std::string> next_before;  // id to continue from
  long long total = 0, unread = 0;
};

class NotificationService {
 public:
  static constexpr const char* kDeliverJob = "notifications.deliver";
  static constexpr const char* kInviteJob = "notifications.invite";
  static constexpr const char* kWeeklyReportTask = "notifications.weekly_report";
  static constexpr int kDeliveryAttempts = 4;

  /// `public_url`: the web UI's address for links in mails (CLOUDWEAVE_PUBLIC_URL); empty: no
  /// invitation mails.
  NotificationService(NotificationRepository& repo, orgs::OrgService& orgs, events::EventBus& events,
                      jobs::JobQueue& queue, const Keyring& keyring, const Clock& clock, SendSettings send,
                      std::string public_url = {});

  std::vector<Channel> channels(const Principal& actor);
  Channel channel(const Principal& actor, const std::string& id);
  Channel create_channel(const Principal& actor, const nlohmann::json& body);
  Channel update_channel(const Principal& actor, const std::string& id, const nlohmann::json& patch);
  void delete_channel(const Principal& actor, const std::string& id);
  /// Sends a test message now; {delivered: true} or {delivered: false, error}.
  nlohmann::json test_channel(const Principal& actor, const std::string& id);

  CenterPage center(const Principal& actor, bool unread_only, const std::optional<std::string>& before, int limit);
  Notification mark_read(const Principal& actor, const std::string& id);
  long long mark_all_read(const Principal& actor);

  std::pair<std::vector<Delivery>, long long> deliveries(const Principal& actor, const DeliveryFilter& filter);

  /// The event bus subscriber (once per cluster, at least once: repeated events change nothing).
  void on_event(const events::DomainEvent& event);
  /// The `notifications.deliver` job handler: one attempt; throws so the job retries.
  nlohmann::json deliver(const jobs::Job& job);

  /// A member was invited: their invitation link is mailed through the organization's first
  /// enabled email channel (when there is one and the public URL is known), as a durable job.
  void invited(const orgs::User& user, const std::string& token);
  /// The `notifications.invite` job handler.
  nlohmann::json send_invitation(const jobs::Job& job);

  /// The weekly report (the `weeklyReport` preference), checked by a periodic task: once per
  /// calendar week (weeks start Monday 00:00 UTC), an organization with an enabled email channel
  /// mails a digest of the last seven days' notifications to its members whose preferences have
  /// `weeklyReport` and `email` on. A durable delivery on that channel, in its delivery log;
  /// running again in the same week queues nothing. Returns how many reports were queued.
  int queue_weekly_reports();

 private:
  /// The weekly report's kind: a preference switch, not a notification kind channels choose.
  static constexpr const char* kWeeklyReportKind = "weeklyReport";

  Channel open_secrets(Channel channel) const;
  Content weekly_digest(const std::string& organization_id, Millis since, const std::string& week);
  std::vector<std::string> mail_recipients(const Channel& channel, const std::string& organization_id,
                                           const std::string& kind);
  bool wants(const nlohmann::json& preferences, const char* channel_switch, const std::string& kind) const;
  void notify_in_app(const std::string& organization_id, const std::string& user_id, const std::string& event_id,
                     const Content& content);

  NotificationRepository& repo_;
  orgs::OrgService& orgs_;
  events::EventBus& events_;
  jobs::JobQueue& queue_;
  const Keyring& keyring_;
  const Clock& clock_;
  SendSettings send_;
  std::string public_url_;
};

}  // namespace cw::notifications
