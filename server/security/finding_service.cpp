#include "security/finding_service.hpp"

#include <cmath>
#include <cstring>
#include <set>
#include <sstream>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/json_body.hpp"
#include "http/body_source.hpp"
#include "core/json_text.hpp"
#include "http/paging.hpp"
#include "security/ocsf.hpp"

namespace cw::security {

using nlohmann::json;

namespace {

constexpr int kTrendDays = 30;
constexpr int kFailingResourcesPerRequirement = 20;
constexpr int kExportPage = 1000;

std::optional<std::string> text(const QueryParams& q, const char* name) {
  auto it = q.find(name);
  return it == q.end() || it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

json score_of(long long passed, long long failed) {
  if (passed + failed == 0) return nullptr;
  return std::round(1000.0 * static_cast<double>(passed) / static_cast<double>(passed + failed)) / 10.0;
}

std::string day_of(Millis ms) { return format_rfc3339(ms).substr(0, 10); }

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_field(cells[i]);
  }
  out += "\r\n";
}

const char* const kCsvHeader[] = {"id",          "rule_id",     "title",         "severity",      "status",
                                  "muted",       "resource_id", "resource_name", "resource_type", "provider",
                                  "provider_id", "region",      "first_seen_at", "last_seen_at",  "resolved_at",
                                  "remediation"};

/// The findings as CSV or as a JSON array of OCSF Detection Findings, a page of findings at a
/// time (keyset paging), so a million findings stream in the memory of one page.
class FindingsExport final : public http::BodySource {
 public:
  FindingsExport(FindingRepository& repo, std::string organization_id, FindingFilter filter,
                 std::shared_ptr<const OrganizationRules> rules, Millis now, bool ocsf)
      : repo_(repo),
        organization_id_(std::move(organization_id)),
        filter_(std::move(filter)),
        rules_(std::move(rules)),
        now_(now),
        ocsf_(ocsf) {
    filter_.limit = kExportPage;
    if (ocsf_)
      buffer_ = "[";
    else
      append_csv_row(buffer_, std::vector<std::string>(std::begin(kCsvHeader), std::end(kCsvHeader)));
  }

  std::optional<uint64_t> size() const override { return std::nullopt; }

  size_t read(char* out, size_t capacity) override {
    while (offset_ == buffer_.size() && !done_) {
      buffer_.clear();
      offset_ = 0;
      auto page = repo_.list(organization_id_, filter_, now_);
      done_ = static_cast<int>(page.size()) < filter_.limit;
      for (const auto& f : page) {
        const Rule* rule = rules_->find(f.rule_id);
        if (ocsf_) {
          buffer_ += first_ ? "\n" : ",\n";
          first_ = false;
          buffer_ += dump_json(ocsf_detection_finding(f, rule, now_));
          continue;
        }
        append_csv_row(buffer_,
                       {f.id, f.rule_id, f.title, f.severity, f.status, f.muted(now_) ? "true" : "false", f.resource_id,
                        f.resource_name, f.resource_type, f.provider, f.account_id, f.region,
                        format_rfc3339(f.first_seen_at), format_rfc3339(f.last_seen_at),
                        f.resolved_at ? format_rfc3339(*f.resolved_at) : "", rule ? rule->remediation.text : ""});
      }
      if (done_ && ocsf_) buffer_ += "\n]\n";
      if (!page.empty()) filter_.after = {sort_value(page.back()), page.back().id};
    }
    size_t n = std::min(capacity, buffer_.size() - offset_);
    std::memcpy(out, buffer_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string sort_value(const Finding& f) const {
    if (filter_.sort == "lastSeenAt") return std::to_string(f.last_seen_at);
    if (filter_.sort == "firstSeenAt") return std::to_string(f.first_seen_at);
    if (filter_.sort == "resourceName") return f.resource_name;
    if (filter_.sort == "ruleId") return f.rule_id;
    return std::to_string(f.severity_rank);
  }

  FindingRepository& repo_;
  std::string organization_id_;
  FindingFilter filter_;
  std::shared_ptr<const OrganizationRules> rules_;
  Millis now_;
  bool ocsf_;
  bool first_ = true;
  std::string buffer_;
  size_t offset_ = 0;
  bool done_ = false;
};

}  // namespace

FindingFilter FindingService::parse_filter(const Principal& actor, const QueryParams& q) {
  FindingFilter f;
  if (auto s = text(q, "severity")) {
    for (const auto& one : split(*s, ','))
      if (severity_rank(one) < 0) throw field_error("severity", "must list critical, high, medium, low, informational");
    f.severities = split(*s, ',');
  }
  f.status = text(q, "status");
  if (f.status && *f.status != "open" && *f.status != "muted" && *f.status != "resolved")
    throw field_error("status", "must be open, muted or resolved");
  if (auto m = text(q, "muted")) {
    if (*m != "true" && *m != "false") throw field_error("muted", "must be true or false");
    f.muted = *m == "true";
  }
  f.rule_id = text(q, "ruleId");
  f.provider = text(q, "provider");
  f.account_id = text(q, "providerId");
  f.resource_id = text(q, "resourceId");
  f.resource_type = text(q, "resourceType");
  f.region = text(q, "region");
  if (auto fw = text(q, "framework")) {
    if (!rules_.catalog().framework(*fw)) throw field_error("framework", "is not a framework of the catalog");
    f.rule_ids = rules_.catalog().rules_of(*fw);
  }
  if (auto sort = text(q, "sort")) {
    f.descending = sort->front() == '-';
    f.sort = f.descending ? sort->substr(1) : *sort;
    static const std::set<std::string> kSorts = {"severity", "lastSeenAt", "firstSeenAt", "resourceName", "ruleId"};
    if (!kSorts.count(f.sort))
      throw field_error("sort", "must be severity, lastSeenAt, firstSeenAt, resourceName or ruleId (- for descending)");
  }
  (void)actor;
  return f;
}

json FindingService::list(const Principal& actor, const QueryParams& q, const http::PageRequest& page) {
  FindingFilter f = parse_filter(actor, q);
  const bool integer = f.sort == "severity" || f.sort == "lastSeenAt" || f.sort == "firstSeenAt";
  if (auto at = http::keyset_position(page, integer ? http::KeysetValue::kInteger : http::KeysetValue::kText))
    f.after = {at->value, at->id};
  f.limit = page.limit + 1;  // one more tells whether there is a next page
  const Millis now = clock_.now_ms();
  auto found = findings_.list(actor.organization_id, f, now);
  json next = nullptr;
  if (static_cast<int>(found.size()) > page.limit) {
    found.pop_back();
    const auto& last = found.back();
    std::string value = f.sort == "lastSeenAt"     ? std::to_string(last.last_seen_at)
                        : f.sort == "firstSeenAt"  ? std::to_string(last.first_seen_at)
                        : f.sort == "resourceName" ? last.resource_name
                        : f.sort == "ruleId"       ? last.rule_id
                                                   : std::to_string(last.severity_rank);
    next = http::encode_keyset_cursor(value, last.id);
  }
  auto rules = rules_.rules_for(actor.organization_id);
  json items = json::array();
  for (const auto& finding : found) {
    json j = to_json(finding, now);
    const Rule* rule = rules->find(finding.rule_id);
    j["remediation"] = rule ? rule->remediation.text : "";
    items.push_back(std::move(j));
  }
  return {{"items", items}, {"nextCursor", next}, {"limit", page.limit}};
}

json FindingService::get(const Principal& actor, const std::string& id) {
  auto finding = findings_.find(actor.organization_id, id);
  if (!finding) throw not_found("finding");
  const Millis now = clock_.now_ms();
  json j = to_json(*finding, now);
  auto rules = rules_.rules_for(actor.organization_id);
  if (const Rule* rule = rules->find(finding->rule_id)) {
    json r = rules_.to_json(*rule);
    j["remediation"] = r["remediation"];
    j["risk"] = rule->risk;
    j["condition"] = rule->condition.text();
    j["frameworks"] = r["frameworks"];
  } else {
    j["remediation"] = {{"text", ""}};
    j["risk"] = "";
    j["frameworks"] = json::array();
  }
  j["evidence"] = finding->evidence;
  j["resourceTags"] = finding->resource_tags;
  j["firstScanId"] = finding->first_scan_id;
  j["lastScanId"] = finding->last_scan_id;
  j["mute"] = nullptr;
  if (finding->muted(now))
    if (auto m = mutes_.find(actor.organization_id, *finding->mute_id)) j["mute"] = to_json(*m);
  return j;
}

std::shared_ptr<http::BodySource> FindingService::export_findings(const Principal& actor, const QueryParams& q,
                                                                  bool ocsf) {
  return std::make_shared<FindingsExport>(findings_, actor.organization_id, parse_filter(actor, q),
                                          rules_.rules_for(actor.organization_id), clock_.now_ms(), ocsf);
}

json FindingService::summary(const Principal& actor) {
  const Millis now = clock_.now_ms();
  FindingCounts c = findings_.counts(actor.organization_id, now);
  json by_severity = json::object();
  for (const char* s : kSeverities) by_severity[s] = c.by_severity.count(s) ? c.by_severity.at(s) : 0;
  auto rules = rules_.rules_for(actor.organization_id);
  json top = json::array();
  for (const auto& [rule_id, count] : c.top_rules) {
    const Rule* r = rules->find(rule_id);
    top.push_back({{"ruleId", rule_id},
                   {"title", r ? r->title : rule_id},
                   {"severity", r ? r->severity : "informational"},
                   {"count", count}});
  }
  json trend = json::array();
  for (const auto& p : findings_.trend(actor.organization_id, day_of(now - Millis(kTrendDays - 1) * 86'400'000))) {
    json point = {{"date", p.day}};
    for (const char* s : kSeverities) point[s] = p.by_severity.count(s) ? p.by_severity.at(s) : 0;
    trend.push_back(point);
  }
  auto last = scans_.list(actor.organization_id, 1, std::nullopt);
  return {{"bySeverity", by_severity},
          {"byStatus", {{"open", c.open}, {"muted", c.muted}, {"resolved", c.resolved}}},
          {"trend", trend},
          {"topRules", top},
          {"lastScan", last.empty() ? json(nullptr) : to_json(last.front())}};
}

json FindingService::compliance(const Principal& actor) {
  const auto open = findings_.open_by_rule(actor.organization_id, clock_.now_ms());
  const auto coverage = findings_.coverage(actor.organization_id);
  json items = json::array();
  for (const auto& fw : rules_.catalog().frameworks()) {
    long long passed = 0, failed = 0, manual = 0;
    for (const auto& req : fw.requirements) {
      bool fails = false, evaluated = false;
      for (const auto& id : req.rules) {
        fails = fails || open.count(id);
        evaluated = evaluated || (coverage.count(id) && coverage.at(id) > 0);
      }
      ++(fails ? failed : evaluated ? passed : manual);
    }
    items.push_back({{"id", fw.id},
                     {"name", fw.name},
                     {"version", fw.version},
                     {"providers", fw.providers},
                     {"score", score_of(passed, failed)},
                     {"passed", passed},
                     {"failed", failed},
                     {"manual", manual},
                     {"requirements", fw.requirements.size()}});
  }
  return items;
}

json FindingService::compliance(const Principal& actor, const std::string& framework_id) {
  const Framework* fw = rules_.catalog().framework(framework_id);
  if (!fw) throw not_found("framework");
  const Millis now = clock_.now_ms();
  const auto open = findings_.open_by_rule(actor.organization_id, now);
  const auto coverage = findings_.coverage(actor.organization_id);
  const auto failing = findings_.failing_resources(actor.organization_id, rules_.catalog().rules_of(framework_id), now,
                                                   kFailingResourcesPerRequirement * 200);
  long long passed = 0, failed = 0, manual = 0;
  json requirements = json::array();
  for (const auto& req : fw->requirements) {
    json rules = json::array();
    long long failing_count = 0, evaluated = 0;
    for (const auto& id : req.rules) {
      const Rule* r = rules_.catalog().find(id);
      long long n = open.count(id) ? open.at(id) : 0;
      long long e = coverage.count(id) ? coverage.at(id) : 0;
      failing_count += n;
      evaluated += e;
      rules.push_back({{"id", id},
                       {"title", r ? r->title : id},
                       {"severity", r ? r->severity : ""},
                       {"failing", n},
                       {"evaluated", e}});
    }
    // A requirement passes only when its rules answered for some resource; rules over facts the
    // inventory does not collect (yet) leave it to be checked by hand.
    std::string status = failing_count > 0 ? "fail" : evaluated > 0 ? "pass" : "manual";
    ++(status == "manual" ? manual : status == "fail" ? failed : passed);
    json resources = json::array();
    std::set<std::string> in_requirement(req.rules.begin(), req.rules.end());
    for (const auto& f : failing) {
      if (!in_requirement.count(f.rule_id)) continue;
      if (static_cast<int>(resources.size()) >= kFailingResourcesPerRequirement) break;
      resources.push_back({{"ruleId", f.rule_id},
                           {"resourceId", f.resource_id},
                           {"resourceName", f.resource_name},
                           {"resourceType", f.resource_type},
                           {"region", f.region},
                           {"severity", f.severity}});
    }
    requirements.push_back({{"id", req.id},
                            {"section", req.section},
                            {"title", req.title},
                            {"status", status},
                            {"failing", failing_count},
                            {"evaluated", evaluated},
                            {"rules", rules},
                            {"failingResources", resources}});
  }
  return {
      {"framework",
       {{"id", fw->id}, {"name", fw->name}, {"version", fw->version}, {"url", fw->url}, {"providers", fw->providers}}},
      {"score", score_of(passed, failed)},
      {"passed", passed},
      {"failed", failed},
      {"manual", manual},
      {"requirements", requirements}};
}

std::string FindingService::compliance_csv(const Principal& actor, const std::string& framework_id) {
  json report = compliance(actor, framework_id);
  std::string out;
  append_csv_row(out, {"framework", "requirement", "section", "title", "status", "failing", "rules"});
  for (const auto& r : report["requirements"]) {
    std::string rules;
    for (const auto& rule : r["rules"]) rules += (rules.empty() ? "" : " ") + rule["id"].get<std::string>();
    append_csv_row(out, {framework_id, r["id"], r["section"], r["title"], r["status"],
                         std::to_string(r["failing"].get<long long>()), rules});
  }
  return out;
}

std::string FindingService::compliance_ocsf(const Principal& actor, const std::string& framework_id) {
  json report = compliance(actor, framework_id);
  json out = json::array();
  const Millis now = clock_.now_ms();
  for (const auto& r : report["requirements"]) out.push_back(ocsf_compliance_finding(report["framework"], r, now));
  return dump_json(out) + "\n";
}

std::vector<Mute> FindingService::active_mutes(const std::string& organization_id) {
  std::vector<Mute> out;
  const Millis now = clock_.now_ms();
  for (auto& m : mutes_.list(organization_id))
    if (m.active(now)) out.push_back(std::move(m));
  return out;
}

json FindingService::mutes(const Principal& actor) {
  const Millis now = clock_.now_ms();
  json items = json::array();
  for (const auto& m : mutes_.list(actor.organization_id)) {
    json j = to_json(m);
    j["active"] = m.active(now);
    items.push_back(j);
  }
  return items;
}

json FindingService::mute(const Principal& actor, const json& body) {
  JsonBody in(body);
  Mute m;
  m.id = new_id("mut");
  m.organization_id = actor.organization_id;
  m.rule_id = in.optional_string("ruleId", 1, 80);
  m.resource_id = in.optional_string("resourceId", 1, 100);
  m.account_id = in.optional_string("providerId", 1, 100);
  m.region = in.optional_string("region", 1, 100);
  m.reason = in.string("reason", 1, 500);
  if (auto tag = body.find("tag"); tag != body.end() && !tag->is_null()) {
    std::string key, value;
    bool has_value = false;
    if (tag->is_string()) {
      const std::string t = tag->get<std::string>();
      auto eq = t.find('=');
      key = t.substr(0, eq);
      if (eq != std::string::npos) {
        value = t.substr(eq + 1);
        has_value = true;
      }
    } else if (tag->is_object() && tag->value("key", json()).is_string()) {
      key = (*tag)["key"].get<std::string>();
      if (tag->contains("value") && (*tag)["value"].is_string()) {
        value = (*tag)["value"].get<std::string>();
        has_value = true;
      }
    } else {
      in.fail("tag", "must be \"key\", \"key=value\" or {key, value}");
    }
    if (key.empty() || key.size() > 128 || value.size() > 256) in.fail("tag", "needs a key of 1-128 characters");
    m.tag_key = key;
    if (has_value) m.tag_value = value;
  }
  if (auto e = in.optional_string("expiresAt", 1, 40)) {
    auto at = parse_rfc3339(*e);
    if (!at)
      in.fail("expiresAt", "must be an RFC 3339 time");
    else if (*at <= clock_.now_ms())
      in.fail("expiresAt", "must be in the future");
    else
      m.expires_at = *at;
  }
  if (m.rule_id && !rules_.rules_for(actor.organization_id)->find(*m.rule_id)) in.fail("ruleId", "is not a rule");
  if (!m.rule_id && !m.resource_id && !m.account_id && !m.region && !m.tag_key)
    in.fail("ruleId", "a mute needs at least one of ruleId, resourceId, providerId, region, tag");
  in.finish();
  m.created_by = actor.email.empty() ? actor.api_key_id : actor.email;
  m.created_at = clock_.now_ms();
  // The mute and the findings it covers change together: a failure leaves neither.
  long long applied = 0;
  db_.transaction([&](storage::Connection&) {
    mutes_.insert(m);
    applied = findings_.remute(actor.organization_id, m, active_mutes(actor.organization_id), false, clock_.now_ms());
  });
  json j = to_json(m);
  j["active"] = true;
  j["applied"] = applied;
  return j;
}

json FindingService::unmute(const Principal& actor, const std::string& id) {
  auto m = mutes_.find(actor.organization_id, id);
  if (!m) throw not_found("mute");
  long long released = 0;
  db_.transaction([&](storage::Connection&) {
    mutes_.remove(actor.organization_id, id);
    released = findings_.remute(actor.organization_id, *m, active_mutes(actor.organization_id), true, clock_.now_ms());
  });
  json j = to_json(*m);
  j["released"] = released;
  return j;
}

}  // namespace cw::security
