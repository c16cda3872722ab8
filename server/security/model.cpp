#include "security/model.hpp"

namespace cw::security {

using nlohmann::json;

namespace {

json time_or_null(const std::optional<Millis>& ms) { return ms ? json(format_rfc3339(*ms)) : json(nullptr); }
json text_or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

}  // namespace

json stored_object(const std::string& text) {
  if (text.empty()) return json::object();
  json j = json::parse(text, nullptr, false);
  return j.is_object() ? j : json::object();
}

bool Mute::matches(const Finding& f) const {
  if (rule_id && *rule_id != f.rule_id) return false;
  if (resource_id && *resource_id != f.resource_id) return false;
  if (account_id && *account_id != f.account_id) return false;
  if (region && *region != f.region) return false;
  if (tag_key) {
    auto it = f.resource_tags.find(*tag_key);
    if (it == f.resource_tags.end() || !it->is_string()) return false;
    if (tag_value && it->get<std::string>() != *tag_value) return false;
  }
  return true;
}

const Mute* covering_mute(const std::vector<Mute>& mutes, const Finding& f, Millis now) {
  const Mute* best = nullptr;
  for (const auto& m : mutes) {
    if (!m.active(now) || !m.matches(f)) continue;
    if (!best || (best->expires_at && (!m.expires_at || *m.expires_at > *best->expires_at))) best = &m;
  }
  return best;
}

json to_json(const Scan& s) {
  return {{"id", s.id},
          {"jobId", s.job_id.empty() ? json(nullptr) : json(s.job_id)},
          {"trigger", s.trigger},
          {"mode", s.mode},
          {"state", s.state},
          {"rulesVersion", s.rules_version},
          {"changedSince", time_or_null(s.changed_since)},
          {"resourcesEvaluated", s.resources_evaluated},
          {"new", s.new_count},
          {"reopened", s.reopened_count},
          {"resolved", s.resolved_count},
          {"open", s.open_count},
          {"error", s.error.empty() ? json(nullptr) : json(s.error)},
          {"createdAt", format_rfc3339(s.created_at)},
          {"startedAt", time_or_null(s.started_at)},
          {"finishedAt", time_or_null(s.finished_at)}};
}

json to_json(const Mute& m) {
  json tag = nullptr;
  if (m.tag_key) tag = m.tag_value ? json{{"key", *m.tag_key}, {"value", *m.tag_value}} : json{{"key", *m.tag_key}};
  return {{"id", m.id},
          {"ruleId", text_or_null(m.rule_id)},
          {"resourceId", text_or_null(m.resource_id)},
          {"providerId", text_or_null(m.account_id)},
          {"region", text_or_null(m.region)},
          {"tag", tag},
          {"reason", m.reason},
          {"createdBy", m.created_by},
          {"createdAt", format_rfc3339(m.created_at)},
          {"expiresAt", time_or_null(m.expires_at)}};
}

json to_json(const Finding& f, Millis now) {
  const bool muted = f.muted(now);
  return {{"id", f.id},
          {"ruleId", f.rule_id},
          {"title", f.title},
          {"severity", f.severity},
          {"status", f.status},
          {"muted", muted},
          {"muteId", muted ? json(*f.mute_id) : json(nullptr)},
          {"mutedUntil", muted ? time_or_null(f.mute_until) : json(nullptr)},
          {"resourceId", f.resource_id},
          {"resourceName", f.resource_name},
          {"resourceType", f.resource_type},
          {"provider", f.provider},
          {"providerId", f.account_id},
          {"region", f.region},
          {"firstSeenAt", format_rfc3339(f.first_seen_at)},
          {"lastSeenAt", format_rfc3339(f.last_seen_at)},
          {"resolvedAt", time_or_null(f.resolved_at)},
          {"reopenedCount", f.reopened_count}};
}

}  // namespace cw::security
