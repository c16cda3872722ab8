#include "notifications/service.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/json_body.hpp"
#include "core/json_text.hpp"
#include "core/keyring.hpp"
#include "events/event_bus.hpp"
#include "jobs/job_queue.hpp"
#include "notifications/catalog.hpp"
#include "orgs/model.hpp"
#include "orgs/service.hpp"

namespace cw::notifications {

namespace {

// Sealed secrets are bound to the channel id: a blob copied onto another row does not open.
std::string seal_context(const std::string& channel_id) { return "notification-channel:" + channel_id; }

bool is_http_url(const std::string& url) {
  return url.size() <= 2048 && (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) &&
         url.find_first_of(" \r\n\t") == std::string::npos && url.size() > 8;
}

std::vector<std::string> parse_kinds(JsonBody& body, const nlohmann::json& value) {
  std::vector<std::string> kinds;
  if (!value.is_array()) {
    body.fail("events", "must be an array of kinds");
    return kinds;
  }
  for (const auto& k : value) {
    const auto& all = all_kinds();
    if (!k.is_string() || std::find(all.begin(), all.end(), k.get<std::string>()) == all.end()) {
      body.fail("events", "kinds are: alerts, costAlerts, security, deployments, sync, vault");
      return {};
    }
    if (std::find(kinds.begin(), kinds.end(), k.get<std::string>()) == kinds.end()) kinds.push_back(k);
  }
  return kinds;
}

// Applies `given` (a create body's or a patch's config) to the channel's config and secrets,
// checking each field for the channel's type. Secrets left out keep their stored value.
void apply_config(JsonBody& body, Channel& ch, const nlohmann::json& given, bool creating) {
  if (!given.is_object()) {
    body.fail("config", "must be an object");
    return;
  }
  auto fail = [&](const std::string& field, const std::string& reason) { body.fail("config." + field, reason); };
  auto text = [&](const char* field, size_t max, bool required) -> std::optional<std::string> {
    if (!given.contains(field) || given[field].is_null()) {
      if (required) fail(field, "is required");
      return std::nullopt;
    }
    if (!given[field].is_string() || given[field].get_ref<const std::string&>().size() > max) {
      fail(field, "must be a string of at most " + std::to_string(max) + " characters");
      return std::nullopt;
    }
    return given[field].get<std::string>();
  };
  for (auto it = given.begin(); it != given.end(); ++it) {
    static const std::vector<std::string> kEmail{"host", "port", "starttls", "username", "password", "from", "to"};
    static const std::vector<std::string> kWebhook{"url", "secret"};
    static const std::vector<std::string> kSlack{"url"};
    const auto& known = ch.type == "email"     ? kEmail
                        : ch.type == "webhook" ? kWebhook
                        : ch.type == "slack"   ? kSlack
                                               : std::vector<std::string>{};
    if (std::find(known.begin(), known.end(), it.key()) == known.end())
      fail(it.key(), "is not a setting of " + ch.type + " channels");
  }
  if (ch.type == "email") {
    if (auto host = text("host", 253, creating)) {
      if (host->empty()) fail("host", "is required");
      ch.config["host"] = *host;
    }
    if (given.contains("port")) {
      if (!given["port"].is_number_integer() || given["port"].get<long long>() < 1 ||
          given["port"].get<long long>() > 65535)
        fail("port", "must be a port number (1-65535)");
      else
        ch.config["port"] = given["port"];
    } else if (creating) {
      ch.config["port"] = 587;
    }
    if (given.contains("starttls")) {
      if (!given["starttls"].is_boolean())
        fail("starttls", "must be true or false");
      else
        ch.config["starttls"] = given["starttls"];
    } else if (creating) {
      ch.config["starttls"] = true;
    }
    if (auto user = text("username", 255, false)) ch.config["username"] = *user;
    if (auto password = text("password", 1024, false)) ch.secrets["password"] = *password;
    if (auto from = text("from", 255, creating)) {
      std::string normalized;
      if (!normalize_email(*from, normalized))
        fail("from", "must be an email address");
      else
        ch.config["from"] = normalized;
    }
    if (given.contains("to")) {
      nlohmann::json to = nlohmann::json::array();
      if (!given["to"].is_array() || given["to"].size() > 100) {
        fail("to", "must be a list of at most 100 email addresses");
      } else {
        for (const auto& address : given["to"]) {
          std::string normalized;
          if (!address.is_string() || !normalize_email(address.get<std::string>(), normalized)) {
            fail("to", "must be a list of email addresses");
            break;
          }
          to.push_back(normalized);
        }
        ch.config["to"] = to;
      }
    } else if (creating) {
      ch.config["to"] = nlohmann::json::array();
    }
  } else if (ch.type == "webhook" || ch.type == "slack") {
    if (auto url = text("url", 2048, creating)) {
      if (!is_http_url(*url))
        fail("url", "must be an http:// or https:// URL");
      else
        ch.secrets["url"] = *url;
    }
    if (ch.type == "webhook") {
      if (auto secret = text("secret", 256, false)) {
        if (secret->empty())
          ch.secrets.erase("secret");
        else
          ch.secrets["secret"] = *secret;
      }
    }
  }
}

}  // namespace

NotificationService::NotificationService(NotificationRepository& repo, orgs::OrgService& orgs, events::EventBus& events,
                                         jobs::JobQueue& queue, const Keyring& keyring, const Clock& clock,
                                         SendSettings send, std::string public_url)
    : repo_(repo),
      orgs_(orgs),
      events_(events),
      queue_(queue),
      keyring_(keyring),
      clock_(clock),
      send_(send),
      public_url_(std::move(public_url)) {}

Channel NotificationService::open_secrets(Channel ch) const {
  if (ch.sealed_secrets.empty()) return ch;
  auto plain = keyring_.open(ch.sealed_secrets, seal_context(ch.id));
  if (!plain) throw ApiError(ErrorCode::kInternal, "the channel's secrets do not open with the configured keys");
  ch.secrets = nlohmann::json::parse(*plain);
  return ch;
}

std::vector<Channel> NotificationService::channels(const Principal& actor) {
  auto list = repo_.channels(actor.organization_id);
  for (auto& ch : list) ch = open_secrets(std::move(ch));
  return list;
}

Channel NotificationService::channel(const Principal& actor, const std::string& id) {
  auto ch = repo_.find_channel(actor.organization_id, id);
  if (!ch) throw not_found("notification channel");
  return open_secrets(std::move(*ch));
}

Channel NotificationService::create_channel(const Principal& actor, const nlohmann::json& json) {
  JsonBody body(json);
  Channel ch;
  ch.id = new_id("nch");
  ch.organization_id = actor.organization_id;
  ch.name = body.string("name", 1, 100);
  ch.type = body.one_of("type", {"email", "slack", "webhook", "in_app"});
  ch.enabled = body.optional_bool("enabled").value_or(true);
  ch.kinds = json.contains("events") ? parse_kinds(body, json["events"]) : all_kinds();
  if (!json.contains("config"))
    body.fail("config", "is required");
  else if (!ch.type.empty())
    apply_config(body, ch, json["config"], true);
  body.finish();
  ch.created_at = ch.updated_at = clock_.now_ms();
  if (!ch.secrets.empty()) ch.sealed_secrets = keyring_.seal(dump_json(ch.secrets), seal_context(ch.id));
  repo_.insert_channel(ch);
  return ch;
}

Channel NotificationService::update_channel(const Principal& actor, const std::string& id, const nlohmann::json& json) {
  Channel ch = channel(actor, id);
  JsonBody body(json);
  if (json.contains("type") && json["type"] != ch.type) body.fail("type", "cannot change; create a new channel");
  if (auto name = body.optional_string("name", 1, 100)) ch.name = *name;
  if (auto enabled = body.optional_bool("enabled")) ch.enabled = *enabled;
  if (json.contains("events")) ch.kinds = parse_kinds(body, json["events"]);
  if (json.contains("config")) apply_config(body, ch, json["config"], false);
  body.finish();
  ch.updated_at = clock_.now_ms();
  ch.sealed_secrets = ch.secrets.empty() ? "" : keyring_.seal(dump_json(ch.secrets), seal_context(ch.id));
  repo_.update_channel(ch);
  return ch;
}

void NotificationService::delete_channel(const Principal& actor, const std::string& id) {
  if (!repo_.delete_channel(actor.organization_id, id)) throw not_found("notification channel");
}

nlohmann::json NotificationService::test_channel(const Principal& actor, const std::string& id) {
  Channel ch = channel(actor, id);
  Content content{"sync",
                  "info",
                  "CloudWeave test notification",
                  "The channel \"" + ch.name + "\" works: this is a test sent by " +
                      (actor.email.empty() ? std::string("an API key") : actor.email) + ".",
                  std::nullopt,
                  clock_.now_ms()};
  if (ch.type == "in_app") {
    if (actor.user_id.empty()) return {{"delivered", false}, {"error", "an API key has no in-app center"}};
    repo_.atomically([&] { notify_in_app(actor.organization_id, actor.user_id, new_id("test"), content); });
    return {{"delivered", true}};
  }
  Outgoing message{new_id("test"), actor.organization_id, content, {}};
  if (ch.type == "email") {
    message.recipients = ch.config.value("to", std::vector<std::string>{});
    if (message.recipients.empty() && !actor.email.empty()) message.recipients.push_back(actor.email);
  }
  std::string error = send(ch, message, send_);
  if (error.empty()) return {{"delivered", true}};
  return {{"delivered", false}, {"error", error}};
}

CenterPage NotificationService::center(const Principal& actor, bool unread_only,
                                       const std::optional<std::string>& before, int limit) {
  CenterPage page;
  page.items = repo_.center(actor.user_id, unread_only, before, limit + 1);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_before = page.items.back().id;
  }
  page.total = repo_.count(actor.user_id, unread_only);
  page.unread = unread_only ? page.total : repo_.count(actor.user_id, true);
  return page;
}

Notification NotificationService::mark_read(const Principal& actor, const std::string& id) {
  auto n = repo_.mark_read(actor.user_id, id, clock_.now_ms());
  if (!n) throw not_found("notification");
  return *n;
}

long long NotificationService::mark_all_read(const Principal& actor) {
  return repo_.mark_all_read(actor.user_id, clock_.now_ms());
}

std::pair<std::vector<Delivery>, long long> NotificationService::deliveries(const Principal& actor,
                                                                            const DeliveryFilter& filter) {
  return {repo_.deliveries(actor.organization_id, filter), repo_.count_deliveries(actor.organization_id, filter)};
}

bool NotificationService::wants(const nlohmann::json& preferences, const char* channel_switch,
                                const std::string& kind) const {
  const auto& switches = preferences["notifications"];
  return switches.value(channel_switch, true) && switches.value(kind, true);
}

void NotificationService::notify_in_app(const std::string& organization_id, const std::string& user_id,
                                        const std::string& event_id, const Content& content) {
  Notification n{new_id("ntf"), organization_id, user_id, event_id, content, std::nullopt};
  if (repo_.insert_notification(n)) events_.publish(organization_id, "notification", to_json(n), user_id);
}

void NotificationService::on_event(const events::DomainEvent& event) {
  auto draft = draft_for(event);
  if (!draft) return;
  const Content* content = &draft->content;
  auto channels = repo_.channels(event.organization_id);
  // In-app goes to everyone by default; once the organization has in-app channels, they decide.
  bool has_in_app = false, in_app_takes = false;
  for (const auto& ch : channels) {
    if (ch.type != "in_app") continue;
    has_in_app = true;
    in_app_takes = in_app_takes || (ch.enabled && ch.receives(content->kind));
  }
  std::vector<orgs::User> members;
  if (!has_in_app || in_app_takes) members = orgs_.active_members(event.organization_id);
  Millis now = clock_.now_ms();
  repo_.atomically([&] {
    for (const auto& member : members) {
      if (!draft->only_user.empty() && member.id != draft->only_user) continue;
      if (wants(orgs::merge_preferences(member.preferences, nlohmann::json::object()), "inApp", content->kind))
        notify_in_app(event.organization_id, member.id, draft->key, *content);
    }
    for (const auto& ch : channels) {
      if (ch.type == "in_app" || !ch.enabled || !ch.receives(content->kind)) continue;
      Delivery d{
          new_id("dlv"), event.organization_id, ch.id, draft->key, "pending", *content, 0, std::nullopt, now, now, ""};
      if (repo_.insert_delivery(d))
        queue_.enqueue(kDeliverJob, {{"deliveryId", d.id}},
                       {.organization_id = event.organization_id, .max_attempts = kDeliveryAttempts});
    }
  });
}

std::vector<std::string> NotificationService::mail_recipients(const Channel& ch, const std::string& organization_id,
                                                              const std::string& kind) {
  // A channel's own `to` list takes alerts; the weekly report is personal, for those who asked.
  auto to = kind == kWeeklyReportKind ? std::vector<std::string>{} : ch.config.value("to", std::vector<std::string>{});
  if (!to.empty()) return to;
  for (const auto& member : orgs_.active_members(organization_id))
    if (wants(orgs::merge_preferences(member.preferences, nlohmann::json::object()), "email", kind))
      to.push_back(member.email);
  return to;
}

nlohmann::json NotificationService::deliver(const jobs::Job& job) {
  auto delivery = repo_.find_delivery(job.payload.value("deliveryId", ""));
  if (!delivery) return {{"skipped", "delivery removed with its channel"}};
  auto stored = repo_.find_channel_any(delivery->channel_id);
  if (!stored) return {{"skipped", "channel removed"}};
  Channel ch = open_secrets(std::move(*stored));
  Millis now = clock_.now_ms();
  if (!ch.enabled) {
    repo_.record_attempt(delivery->id, "dead", job.attempts, std::string("the channel was disabled"), now);
    return {{"skipped", "channel disabled"}};
  }
  Outgoing message{delivery->event_id, delivery->organization_id, delivery->content, {}};
  if (ch.type == "email") message.recipients = mail_recipients(ch, delivery->organization_id, delivery->content.kind);
  std::string error = send(ch, message, send_);
  if (error.empty()) {
    repo_.record_attempt(delivery->id, "delivered", job.attempts, std::nullopt, clock_.now_ms());
    return {{"delivered", true}};
  }
  bool last = job.attempts >= job.max_attempts;
  repo_.record_attempt(delivery->id, last ? "dead" : "failed", job.attempts, error, clock_.now_ms());
  throw std::runtime_error(error);
}

void NotificationService::invited(const orgs::User& user, const std::string& token) {
  if (public_url_.empty()) return;  // no address to link to: the admin hands the link over
  for (const auto& ch : repo_.channels(user.organization_id)) {
    if (ch.type != "email" || !ch.enabled) continue;
    // The token is a password-equivalent until used: sealed in the job, never in the clear.
    queue_.enqueue(kInviteJob,
                   {{"userId", user.id}, {"channelId", ch.id}, {"token", keyring_.seal(token, "invite:" + user.id)}},
                   {.organization_id = user.organization_id, .max_attempts = kDeliveryAttempts});
    return;
  }
}

nlohmann::json NotificationService::send_invitation(const jobs::Job& job) {
  std::string user_id = job.payload.value("userId", "");
  auto user = orgs_.find_member(user_id);
  if (!user || user->status != "invited") return {{"skipped", "the invitation was accepted or withdrawn"}};
  auto token = keyring_.open(job.payload.value("token", ""), "invite:" + user_id);
  if (!token) throw std::invalid_argument("the invitation token does not open with the configured keys");
  auto stored = repo_.find_channel_any(job.payload.value("channelId", ""));
  if (!stored) return {{"skipped", "the email channel was removed"}};
  Channel ch = open_secrets(std::move(*stored));
  std::string organization = orgs_.organization(user->organization_id).name;
  Content content{"",
                  "info",
                  "You are invited to " + organization,
                  "You have been invited to " + organization + " on CloudWeave.\r\n\r\nChoose your password here " +
                      "(the link works once):\r\n" + public_url_ + "/accept-invite?token=" + *token,
                  std::nullopt,
                  clock_.now_ms()};
  std::string error = send(ch, {new_id("invite"), user->organization_id, content, {user->email}}, send_);
  if (!error.empty()) throw std::runtime_error(error);
  return {{"sent", true}};
}

int NotificationService::queue_weekly_reports() {
  constexpr Millis kDay = 86'400'000;
  Millis now = clock_.now_ms();
  long long day = now / kDay;
  long long monday = day - (day + 3) % 7;  // day 0, 1970-01-01, was a Thursday
  std::string week = format_rfc3339(monday * kDay).substr(0, 10);
  std::string report_id = "weekly-report:" + week;
  int queued = 0;
  std::string done_organization;
  for (const auto& ch : repo_.enabled_email_channels()) {
    if (ch.organization_id == done_organization) continue;  // one report per organization, on its oldest channel
    done_organization = ch.organization_id;
    bool anyone = false;
    for (const auto& member : orgs_.active_members(ch.organization_id))
      anyone = anyone ||
               wants(orgs::merge_preferences(member.preferences, nlohmann::json::object()), "email", kWeeklyReportKind);
    if (!anyone) continue;
    Content content = weekly_digest(ch.organization_id, now - 7 * kDay, week);
    content.created_at = now;
    Delivery d{new_id("dlv"), ch.organization_id, ch.id, report_id, "pending", content, 0, std::nullopt, now, now, ""};
    repo_.atomically([&] {
      if (!repo_.insert_delivery(d)) return;  // this week's report is already out
      queue_.enqueue(kDeliverJob, {{"deliveryId", d.id}},
                     {.organization_id = ch.organization_id, .max_attempts = kDeliveryAttempts});
      ++queued;
    });
  }
  return queued;
}

Content NotificationService::weekly_digest(const std::string& organization_id, Millis since, const std::string& week) {
  constexpr int kListed = 10;
  auto notified = repo_.notified_since(organization_id, since, 1000);
  std::map<std::string, int> per_kind;
  for (const auto& n : notified) ++per_kind[n.kind];
  std::string organization = orgs_.organization(organization_id).name;
  std::string text = "Your CloudWeave week in " + organization + " (the seven days to " +
                     format_rfc3339(clock_.now_ms()).substr(0, 10) + ").\r\n\r\n";
  if (notified.empty()) {
    text += "A quiet week: no alerts, failed syncs, cost or security notices.\r\n";
  } else {
    text += std::to_string(notified.size()) + (notified.size() >= 1000 ? "+" : "") + " notifications:";
    for (const auto& [kind, count] : per_kind) text += " " + kind + " " + std::to_string(count) + ";";
    text += "\r\n\r\nLatest:\r\n";
    for (size_t i = 0; i < notified.size() && i < kListed; ++i)
      text += "- " + format_rfc3339(notified[i].created_at).substr(0, 10) + " [" + notified[i].level + "] " +
              notified[i].title + "\r\n";
  }
  if (!public_url_.empty()) text += "\r\nOpen CloudWeave: " + public_url_ + "/\r\n";
  text += "\r\nYou receive this because the weekly report is on in your notification preferences.\r\n";
  return {kWeeklyReportKind, "info", "Weekly report for " + organization + ", week of " + week, text, "/", 0};
}

}  // namespace cw::notifications
