#include "monitoring/collection.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/json_body.hpp"
#include "monitoring/query.hpp"
#include "providers/provider.hpp"

namespace cw::monitoring {

namespace {
const std::vector<std::string> kWatchableTypes = {
    "server", "database", "load_balancer", "function", "kubernetes_cluster", "container", "cache"};
}  // namespace

CollectionConfig CollectionRepository::get(const std::string& organization_id, const std::string& account_id) {
  CollectionConfig c;
  c.account_id = account_id;
  c.organization_id = organization_id;
  auto rows = db_.execute(
      "SELECT enabled, interval_ms, watched_types, watch_tag, collected_until, last_collected_at, last_error "
      "FROM monitoring_collection WHERE account_id = ?",
      storage::params(account_id));
  if (rows.empty()) return c;
  const auto& r = rows.first();
  c.enabled = r.boolean(0);
  c.interval_ms = r.integer(1);
  c.watched_types = nlohmann::json::parse(r.text(2)).get<std::vector<std::string>>();
  c.watch_tag = r.opt_text(3);
  c.collected_until = r.opt_integer(4);
  c.last_collected_at = r.opt_integer(5);
  c.last_error = r.opt_text(6);
  return c;
}

void CollectionRepository::save(const CollectionConfig& c, Millis now) {
  db_.execute(
      "INSERT INTO monitoring_collection (account_id, organization_id, enabled, interval_ms, watched_types, watch_tag, "
      "collected_until, last_collected_at, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled, interval_ms = excluded.interval_ms, "
      "watched_types = excluded.watched_types, watch_tag = excluded.watch_tag, collected_until = "
      "excluded.collected_until, last_collected_at = excluded.last_collected_at, last_error = excluded.last_error, "
      "updated_at = excluded.updated_at",
      storage::params(c.account_id, c.organization_id, c.enabled, c.interval_ms, nlohmann::json(c.watched_types).dump(),
                      c.watch_tag, c.collected_until, c.last_collected_at, c.last_error, now));
}

bool CollectionRepository::exists(const std::string& account_id) {
  return !db_.execute("SELECT 1 FROM monitoring_collection WHERE account_id = ?", storage::params(account_id)).empty();
}

long long CollectionRepository::series_count(const std::string& account_id) {
  return db_.execute("SELECT COUNT(*) FROM metric_series WHERE account_id = ?", storage::params(account_id))
      .first()
      .integer(0);
}

nlohmann::json CollectionService::to_json(const accounts::Account& a, const CollectionConfig& c) {
  auto time = [](const std::optional<Millis>& t) { return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json(); };
  return {{"providerId", a.id},
          {"providerName", a.name},
          {"provider", a.provider},
          {"enabled", c.enabled},
          {"intervalSeconds", c.interval_ms / 1000},
          {"watchedTypes", c.watched_types},
          {"watchTag", c.watch_tag ? nlohmann::json(*c.watch_tag) : nlohmann::json()},
          {"lastCollectedAt", time(c.last_collected_at)},
          {"collectedUntil", time(c.collected_until)},
          {"lastError", c.last_error ? nlohmann::json(*c.last_error) : nlohmann::json()},
          {"series", repo_.series_count(a.id)}};
}

nlohmann::json CollectionService::list(const Principal& actor) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : accounts_.list(actor, 500, 0).accounts)
    out.push_back(to_json(a, repo_.get(a.organization_id, a.id)));
  return out;
}

nlohmann::json CollectionService::update(const Principal& actor, const std::string& account_id,
                                         const nlohmann::json& body) {
  const accounts::Account account = accounts_.get(actor, account_id);  // 404 for other organizations
  CollectionConfig c = repo_.get(account.organization_id, account.id);
  JsonBody b(body);
  if (auto enabled = b.optional_bool("enabled")) c.enabled = *enabled;
  if (auto seconds = b.optional_int("intervalSeconds", 60, 3600)) c.interval_ms = *seconds * 1000;
  if (b.has("watchedTypes")) {
    const auto& types = body["watchedTypes"];
    std::vector<std::string> chosen;
    bool ok = types.is_array() && !types.empty();
    for (const auto& t : ok ? types : nlohmann::json::array()) {
      ok = ok && t.is_string() &&
           std::find(kWatchableTypes.begin(), kWatchableTypes.end(), t.get<std::string>()) != kWatchableTypes.end();
      if (ok && std::find(chosen.begin(), chosen.end(), t.get<std::string>()) == chosen.end())
        chosen.push_back(t.get<std::string>());
    }
    if (!ok)
      b.fail("watchedTypes",
             "must be a non-empty list of server, database, load_balancer, function, kubernetes_cluster, container, "
             "cache");
    else
      c.watched_types = chosen;
  }
  if (b.has("watchTag")) {
    if (body["watchTag"].is_null()) {
      c.watch_tag.reset();
    } else if (auto tag = b.optional_string("watchTag", 1, 200)) {
      if (tag->front() == '=')
        b.fail("watchTag", "must be key=value or key");
      else
        c.watch_tag = *tag;
    }
  }
  b.finish();
  repo_.save(c, clock_.now_ms());
  return to_json(account, c);
}

int CollectionService::enqueue_due() {
  const Millis now = clock_.now_ms();
  int n = 0;
  for (const auto& [organization_id, account_id] : accounts_.all_account_ids()) {
    CollectionConfig c = repo_.get(organization_id, account_id);
    if (!c.enabled) continue;
    if (c.last_collected_at && *c.last_collected_at + c.interval_ms > now) continue;
    auto account = accounts_.find_any(account_id);
    if (!account || account->status == "pending") continue;  // resources are known after the first sync
    enqueue(organization_id, account_id);
    ++n;
  }
  return n;
}

void CollectionService::enqueue(const std::string& organization_id, const std::string& account_id) {
  jobs::EnqueueOptions options;
  options.organization_id = organization_id;
  options.dedupe_key = std::string(kCollectJob) + ":" + account_id;
  options.max_attempts = 2;
  queue_.enqueue(kCollectJob, {{"accountId", account_id}}, options);
}

bool CollectionService::start(const std::string& account_id) {
  if (repo_.exists(account_id)) return false;
  auto account = accounts_.find_any(account_id);
  if (!account) return false;
  CollectionConfig c = repo_.get(account->organization_id, account->id);
  if (account->is_demo) c.watched_types = {"server", "database", "load_balancer"};
  repo_.save(c, clock_.now_ms());
  enqueue(account->organization_id, account->id);
  return true;
}

nlohmann::json CollectionService::collect(const jobs::Job& job, jobs::JobContext& context) {
  return collect_account(job.payload.value("accountId", ""), &context);
}

nlohmann::json CollectionService::collect_account(const std::string& account_id, jobs::JobContext* context) {
  auto account = accounts_.find_any(account_id);
  if (!account) return {{"skipped", "account removed"}};
  CollectionConfig c = repo_.get(account->organization_id, account->id);
  const Millis now = clock_.now_ms();
  const Millis step = settings_.step_ms;
  // Whole steps only: a step still filling would be read again with a different value.
  const Millis to = now - now % step - step;
  Millis from = c.collected_until ? *c.collected_until + step : to - settings_.backfill_ms;
  from -= from % step;
  auto record = [&](std::optional<std::string> error) {
    c.last_collected_at = clock_.now_ms();
    c.last_error = std::move(error);
    repo_.save(c, clock_.now_ms());
  };
  if (from > to) {
    record(std::nullopt);
    return {{"samples", 0}};
  }
  auto provider = gateway_.open(*account);
  providers::MetricsSource* source = provider->metrics_source();
  if (!source) {
    record(provider->kind() + " accounts have no metrics API in CloudWeave");
    return {{"state", "unsupported"}};
  }
  Selector selector;
  selector.account_id = account->id;
  selector.types = c.watched_types;
  selector.tag = c.watch_tag;
  const auto resources = resources_.select(account->organization_id, selector);
  // Every (resource, metric) the types publish, asked a day at a time in batches (the provider
  // reads as many per call as its API takes: CloudWatch 500).
  struct Wanted {
    const WatchedResource* resource;
    std::string metric;
  };
  std::vector<Wanted> wanted;
  for (const auto& r : resources)
    for (const auto& metric : metrics_for_type(r.type)) wanted.push_back({&r, metric});
  constexpr size_t kBatch = 500;
  long long samples = 0, unsupported = 0;
  const long long days = (to - from) / kDayMs + 1;
  long long done = 0;
  try {
    for (Millis day = from; day <= to; day += kDayMs) {
      const Millis end = std::min(to, day + kDayMs - step);
      for (size_t start = 0; start < wanted.size(); start += kBatch) {
        const size_t n = std::min(kBatch, wanted.size() - start);
        std::vector<providers::MetricsSource::Request> requests;
        for (size_t k = 0; k < n; ++k)
          requests.push_back(
              {wanted[start + k].resource->external_id, wanted[start + k].resource->region, wanted[start + k].metric});
        auto answers = source->metrics_batch(requests, day, end, step);
        for (size_t k = 0; k < n; ++k) {
          if (answers[k].unsupported) {
            unsupported += day == from;
            continue;
          }
          std::vector<Sample> series;
          series.reserve(answers[k].points.size());
          for (const auto& p : answers[k].points) series.push_back({p.timestamp, p.value});
          samples += store_.append(
              {account->organization_id, account->id, wanted[start + k].resource->id, wanted[start + k].metric},
              series);
        }
      }
      if (context) context->progress(++done, days, "collected " + format_rfc3339(day).substr(0, 10));
    }
  } catch (const providers::ProviderError& e) {
    // What was appended stays; the next run continues from the last whole collection.
    record(e.code() + ": " + e.what());
    if (e.retryable()) throw;
    return {{"state", "failed"}, {"error", c.last_error.value_or("")}};
  }
  const long long total = static_cast<long long>(resources.size());
  c.collected_until = to;
  record(std::nullopt);
  // Metrics a cloud does not publish for a type (EC2 memory without the agent) are skipped.
  return {{"state", "succeeded"}, {"resources", total}, {"samples", samples}, {"unsupportedSeries", unsupported}};
}

}  // namespace cw::monitoring
