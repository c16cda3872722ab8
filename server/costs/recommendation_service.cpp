#include "costs/recommendation_service.hpp"

#include <cmath>
#include <map>

#include "core/error.hpp"
#include "core/log.hpp"
#include "costs/model.hpp"
#include "inventory/resources.hpp"
#include "providers/provider.hpp"

namespace cw::costs {

namespace {

constexpr Millis kDay = 24 * 3600 * 1000LL;
constexpr Millis kHour = 3600 * 1000LL;
constexpr size_t kMaxReasonLength = 500;

bool known_kind(const std::string& kind) {
  for (const char* k : kRecommendationKinds)
    if (kind == k) return true;
  return false;
}

}  // namespace

std::string RecommendationService::enqueue(const std::string& organization_id, const std::string& account_id) {
  jobs::EnqueueOptions options;
  options.organization_id = organization_id;
  options.dedupe_key = std::string(kRecommendJob) + ":" + account_id;
  options.max_attempts = 2;
  return queue_.enqueue(kRecommendJob, {{"accountId", account_id}}, options);
}

int RecommendationService::enqueue_all() {
  int n = 0;
  for (const auto& [organization_id, account_id] : accounts_.all_account_ids()) {
    auto account = accounts_.find_any(account_id);
    if (!account || account->status == "pending") continue;
    enqueue(organization_id, account_id);
    ++n;
  }
  return n;
}

nlohmann::json RecommendationService::run(const std::string& account_id) {
  auto account = accounts_.find_any(account_id);
  if (!account) return {{"skipped", "account removed"}};
  const Millis now = clock_.now_ms();
  const std::string today = utc_day(now);
  const std::string month_ago = utc_day(now - 30 * kDay);

  auto facts = repo_.resources(account->organization_id, account->id, settings_.max_resources);
  std::map<std::string, std::pair<double, std::string>> costs;
  for (auto& [id, cost] : repo_.resource_costs(account->organization_id, account->id, month_ago, today))
    costs[id] = cost;

  // CPU comes from the provider (there is no metrics store yet); hourly points over 14 days.
  std::unique_ptr<providers::CloudProvider> provider;
  providers::MetricsSource* metrics = nullptr;
  try {
    provider = gateway_.open(*account);
    metrics = provider->metrics_source();
  } catch (const providers::ProviderError& e) {
    log::warn("recommendations: provider unavailable", {{"accountId", account_id}, {"error", e.what()}});
  }
  int metric_reads = 0, metric_failures = 0;
  std::vector<Recommendation> found;
  for (auto& f : facts) {
    f.now = now;
    if (auto it = costs.find(f.id); it != costs.end()) {
      f.billed_30d = it->second.first;
      f.currency = it->second.second;
    }
    // A resource younger than the window would be judged on the time before it existed.
    bool old_enough = f.created_at <= now - kCpuWindowDays * kDay;
    const char* metric = f.type == "server" ? "cpu_utilization" : f.type == "load_balancer" ? "request_count" : nullptr;
    if (metrics && metric && f.status == "running" && old_enough && metric_reads < settings_.max_metric_reads) {
      ++metric_reads;
      try {
        auto points = metrics->metrics(f.external_id, f.region, metric, now - kCpuWindowDays * kDay, now, kHour);
        std::vector<double> values;
        values.reserve(points.size());
        for (const auto& p : points) values.push_back(p.value);
        if (values.size() >= kMinCpuPoints) (f.type == "server" ? f.cpu_p95 : f.requests_p95) = p95(std::move(values));
      } catch (const providers::ProviderError& e) {
        ++metric_failures;  // no metric, no metric-based recommendation for it this run
      }
    }
    for (auto& r : recommend_for(f)) found.push_back(std::move(r));
  }
  if (auto commitment =
          recommend_commitment(repo_.compute_spend(account->organization_id, account->id, month_ago, today))) {
    commitment->account_id = account->id;
    commitment->provider = account->provider;
    found.push_back(*commitment);
  }
  repo_.save_run(account->organization_id, account->id, found, now);

  std::map<std::string, int> by_kind;
  for (const auto& r : found) ++by_kind[r.kind];
  return {
      {"found", found.size()}, {"byKind", by_kind}, {"metricReads", metric_reads}, {"metricFailures", metric_failures}};
}

nlohmann::json RecommendationService::list(const Principal& actor, const std::map<std::string, std::string>& query) {
  RecommendationFilter filter;
  if (auto it = query.find("status"); it != query.end()) {
    if (it->second != "open" && it->second != "dismissed" && it->second != "applied")
      throw field_error("status", "must be open, dismissed or applied");
    filter.status = it->second;
  }
  if (auto it = query.find("kind"); it != query.end()) {
    if (!known_kind(it->second))
      throw field_error("kind",
                        "must be one of: idle_server, rightsize_server, unattached_volume, stopped_server_storage, "
                        "idle_load_balancer, old_snapshot, idle_public_ip, commitment");
    filter.kind = it->second;
  }
  auto items = repo_.list(actor.organization_id, filter);
  nlohmann::json out = nlohmann::json::array();
  std::map<std::string, double> totals;  // per currency, open ones only
  for (const auto& r : items) {
    out.push_back(to_json(r));
    if (r.status == "open") totals[r.currency] += r.monthly_savings;
  }
  // One number when there is one currency (the usual case), else the sum per currency.
  nlohmann::json total = nlohmann::json::object();
  for (const auto& [currency, amount] : totals) total[currency] = std::round(amount * 100) / 100;
  double single = totals.size() == 1 ? total.begin()->get<double>() : 0;
  return {{"items", out},
          {"totalMonthlySavings", single},
          {"currency", totals.size() == 1 ? nlohmann::json(totals.begin()->first) : nlohmann::json(nullptr)},
          {"totalsByCurrency", total}};
}

nlohmann::json RecommendationService::dismiss(const Principal& actor, const std::string& id,
                                              const nlohmann::json& body) {
  if (!body.is_object()) throw field_error("reason", "send {\"reason\": \"…\"}");
  auto it = body.find("reason");
  if (it == body.end() || !it->is_string()) throw field_error("reason", "is required");
  std::string reason = it->get<std::string>();
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) throw field_error("reason", "is required");
  if (reason.size() > kMaxReasonLength) throw field_error("reason", "must be at most 500 characters");
  auto current = repo_.find(actor.organization_id, id);
  if (!current) throw not_found("recommendation '" + id + "'");
  if (current->status != "open")
    throw ApiError(ErrorCode::kConflict, "the recommendation is " + current->status + ", not open");
  repo_.dismiss(actor.organization_id, id, reason, actor.user_id, clock_.now_ms());
  return to_json(*repo_.find(actor.organization_id, id));
}

nlohmann::json RecommendationService::apply(const Principal& actor, const std::string& id) {
  auto current = repo_.find(actor.organization_id, id);
  if (!current) throw not_found("recommendation '" + id + "'");
  if (current->status != "open")
    throw ApiError(ErrorCode::kConflict, "the recommendation is " + current->status + ", not open");
  if (!current->action || current->resource_id.empty())
    throw ApiError(ErrorCode::kConflict, "this recommendation has no one-click action");
  const std::string kind = current->action->value("kind", "");
  // The inventory's own paths: the provider acts, the stored resource follows, events go out.
  inventory::Resource resource;
  if (kind == "stop") {
    resource = resources_.act(actor, current->resource_id, providers::Action::kStop);
  } else if (kind == "delete") {
    resource = resources_.remove(actor, current->resource_id);
  } else if (kind == "resize") {
    providers::ResourcePatch patch;
    patch.spec = nlohmann::json{{"instanceType", current->action->value("to", "")}};
    resource = resources_.update(actor, current->resource_id, patch);
  } else {
    throw ApiError(ErrorCode::kConflict, "unknown action '" + kind + "'");
  }
  repo_.mark_applied(actor.organization_id, id, clock_.now_ms());
  nlohmann::json out = to_json(*repo_.find(actor.organization_id, id));
  out["resource"] = to_json(resource, resources_.providers());
  return out;
}

}  // namespace cw::costs
