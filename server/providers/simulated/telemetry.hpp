#pragma once
/// Metrics of the simulated cloud: every metric of kMetricNames as a pure function of
/// (resource key, type, metric, t) — the same instant always has the same value, whatever range or
/// step is asked for. Load follows the working day (peak ~13:30 UTC, trough ~01:30 UTC) and the
/// week (Saturday and Sunday at ~65 %), with smooth noise, per-minute jitter and occasional
/// incidents: windows of 20–90 minutes (about one in twenty 6-hour periods per resource) where
/// CPU, latency and error rate rise together.
///
/// Units: cpu_utilization and memory_utilization in percent (0–100); network_in_bytes,
/// network_out_bytes, disk_read_bytes, disk_write_bytes in bytes per second; request_count in
/// requests per second; latency_ms in milliseconds; error_rate in percent of requests (0–100).
/// A metric that means nothing for a type (CPU of a bucket, disk of a DNS zone) is 0.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::simulated {

inline constexpr std::int64_t kMaxMetricPoints = 2000;

/// Index into kMetricNames, or nullopt for an unknown name.
std::optional<int> metric_named(std::string_view name);

struct MetricSubject {
  std::uint64_t key = 0;                // from the account's seed and the resource's external id
  std::string_view type;                // kResourceTypes
  Millis active_from = 0;               // before this (creation) everything is 0
  std::optional<Millis> inactive_from;  // stopped or terminated from here on: 0
  std::optional<double> cpu_level;      // overrides the drawn CPU level (planted idle/oversized servers)
  bool no_traffic = false;              // requests, bytes in and out are 0 (a planted idle load balancer)
};

/// Value of `metric` (index into kMetricNames) at `t`.
double metric_value(const MetricSubject& subject, int metric, Millis t);

/// True when `t` falls in one of the subject's incident windows.
bool in_incident(const MetricSubject& subject, Millis t);

/// Points at from, from+step, … ≤ to. Throws ProviderError("InvalidParameterValue") for an
/// unknown metric, step ≤ 0, to < from, or more than kMaxMetricPoints points.
std::vector<MetricPoint> metric_series(const MetricSubject& subject, std::string_view metric, Millis from, Millis to,
                                       Millis step_ms);

}  // namespace cw::providers::simulated
