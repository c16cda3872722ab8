#include "inventory/resources.hpp"

#include <algorithm>

#include "events/event_bus.hpp"

#include "core/ids.hpp"

namespace cw::inventory {

using accounts::provider_failure;
using providers::require;

namespace {
// Follow-up reads of a changing resource: every 1.5 s, for up to a minute.
constexpr Millis kFollowDelayMs = 1500;
constexpr int kFollowReads = 40;

const char* metric_unit(const std::string& metric) {
  if (metric.find("utilization") != std::string::npos || metric == "error_rate") return "percent";
  if (metric.find("bytes") != std::string::npos) return "bytes";
  if (metric == "latency_ms") return "milliseconds";
  return "count";
}
}  // namespace

Account ResourceService::account_of(const Principal& actor, const std::string& account_id) {
  auto a = accounts_.find(actor.organization_id, account_id);
  if (!a) throw not_found("cloud account");
  return *a;
}

Resource ResourceService::get(const Principal& actor, const std::string& id) {
  auto r = repo_.find(actor.organization_id, id);
  if (!r) throw not_found("resource");
  return *r;
}

Resource ResourceService::store(const Account& account, const providers::ResourceRecord& record,
                                const std::string& existing_id, const char* event) {
  std::string id = existing_id.empty() ? new_id("res") : existing_id;
  StoredRecord stored = prepare_record(record);
  Resource saved;
  repo_.atomically([&] {
    repo_.upsert(account.organization_id, account.id, account.is_demo, {{id, &stored}}, clock_.now_ms());
    saved = *repo_.find(account.organization_id, id);
    events_.publish(account.organization_id, event, to_json(saved, gateway_.registry()));
  });
  return saved;
}

void ResourceService::follow(const Account& account, const std::string& external_id,
                             const std::string& settled_status) {
  queue_.enqueue(
      kRefreshJob,
      {{"accountId", account.id}, {"externalId", external_id}, {"settle", settled_status}, {"remaining", kFollowReads}},
      {.organization_id = account.organization_id, .delay_ms = kFollowDelayMs, .max_attempts = 3});
}

Resource ResourceService::create(const Principal& actor, const NewResourceRequest& request) {
  Account account = account_of(actor, request.account_id);
  try {
    auto provider = gateway_.open(account);
    auto record =
        require(provider->resource_actions(), *provider, "resource actions").create_resource(request.resource);
    Resource saved = store(account, record, "", "resource.created");
    if (record.status != "running") follow(account, record.external_id, "running");
    return saved;
  } catch (const providers::ProviderError& e) { throw provider_failure(e, account.provider); }
}

Resource ResourceService::update(const Principal& actor, const std::string& id, const providers::ResourcePatch& patch) {
  Resource current = get(actor, id);
  Account account = account_of(actor, current.account_id);
  try {
    auto provider = gateway_.open(account);
    auto record = require(provider->resource_actions(), *provider, "resource actions")
                      .update_resource(current.external_id, patch);
    return store(account, record, current.id, "resource.updated");
  } catch (const providers::ProviderError& e) { throw provider_failure(e, account.provider); }
}

Resource ResourceService::remove(const Principal& actor, const std::string& id) {
  Resource current = get(actor, id);
  Account account = account_of(actor, current.account_id);
  try {
    auto provider = gateway_.open(account);
    auto record =
        require(provider->resource_actions(), *provider, "resource actions").delete_resource(current.external_id);
    Resource saved = store(account, record, current.id, "resource.updated");
    follow(account, current.external_id, "gone");
    return saved;
  } catch (const providers::ProviderError& e) { throw provider_failure(e, account.provider); }
}

Resource ResourceService::act(const Principal& actor, const std::string& id, providers::Action action) {
  Resource current = get(actor, id);
  if (current.status == "terminated") throw ApiError(ErrorCode::kConflict, "the resource is terminated");
  Account account = account_of(actor, current.account_id);
  try {
    auto provider = gateway_.open(account);
    auto record =
        require(provider->resource_actions(), *provider, "resource actions").run_action(current.external_id, action);
    Resource saved = store(account, record, current.id, "resource.updated");
    std::string settled = action == providers::Action::kStop ? "stopped" : "running";
    if (record.status != settled) follow(account, current.external_id, settled);
    return saved;
  } catch (const providers::ProviderError& e) { throw provider_failure(e, account.provider, "action"); }
}

nlohmann::json ResourceService::metrics(const Principal& actor, const std::string& id, const MetricQuery& q) {
  Resource current = get(actor, id);
  std::vector<providers::MetricPoint> points;
  std::string source = "provider";
  Millis provider_to = q.to;
  std::optional<std::string> older_error;
  if (archive_) {
    auto stored = archive_->read(actor.organization_id, current.id, q.metric, q.from, q.to, q.step_ms);
    if (stored.held_from) {
      points = std::move(stored.points);
      source = "store";
      // Steps before the store's first sample come from the provider.
      provider_to = *stored.held_from <= q.from
                        ? q.from - 1
                        : std::min(q.to, q.from + (*stored.held_from - q.from) / q.step_ms * q.step_ms - 1);
    }
  }
  if (provider_to >= q.from) {
    Account account = account_of(actor, current.account_id);
    try {
      auto provider = gateway_.open(account);
      auto older = require(provider->metrics_source(), *provider, "metrics")
                       .metrics(current.external_id, current.region, q.metric, q.from, provider_to, q.step_ms);
      if (!points.empty()) source = "store+provider";
      older.insert(older.end(), points.begin(), points.end());
      points = std::move(older);
    } catch (const providers::ProviderError& e) {
      if (points.empty()) throw provider_failure(e, account.provider, "metric");
      // The stored part is still worth showing; say why the older part is missing.
      older_error = std::string("the cloud could not give the points before the store's first sample: ") + e.what();
    }
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : points) out.push_back({{"timestamp", format_rfc3339(p.timestamp)}, {"value", p.value}});
  return {{"resourceId", current.id},
          {"metric", q.metric},
          {"unit", metric_unit(q.metric)},
          {"from", format_rfc3339(q.from)},
          {"to", format_rfc3339(q.to)},
          {"stepSeconds", q.step_ms / 1000},
          {"source", source},
          {"olderRangeError", older_error ? nlohmann::json(*older_error) : nlohmann::json()},
          {"points", out}};
}

nlohmann::json ResourceService::refresh(const nlohmann::json& payload) {
  std::string account_id = payload.value("accountId", "");
  std::string external_id = payload.value("externalId", "");
  std::string settle = payload.value("settle", "running");
  int remaining = payload.value("remaining", 0);
  auto account = accounts_.find_any(account_id);
  if (!account) return {{"skipped", "account removed"}};
  auto existing = repo_.find_by_external(account->id, external_id);
  auto record = gateway_.open(*account)->get_resource(external_id);
  if (!record) {
    if (existing) {
      repo_.atomically([&] {
        repo_.remove(account->organization_id, {existing->id});
        events_.publish(account->organization_id, "resource.deleted",
                        {{"id", existing->id}, {"providerId", account->id}, {"externalId", external_id}});
      });
    }
    return {{"status", "gone"}};
  }
  bool changed = !existing || prepare_record(*record).content_hash != repo_.content_hash(existing->id);
  if (changed)
    store(*account, *record, existing ? existing->id : "", existing ? "resource.updated" : "resource.created");
  bool settled = record->status == settle || record->status == "error";
  if (!settled && remaining > 1) {
    nlohmann::json next = payload;
    next["remaining"] = remaining - 1;
    queue_.enqueue(kRefreshJob, next,
                   {.organization_id = account->organization_id, .delay_ms = kFollowDelayMs, .max_attempts = 3});
  }
  return {{"status", record->status}, {"settled", settled}};
}

}  // namespace cw::inventory
