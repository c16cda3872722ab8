#pragma once
/// Monitoring: the embedded metrics store (or a Prometheus-compatible backend), collection from the clouds, metric
/// queries, alert rules and their evaluation, alerts, silences (docs/monitoring.md).
#include <memory>
#include <optional>

#include "monitoring/alert_repository.hpp"
#include "monitoring/alert_service.hpp"
#include "monitoring/collection.hpp"
#include "monitoring/metric_repository.hpp"
#include "monitoring/metric_store.hpp"
#include "monitoring/prometheus_store.hpp"
#include "monitoring/query.hpp"
#include "monitoring/resource_reader.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::accounts {
class AccountsModule;
}
namespace cw::inventory {
class InventoryModule;
class MetricArchive;
}  // namespace cw::inventory

namespace cw::monitoring {

struct MonitoringSettings {
  StoreSettings store;
  /// Set (CLOUDWEAVE_METRICS_URL): samples go to this Prometheus-compatible backend instead.
  std::optional<PrometheusSettings> prometheus;
  CollectionSettings collection;
  Millis evaluate_every_ms = 60'000;       // alert rules
  Millis maintain_every_ms = 15 * 60'000;  // roll-ups and retention
  std::string public_url;                  // links in alert notifications (CLOUDWEAVE_PUBLIC_URL)
};

class MonitoringModule final : public platform::Module {
 public:
  MonitoringModule(platform::Platform& platform, accounts::AccountsModule& accounts,
                   inventory::InventoryModule& inventory, const MonitoringSettings& settings = {});
  ~MonitoringModule() override;
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;
  void subscribe(events::EventBus& events) override;

  MetricRepository metric_repository;
  MetricStore embedded;  // the embedded store; `store` unless a backend is configured
  std::unique_ptr<SampleStore> backend;
  SampleStore& store;
  ResourceReader resources;
  MetricQueryService queries;
  CollectionRepository collection_repository;
  CollectionService collection;
  AlertRepository alert_repository;
  AlertService alerts;

 private:
  inventory::InventoryModule& inventory_;
  accounts::AccountService& accounts_;
  const Clock& clock_;
  MonitoringSettings settings_;
  std::unique_ptr<inventory::MetricArchive> archive_;
};

}  // namespace cw::monitoring
