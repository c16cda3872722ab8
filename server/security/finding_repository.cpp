#include "security/finding_repository.hpp"

#include <unordered_map>

#include "core/ids.hpp"
#include "core/json_text.hpp"

namespace cw::security {

using nlohmann::json;
using storage::params;

namespace {

constexpr const char* kColumns =
    "id, organization_id, rule_id, resource_id, account_id, provider, resource_type, resource_name, region,"
    " resource_tags, evidence, title, severity, severity_rank, status, first_seen_at, last_seen_at, resolved_at,"
    " reopened_count, first_scan_id, last_scan_id, mute_id, mute_until";

constexpr const char* kListColumns =
    "id, organization_id, rule_id, resource_id, account_id, provider, resource_type, resource_name, region,"
    " NULL, NULL, title, severity, severity_rank, status, first_seen_at, last_seen_at, resolved_at,"
    " reopened_count, first_scan_id, last_scan_id, mute_id, mute_until";

/// Muted: covered by a mute that has not expired (the one parameter is "now").
constexpr const char* kMuted = "(mute_id IS NOT NULL AND (mute_until IS NULL OR mute_until > ?))";

constexpr const char* kExistingForResources =
    "SELECT id, rule_id, resource_id, status FROM security_findings WHERE organization_id = ? AND resource_id IN ";
constexpr const char* kInsertFinding =
    "INSERT INTO security_findings (id, organization_id, rule_id, resource_id, account_id, provider, resource_type,"
    " resource_name, region, resource_tags, evidence, title, severity, severity_rank, status, first_seen_at,"
    " last_seen_at, resolved_at, reopened_count, first_scan_id, last_scan_id, mute_id, mute_until)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, NULL, 0, ?, ?, ?, ?)"
    " ON CONFLICT (organization_id, rule_id, resource_id) DO NOTHING";  // a concurrent scan wrote it
constexpr const char* kSeenAgain =
    "UPDATE security_findings SET resource_name = ?, region = ?, resource_tags = ?, evidence = ?, title = ?,"
    " severity = ?, severity_rank = ?, last_seen_at = ?, last_scan_id = ?, mute_id = ?, mute_until = ? WHERE id = ?";
constexpr const char* kReopen =
    "UPDATE security_findings SET status = 'open', resolved_at = NULL, reopened_count = reopened_count + 1,"
    " resource_name = ?, region = ?, resource_tags = ?, evidence = ?, title = ?, severity = ?, severity_rank = ?,"
    " last_seen_at = ?, last_scan_id = ?, mute_id = ?, mute_until = ? WHERE id = ?";
constexpr const char* kResolve =
    "UPDATE security_findings SET status = 'resolved', resolved_at = ?, last_scan_id = ? WHERE id = ?";
constexpr const char* kResolveGone =
    "UPDATE security_findings SET status = 'resolved', resolved_at = ?, last_scan_id = ?"
    " WHERE organization_id = ? AND status = 'open' AND NOT EXISTS (SELECT 1 FROM resources r"
    " WHERE r.id = security_findings.resource_id AND r.status <> 'terminated')";
constexpr const char* kCountOpen =
    "SELECT COUNT(*) FROM security_findings WHERE organization_id = ? AND status = 'open'";
constexpr const char* kSetMute = "UPDATE security_findings SET mute_id = ?, mute_until = ? WHERE id = ?";
constexpr const char* kUpsertTrend =
    "INSERT INTO security_posture_daily (organization_id, day, severity, open_count) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (organization_id, day, severity) DO UPDATE SET open_count = excluded.open_count";
constexpr const char* kTrend =
    "SELECT day, severity, open_count FROM security_posture_daily WHERE organization_id = ? AND day >= ?"
    " ORDER BY day";
constexpr const char* kUpsertCoverage =
    "INSERT INTO security_rule_coverage (organization_id, rule_id, resources) VALUES (?, ?, ?)"
    " ON CONFLICT (organization_id, rule_id) DO UPDATE SET resources = excluded.resources";
constexpr const char* kCoverage = "SELECT rule_id, resources FROM security_rule_coverage WHERE organization_id = ?";

constexpr size_t kInChunk = 400;  // ids per IN (…) list: under SQLite's and PostgreSQL's limits

/// "(?,?,…)" for an IN list of n values.
std::string placeholders(size_t n) { return "(" + storage::placeholder_list(n) + ")"; }

Finding finding_from(storage::Row& r) {
  Finding f;
  f.id = r.take_text(0);
  f.organization_id = r.take_text(1);
  f.rule_id = r.take_text(2);
  f.resource_id = r.take_text(3);
  f.account_id = r.take_text(4);
  f.provider = r.take_text(5);
  f.resource_type = r.take_text(6);
  f.resource_name = r.take_text(7);
  f.region = r.take_text(8);
  f.resource_tags = stored_object(r.text(9));
  f.evidence = stored_object(r.text(10));
  f.title = r.take_text(11);
  f.severity = r.take_text(12);
  f.severity_rank = static_cast<int>(r.integer(13));
  f.status = r.take_text(14);
  f.first_seen_at = r.integer(15);
  f.last_seen_at = r.integer(16);
  f.resolved_at = r.opt_integer(17);
  f.reopened_count = static_cast<int>(r.integer(18));
  f.first_scan_id = r.take_text(19);
  f.last_scan_id = r.take_text(20);
  f.mute_id = r.opt_text(21);
  f.mute_until = r.opt_integer(22);
  return f;
}

/// A finding as the scan sees it now: the resource's facts and the rule's words.
Finding observed(const ScanSubject& res, const Rule& rule, const std::string& organization_id) {
  Finding f;
  f.organization_id = organization_id;
  f.rule_id = rule.id;
  f.resource_id = res.id;
  f.account_id = res.account_id;
  f.provider = res.provider;
  f.resource_type = res.type;
  f.resource_name = res.name;
  f.region = res.region;
  f.resource_tags = res.subject.value("tags", json::object());
  f.evidence = res.subject.value("posture", json::object());
  f.title = rule.title;
  f.severity = rule.severity;
  f.severity_rank = severity_rank(rule.severity);
  return f;
}

std::optional<std::string> mute_id_of(const Mute* m) { return m ? std::optional<std::string>(m->id) : std::nullopt; }
std::optional<long long> mute_until_of(const Mute* m) {
  return m && m->expires_at ? std::optional<long long>(*m->expires_at) : std::nullopt;
}

struct Existing {
  std::string id, status;
  bool seen = false;
};

}  // namespace

BatchDelta FindingRepository::apply(const std::string& organization_id, const std::string& scan_id,
                                    const std::vector<Evaluated>& batch, const std::vector<Mute>& mutes, Millis now) {
  BatchDelta delta;
  if (batch.empty()) return delta;
  const long long at = now;
  db_.transaction([&](storage::Connection&) {
    std::unordered_map<std::string, Existing> existing;  // rule_id "\n" resource_id
    for (size_t from = 0; from < batch.size(); from += kInChunk) {
      size_t n = std::min(kInChunk, batch.size() - from);
      storage::Params v = params(organization_id);
      for (size_t i = from; i < from + n; ++i) v.emplace_back(batch[i].resource->id);
      for (auto& row : db_.execute(std::string(kExistingForResources) + placeholders(n), v).rows)
        existing[row.text(1) + "\n" + row.text(2)] = {row.text(0), row.text(3)};
    }
    for (const auto& e : batch) {
      for (const Rule* rule : e.failing) {
        Finding f = observed(*e.resource, *rule, organization_id);
        const Mute* mute = covering_mute(mutes, f, now);
        const std::string tags = dump_json(f.resource_tags), evidence = dump_json(f.evidence);
        auto it = existing.find(rule->id + "\n" + e.resource->id);
        if (it == existing.end()) {
          f.id = new_id("fnd");
          db_.execute(kInsertFinding,
                      params(f.id, organization_id, f.rule_id, f.resource_id, f.account_id, f.provider, f.resource_type,
                             f.resource_name, f.region, tags, evidence, f.title, f.severity, f.severity_rank, at, at,
                             scan_id, scan_id, mute_id_of(mute), mute_until_of(mute)));
          ++delta.new_count;
        } else {
          it->second.seen = true;
          f.id = it->second.id;
          const bool reopen = it->second.status != "open";
          db_.execute(reopen ? kReopen : kSeenAgain,
                      params(f.resource_name, f.region, tags, evidence, f.title, f.severity, f.severity_rank, at,
                             scan_id, mute_id_of(mute), mute_until_of(mute), f.id));
          if (!reopen) continue;
          ++delta.reopened;
        }
        f.status = "open";
        f.first_seen_at = f.last_seen_at = now;
        f.mute_id = mute_id_of(mute);
        f.mute_until = mute_until_of(mute);
        delta.opened.push_back(std::move(f));
      }
    }
    // What these resources no longer fail is fixed.
    for (auto& [key, e] : existing) {
      if (e.seen || e.status != "open") continue;
      db_.execute(kResolve, params(at, scan_id, e.id));
      ++delta.resolved;
    }
  });
  return delta;
}

std::unordered_set<std::string> FindingRepository::resources_with_open_findings(const std::string& organization_id) {
  std::unordered_set<std::string> out;
  for (auto& row : db_.execute("SELECT DISTINCT resource_id FROM security_findings WHERE organization_id = ?"
                               " AND status = 'open'",
                               params(organization_id))
                       .rows)
    out.insert(row.take_text(0));
  return out;
}

long long FindingRepository::resolve_gone(const std::string& organization_id, const std::string& scan_id, Millis now) {
  return db_.execute(kResolveGone, params(static_cast<long long>(now), scan_id, organization_id)).affected;
}

long long FindingRepository::resolve_retired(const std::string& organization_id, const std::string& scan_id,
                                             const std::vector<std::string>& rule_ids, Millis now) {
  std::string sql =
      "UPDATE security_findings SET status = 'resolved', resolved_at = ?, last_scan_id = ?"
      " WHERE organization_id = ? AND status = 'open'";
  storage::Params v = params(static_cast<long long>(now), scan_id, organization_id);
  if (!rule_ids.empty()) {
    sql += " AND rule_id NOT IN " + placeholders(rule_ids.size());
    for (const auto& id : rule_ids) v.emplace_back(id);
  }
  return db_.execute(sql, v).affected;
}

long long FindingRepository::count_open(const std::string& organization_id) {
  return db_.execute(kCountOpen, params(organization_id)).first().integer(0);
}

std::optional<Finding> FindingRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM security_findings WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return finding_from(result.rows.front());
}

std::vector<Finding> FindingRepository::list(const std::string& organization_id, const FindingFilter& f, Millis now) {
  // A list shows no tags or evidence: not reading (and parsing) them is a third of a page's work.
  std::string sql = std::string("SELECT ") + kListColumns + " FROM security_findings WHERE organization_id = ?";
  storage::Params v = params(organization_id);
  const long long at = now;
  auto equals = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    sql += std::string(" AND ") + column + " = ?";
    v.emplace_back(*value);
  };
  auto in = [&](const char* column, const std::vector<std::string>& values) {
    sql += std::string(" AND ") + column + " IN " + placeholders(values.size());
    for (const auto& x : values) v.emplace_back(x);
  };
  if (f.status == "resolved") {
    sql += " AND status = 'resolved'";
  } else if (f.status) {
    sql += std::string(" AND status = 'open' AND ") + (*f.status == "muted" ? "" : "NOT ") + kMuted;
    v.emplace_back(at);
  }
  if (f.muted) {
    sql += std::string(" AND ") + (*f.muted ? "" : "NOT ") + kMuted;
    v.emplace_back(at);
  }
  if (!f.severities.empty()) in("severity", f.severities);
  equals("rule_id", f.rule_id);
  equals("provider", f.provider);
  equals("account_id", f.account_id);
  equals("resource_id", f.resource_id);
  equals("resource_type", f.resource_type);
  equals("region", f.region);
  if (f.rule_ids) {
    if (f.rule_ids->empty()) return {};
    in("rule_id", *f.rule_ids);
  }
  // Keyset paging on (sort column, id); the column comes from a fixed list, never the client.
  const char* column = f.sort == "lastSeenAt"     ? "last_seen_at"
                       : f.sort == "firstSeenAt"  ? "first_seen_at"
                       : f.sort == "resourceName" ? "resource_name"
                       : f.sort == "ruleId"       ? "rule_id"
                                                  : "severity_rank";
  const bool integer = f.sort == "lastSeenAt" || f.sort == "firstSeenAt" || f.sort == "severity";
  const char* cmp = f.descending ? "<" : ">";
  if (f.after) {
    // A row value, not "col > ? OR (col = ? AND id > ?)": both databases seek the index straight to
    // the cursor with it, where the OR form walked every row before it (page 201 of the default
    // view took 10x page 1).
    sql += std::string(" AND (") + column + ", id) " + cmp + " (?, ?)";
    if (integer)
      v.emplace_back(static_cast<std::int64_t>(std::stoll(f.after->first)));
    else
      v.emplace_back(f.after->first);
    v.emplace_back(f.after->second);
  }
  const char* dir = f.descending ? " DESC" : "";
  sql += std::string(" ORDER BY ") + column + dir + ", id" + dir + " LIMIT ?";
  v.emplace_back(static_cast<std::int64_t>(f.limit));
  std::vector<Finding> out;
  for (auto& row : db_.execute(sql, v).rows) out.push_back(finding_from(row));
  return out;
}

FindingCounts FindingRepository::counts(const std::string& organization_id, Millis now) {
  FindingCounts c;
  const long long at = now;
  for (auto& row : db_.execute(std::string("SELECT severity, COUNT(*) FROM security_findings WHERE organization_id = ?"
                                           " AND status = 'open' AND NOT ") +
                                   kMuted + " GROUP BY severity",
                               params(organization_id, at))
                       .rows) {
    c.by_severity[row.text(0)] = row.integer(1);
    c.open += row.integer(1);
  }
  c.muted = db_.execute(std::string("SELECT COUNT(*) FROM security_findings WHERE organization_id = ?"
                                    " AND status = 'open' AND ") +
                            kMuted,
                        params(organization_id, at))
                .first()
                .integer(0);
  c.resolved = db_.execute("SELECT COUNT(*) FROM security_findings WHERE organization_id = ? AND status = 'resolved'",
                           params(organization_id))
                   .first()
                   .integer(0);
  for (auto& row : db_.execute(std::string("SELECT rule_id, COUNT(*) AS n FROM security_findings WHERE"
                                           " organization_id = ? AND status = 'open' AND NOT ") +
                                   kMuted + " GROUP BY rule_id ORDER BY n DESC, rule_id LIMIT 10",
                               params(organization_id, at))
                       .rows)
    c.top_rules.push_back({row.text(0), row.integer(1)});
  return c;
}

std::map<std::string, long long> FindingRepository::open_by_rule(const std::string& organization_id, Millis now) {
  std::map<std::string, long long> out;
  for (auto& row : db_.execute(std::string("SELECT rule_id, COUNT(*) FROM security_findings WHERE organization_id = ?"
                                           " AND status = 'open' AND NOT ") +
                                   kMuted + " GROUP BY rule_id",
                               params(organization_id, static_cast<long long>(now)))
                       .rows)
    out[row.text(0)] = row.integer(1);
  return out;
}

std::vector<FailingResource> FindingRepository::failing_resources(const std::string& organization_id,
                                                                  const std::vector<std::string>& rule_ids, Millis now,
                                                                  int limit) {
  std::vector<FailingResource> out;
  if (rule_ids.empty()) return out;
  std::string sql = std::string(
                        "SELECT rule_id, resource_id, resource_name, resource_type, region, severity FROM"
                        " security_findings WHERE organization_id = ? AND status = 'open' AND NOT ") +
                    kMuted + " AND rule_id IN " + placeholders(rule_ids.size()) +
                    " ORDER BY severity_rank, resource_name, id LIMIT ?";
  storage::Params v = params(organization_id, static_cast<long long>(now));
  for (const auto& id : rule_ids) v.emplace_back(id);
  v.emplace_back(static_cast<std::int64_t>(limit));
  for (auto& row : db_.execute(sql, v).rows)
    out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5)});
  return out;
}

long long FindingRepository::remute(const std::string& organization_id, const Mute& mute,
                                    const std::vector<Mute>& active, bool deleted, Millis now) {
  // The candidates: what the mute names (SQL narrows by its plain matchers, tags are checked
  // here), or what it covered when it is deleted.
  std::string sql = std::string("SELECT ") + kColumns + " FROM security_findings WHERE organization_id = ?";
  storage::Params v = params(organization_id);
  auto equals = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    sql += std::string(" AND ") + column + " = ?";
    v.emplace_back(*value);
  };
  if (deleted) {
    equals("mute_id", mute.id);
  } else {
    equals("rule_id", mute.rule_id);
    equals("resource_id", mute.resource_id);
    equals("account_id", mute.account_id);
    equals("region", mute.region);
  }
  long long changed = 0;
  db_.transaction([&](storage::Connection&) {
    for (auto& row : db_.execute(sql, v).rows) {
      Finding f = finding_from(row);
      if (!deleted && !mute.matches(f)) continue;
      const Mute* best = covering_mute(active, f, now);
      if (mute_id_of(best) == f.mute_id && mute_until_of(best) == f.mute_until) continue;
      db_.execute(kSetMute, params(mute_id_of(best), mute_until_of(best), f.id));
      ++changed;
    }
  });
  return changed;
}

void FindingRepository::record_trend(const std::string& organization_id, const std::string& day, Millis now) {
  std::map<std::string, long long> by_severity;
  for (const char* s : kSeverities) by_severity[s] = 0;
  for (const auto& [s, n] : counts(organization_id, now).by_severity) by_severity[s] = n;
  db_.transaction([&](storage::Connection&) {
    for (const auto& [s, n] : by_severity) db_.execute(kUpsertTrend, params(organization_id, day, s, n));
  });
}

std::vector<TrendPoint> FindingRepository::trend(const std::string& organization_id, const std::string& from_day) {
  std::vector<TrendPoint> out;
  for (auto& row : db_.execute(kTrend, params(organization_id, from_day)).rows) {
    if (out.empty() || out.back().day != row.text(0)) out.push_back({row.text(0), {}});
    out.back().by_severity[row.text(1)] = row.integer(2);
  }
  return out;
}

void FindingRepository::record_coverage(const std::string& organization_id,
                                        const std::map<std::string, long long>& resources_by_rule) {
  db_.transaction([&](storage::Connection&) {
    db_.execute("DELETE FROM security_rule_coverage WHERE organization_id = ?", params(organization_id));
    for (const auto& [rule, n] : resources_by_rule) db_.execute(kUpsertCoverage, params(organization_id, rule, n));
  });
}

std::map<std::string, long long> FindingRepository::coverage(const std::string& organization_id) {
  std::map<std::string, long long> out;
  for (auto& row : db_.execute(kCoverage, params(organization_id)).rows) out[row.text(0)] = row.integer(1);
  return out;
}

}  // namespace cw::security
