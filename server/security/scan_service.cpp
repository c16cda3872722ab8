#include "security/scan_service.hpp"

#include <unordered_set>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "events/event_bus.hpp"
#include "http/paging.hpp"
#include "jobs/job_runner.hpp"

namespace cw::security {

using nlohmann::json;

namespace {

constexpr size_t kExamples = 5;  // findings named in a notification

std::string day_of(Millis ms) { return format_rfc3339(ms).substr(0, 10); }

}  // namespace

struct ScanService::Outcome {
  std::map<std::string, long long> opened_by_severity;  // new or reopened, not muted
  std::vector<json> examples;                           // the worst of them
};

Scan ScanService::request(const std::string& organization_id, const std::string& trigger, bool full,
                          const std::string& requested_by, Millis delay_ms) {
  Scan out;
  // A scan that has not started yet will read every change made until it starts: it answers
  // this request too. Otherwise a new one is queued, even while another runs (that one may have
  // read past the change already); concurrent scans of one organization write the same answers.
  // The job and its scan row appear together: a worker never claims a job without its scan.
  db_.transaction([&](storage::Connection&) {
    if (auto queued = scans_.queued(organization_id)) {
      if (full && queued->mode != "full") {
        scans_.upgrade_to_full(queued->id, trigger);
        queued->mode = "full";
        queued->trigger = trigger;
      }
      out = *queued;
      return;
    }
    out.id = new_id("scn");
    jobs::EnqueueOptions options;
    options.organization_id = organization_id;
    options.max_attempts = 3;
    options.delay_ms = delay_ms;
    out.job_id = queue_.enqueue(kScanJob, {{"organizationId", organization_id}, {"scanId", out.id}}, options);
    out.organization_id = organization_id;
    out.trigger = trigger;
    out.mode = full ? "full" : "incremental";
    out.state = "queued";
    out.requested_by = requested_by;
    out.created_at = clock_.now_ms();
    scans_.insert(out);
  });
  return out;
}

void ScanService::schedule_all() {
  for (const auto& organization_id : scans_.organizations_with_resources()) request(organization_id, "schedule", true);
}

json ScanService::run(const jobs::Job& job, jobs::JobContext& ctx) {
  auto found = scans_.find_by_job(job.id);
  if (!found) return {{"skipped", "the scan is gone"}};
  Scan scan = *found;
  auto rules = rules_.rules_for(scan.organization_id);
  // An incremental scan needs a completed scan with the same rules to start from; otherwise
  // every resource is evaluated again.
  std::optional<Millis> since;
  if (scan.mode == "incremental") {
    auto last = scans_.last_completed(scan.organization_id);
    if (last && last->rules_version == rules->version && last->started_at)
      since = *last->started_at - settings_.incremental_overlap_ms;
    else
      scan.mode = "full";
  }
  scan.rules_version = rules->version;
  scan.changed_since = since;
  scan.started_at = clock_.now_ms();
  scans_.mark_running(scan.id, scan.mode, scan.rules_version, since, *scan.started_at);
  Outcome outcome;
  try {
    this->scan(scan, *rules, ctx, outcome);
  } catch (const jobs::JobCancelled&) {
    scan.state = "cancelled";
    scan.finished_at = clock_.now_ms();
    scans_.finish(scan);
    throw;
  } catch (const std::exception& e) {
    scan.state = "failed";
    scan.error = e.what();
    scan.finished_at = clock_.now_ms();
    scans_.finish(scan);
    throw;
  }
  scan.state = "completed";
  scan.finished_at = clock_.now_ms();
  scans_.finish(scan);
  announce(scan, outcome);
  return {{"scanId", scan.id},
          {"mode", scan.mode},
          {"resourcesEvaluated", scan.resources_evaluated},
          {"new", scan.new_count},
          {"resolved", scan.resolved_count},
          {"open", scan.open_count}};
}

void ScanService::scan(Scan& scan, const OrganizationRules& rules, jobs::JobContext& ctx, Outcome& out) {
  const RuleIndex index(rules.all);
  const std::vector<Mute> mutes = mutes_.list(scan.organization_id);
  const long long total = scans_.count_resources(scan.organization_id, scan.changed_since);
  const bool full = scan.mode == "full";
  std::map<std::string, long long> coverage;
  // A full scan reads every resource, most of which fail nothing and had nothing open: those
  // need no write and no lookup. (An incremental scan reads few; it looks every one up.)
  std::unordered_set<std::string> with_open;
  if (full) with_open = findings_.resources_with_open_findings(scan.organization_id);
  ResourceCursor cursor;
  ctx.progress(0, total, "evaluating " + std::to_string(total) + " resources");
  for (;;) {
    auto page = scans_.resources(scan.organization_id, scan.changed_since, cursor, settings_.batch_size);
    if (page.empty()) break;
    std::vector<Evaluated> batch;
    batch.reserve(page.size());
    for (const auto& resource : page) {
      auto verdict = index.evaluate(resource);
      if (full)
        for (const Rule* r : verdict.answered) ++coverage[r->id];
      if (full && verdict.failing.empty() && !with_open.count(resource.id)) continue;
      batch.push_back({&resource, std::move(verdict.failing)});
    }
    const Millis now = clock_.now_ms();
    BatchDelta delta = findings_.apply(scan.organization_id, scan.id, batch, mutes, now);
    scan.new_count += delta.new_count + delta.reopened;
    scan.reopened_count += delta.reopened;
    scan.resolved_count += delta.resolved;
    for (const auto& f : delta.opened) {
      if (f.severity_rank > 1 || f.muted(now)) continue;  // critical and high only
      ++out.opened_by_severity[f.severity];
      out.examples.push_back({{"id", f.id},
                              {"ruleId", f.rule_id},
                              {"title", f.title},
                              {"severity", f.severity},
                              {"resourceName", f.resource_name}});
    }
    scan.resources_evaluated += static_cast<long long>(page.size());
    cursor = {page.back().updated_at, page.back().id};
    ctx.progress(scan.resources_evaluated, std::max(total, scan.resources_evaluated),
                 std::to_string(scan.resources_evaluated) + " of " + std::to_string(total) + " resources evaluated");
  }
  const Millis now = clock_.now_ms();
  scan.resolved_count += findings_.resolve_gone(scan.organization_id, scan.id, now);
  if (full) {
    std::vector<std::string> ids;
    for (const Rule* r : rules.all) ids.push_back(r->id);
    scan.resolved_count += findings_.resolve_retired(scan.organization_id, scan.id, ids, now);
    findings_.record_coverage(scan.organization_id, coverage);
  }
  scan.open_count = findings_.count_open(scan.organization_id);
  findings_.record_trend(scan.organization_id, day_of(now), now);
}

void ScanService::announce(const Scan& scan, const Outcome& out) {
  json data = {{"scanId", scan.id},
               {"mode", scan.mode},
               {"new", scan.new_count},
               {"resolved", scan.resolved_count},
               {"open", scan.open_count}};
  events_.publish(scan.organization_id, "security.scan_completed", data);
  if (out.opened_by_severity.empty()) return;
  auto examples = out.examples;
  std::stable_sort(examples.begin(), examples.end(), [](const json& a, const json& b) {
    return severity_rank(a["severity"]) < severity_rank(b["severity"]);
  });
  if (examples.size() > kExamples) examples.resize(kExamples);
  events_.publish(scan.organization_id, "security.findings_opened",
                  {{"scanId", scan.id},
                   {"critical", out.opened_by_severity.count("critical") ? out.opened_by_severity.at("critical") : 0},
                   {"high", out.opened_by_severity.count("high") ? out.opened_by_severity.at("high") : 0},
                   {"examples", examples}});
}

Scan ScanService::get(const Principal& actor, const std::string& id) {
  auto scan = scans_.find(actor.organization_id, id);
  if (!scan) throw not_found("scan");
  return *scan;
}

json ScanService::list(const Principal& actor, const http::PageRequest& page) {
  const int limit = page.limit;
  std::optional<std::pair<Millis, std::string>> before;
  if (auto at = http::keyset_position(page, http::KeysetValue::kInteger)) before = {std::stoll(at->value), at->id};
  auto scans = scans_.list(actor.organization_id, limit + 1, before);
  json next = nullptr;
  if (static_cast<int>(scans.size()) > limit) {
    scans.pop_back();
    next = http::encode_keyset_cursor(std::to_string(scans.back().created_at), scans.back().id);
  }
  json items = json::array();
  for (const auto& s : scans) items.push_back(to_json(s));
  return {{"items", items}, {"nextCursor", next}, {"limit", limit}};
}

}  // namespace cw::security
