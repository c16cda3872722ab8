#pragma once
/// Findings (security_findings) and what is read from them: the lifecycle a scan applies batch by
/// batch, mutes applied at once, the filtered and keyset-paged list, the summary counts, the
/// daily posture trend and the per-rule counts compliance reports are made of.
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "security/evaluator.hpp"
#include "security/model.hpp"
#include "storage/database.hpp"

namespace cw::security {

/// One resource a scan evaluated, and the rules it fails.
struct Evaluated {
  const ScanSubject* resource;
  std::vector<const Rule*> failing;
};

struct BatchDelta {
  long long new_count = 0, reopened = 0, resolved = 0;
  std::vector<Finding> opened;  // new or reopened in this batch, for the notification
};

struct FindingFilter {
  std::vector<std::string> severities;
  std::optional<std::string> status;  // open (not muted) | muted | resolved
  std::optional<bool> muted;
  std::optional<std::string> rule_id, provider, account_id, resource_id, resource_type, region;
  std::optional<std::vector<std::string>> rule_ids;  // a framework's rules
  std::string sort = "severity";                     // severity | lastSeenAt | firstSeenAt | resourceName | ruleId
  bool descending = false;
  std::optional<std::pair<std::string, std::string>> after;  // keyset: the sort value and the id
  int limit = 50;
};

struct FindingCounts {
  std::map<std::string, long long> by_severity;  // open, not muted
  long long open = 0, muted = 0, resolved = 0;
  std::vector<std::pair<std::string, long long>> top_rules;  // open, not muted
};

struct TrendPoint {
  std::string day;
  std::map<std::string, long long> by_severity;
};

struct FailingResource {
  std::string rule_id, resource_id, resource_name, resource_type, region, severity;
};

class FindingRepository {
 public:
  explicit FindingRepository(storage::Database& db) : db_(db) {}

  /// Applies one batch of evaluated resources in one transaction: new findings, findings seen
  /// again, reopened and resolved ones; mutes are computed from `mutes` as they are written.
  BatchDelta apply(const std::string& organization_id, const std::string& scan_id, const std::vector<Evaluated>& batch,
                   const std::vector<Mute>& mutes, Millis now);
  /// The resources with an open finding: a full scan skips the rest of a batch when they fail
  /// nothing (there is nothing to open, refresh or resolve for them).
  std::unordered_set<std::string> resources_with_open_findings(const std::string& organization_id);
  /// Resolves open findings whose resource is gone (deleted or terminated).
  long long resolve_gone(const std::string& organization_id, const std::string& scan_id, Millis now);
  /// Resolves open findings of rules that no longer exist.
  long long resolve_retired(const std::string& organization_id, const std::string& scan_id,
                            const std::vector<std::string>& rule_ids, Millis now);
  long long count_open(const std::string& organization_id);

  std::optional<Finding> find(const std::string& organization_id, const std::string& id);
  std::vector<Finding> list(const std::string& organization_id, const FindingFilter& filter, Millis now);
  FindingCounts counts(const std::string& organization_id, Millis now);
  /// Open, unmuted findings per rule.
  std::map<std::string, long long> open_by_rule(const std::string& organization_id, Millis now);
  std::vector<FailingResource> failing_resources(const std::string& organization_id,
                                                 const std::vector<std::string>& rule_ids, Millis now, int limit);

  /// Recomputes the covering mute of the findings `mute` may cover (created) or covered (deleted).
  long long remute(const std::string& organization_id, const Mute& mute, const std::vector<Mute>& active, bool deleted,
                   Millis now);

  void record_trend(const std::string& organization_id, const std::string& day, Millis now);
  std::vector<TrendPoint> trend(const std::string& organization_id, const std::string& from_day);
  void record_coverage(const std::string& organization_id, const std::map<std::string, long long>& resources_by_rule);
  std::map<std::string, long long> coverage(const std::string& organization_id);

 private:
  storage::Database& db_;
};

}  // namespace cw::security
