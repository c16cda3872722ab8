#pragma once
/// What security scanning keeps: scans with their delta, findings with their lifecycle
/// (open → resolved → open again), and mutes that cover findings without hiding them.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace cw::security {

struct Finding {
  std::string id, organization_id, rule_id, resource_id, account_id, provider, resource_type, resource_name, region;
  nlohmann::json resource_tags = nlohmann::json::object();
  nlohmann::json evidence = nlohmann::json::object();
  std::string title, severity;
  int severity_rank = 0;
  std::string status;  // open | resolved
  Millis first_seen_at = 0, last_seen_at = 0;
  std::optional<Millis> resolved_at;
  int reopened_count = 0;
  std::string first_scan_id, last_scan_id;
  std::optional<std::string> mute_id;
  std::optional<Millis> mute_until;

  /// Covered by a mute that has not expired.
  bool muted(Millis now) const { return mute_id && (!mute_until || *mute_until > now); }
};

struct Scan {
  std::string id, organization_id, job_id, trigger, mode, state, rules_version;
  std::optional<Millis> changed_since;
  long long resources_evaluated = 0, new_count = 0, reopened_count = 0, resolved_count = 0, open_count = 0;
  std::string error, requested_by;
  Millis created_at = 0;
  std::optional<Millis> started_at, finished_at;
};

struct Mute {
  std::string id, organization_id;
  std::optional<std::string> rule_id, resource_id, account_id, region, tag_key, tag_value;
  std::string reason, created_by;
  Millis created_at = 0;
  std::optional<Millis> expires_at;

  bool active(Millis now) const { return !expires_at || *expires_at > now; }
  /// Every matcher given matches the finding (tags from the finding's copy of the resource's).
  bool matches(const Finding& f) const;
};

/// Of the mutes that match `f` and are active, the one that lasts longest (no expiry wins).
const Mute* covering_mute(const std::vector<Mute>& mutes, const Finding& f, Millis now);

/// A JSON object the database holds as text (a resource's spec, tags or posture, a finding's
/// evidence); {} when it is empty or not an object.
nlohmann::json stored_object(const std::string& text);

nlohmann::json to_json(const Scan& scan);
nlohmann::json to_json(const Mute& mute);
/// The list form; `remediation` (the rule's) is added by the caller, who knows the rule.
nlohmann::json to_json(const Finding& finding, Millis now);

}  // namespace cw::security
