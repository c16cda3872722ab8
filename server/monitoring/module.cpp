#include "monitoring/module.hpp"

#include "accounts/module.hpp"
#include "inventory/module.hpp"
#include "events/event_bus.hpp"
#include "jobs/job_runner.hpp"
#include "monitoring/routes.hpp"

namespace cw::monitoring {

namespace {
/// GET /resources/{id}/metrics answers from the store (the inventory asks the provider only for
/// what lies before the store's first sample).
class StoreArchive final : public inventory::MetricArchive {
 public:
  explicit StoreArchive(SampleStore& store) : store_(store) {}
  Points read(const std::string& organization_id, const std::string& resource_id, const std::string& metric,
              Millis from, Millis to, Millis step_ms) override {
    Points out;
    auto series = store_.repository().series_of_resources(organization_id, metric, {resource_id});
    if (series.empty()) return out;
    out.held_from = store_.first_sample_at(series.front());
    if (!out.held_from) return out;
    auto ranges = store_.read(series, from, to, step_ms, false);
    for (size_t i = 0; i < ranges.front().steps.size(); ++i) {
      auto& b = ranges.front().steps[i];
      if (!b.empty()) out.points.push_back({from + static_cast<Millis>(i) * step_ms, b.sum / b.count});
    }
    return out;
  }

 private:
  SampleStore& store_;
};
}  // namespace

MonitoringModule::MonitoringModule(platform::Platform& p, accounts::AccountsModule& accounts,
                                   inventory::InventoryModule& inventory, const MonitoringSettings& settings)
    : metric_repository(p.db),
      embedded(metric_repository, settings.store),
      backend(settings.prometheus ? std::make_unique<PrometheusStore>(metric_repository, *settings.prometheus)
                                  : nullptr),
      store(backend ? *backend : static_cast<SampleStore&>(embedded)),
      resources(p.db),
      queries(resources, store),
      collection_repository(p.db),
      collection(collection_repository, resources, store, accounts.service, accounts.gateway, p.queue, p.clock,
                 settings.collection),
      alert_repository(p.db),
      alerts(alert_repository, resources, store, accounts.service, p.events, p.clock, settings.public_url),
      inventory_(inventory),
      accounts_(accounts.service),
      clock_(p.clock),
      settings_(settings),
      archive_(std::make_unique<StoreArchive>(store)) {
  inventory_.resources.set_metric_archive(archive_.get());
}

MonitoringModule::~MonitoringModule() { inventory_.resources.set_metric_archive(nullptr); }

void MonitoringModule::subscribe(events::EventBus& events) {
  // An account's first sync starts its collection at once; a demo organization gets its rules.
  events.subscribe("monitoring.start_collection", [this](const events::DomainEvent& event) {
    if (event.type != "sync.completed" || event.data.value("status", "") == "error") return;
    const std::string account_id = event.data.value("accountId", "");
    if (!collection.start(account_id)) return;
    auto account = accounts_.find_any(account_id);
    if (account && account->is_demo) alerts.seed_demo_rules(account->organization_id, "demo");
  });
}

void MonitoringModule::add_routes(http::Router& router) {
  register_monitoring_routes(router, queries, alerts, collection, clock_);
}

void MonitoringModule::add_jobs(jobs::JobRunner& runner) {
  runner.handle(CollectionService::kCollectJob,
                [this](const jobs::Job& job, jobs::JobContext& ctx) { return collection.collect(job, ctx); });
  runner.every("monitoring.schedule_collection", settings_.collection.scheduler_ms,
               [this] { collection.enqueue_due(); });
  runner.every(AlertService::kEvaluateTask, settings_.evaluate_every_ms, [this] { alerts.evaluate_all(); });
  runner.every("monitoring.maintain", settings_.maintain_every_ms, [this] { store.maintain(clock_.now_ms()); });
}

}  // namespace cw::monitoring
