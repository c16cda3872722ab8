#pragma once
/// /metrics/query, /alert-rules, /alerts, /alert-history, /silences, /monitoring/collection.
namespace cw::http {
class Router;
}

namespace cw {
class Clock;
}
namespace cw::monitoring {
class MetricQueryService;
class AlertService;
class CollectionService;

void register_monitoring_routes(http::Router& router, MetricQueryService& metrics, AlertService& alerts,
                                CollectionService& collection, const Clock& clock);
}  // namespace cw::monitoring
