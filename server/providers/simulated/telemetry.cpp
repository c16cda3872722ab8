#include "providers/simulated/telemetry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "providers/simulated/random.hpp"

namespace cw::providers::simulated {

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;
constexpr Millis kIncidentPeriod = 6 * kHour;
constexpr double kIncidentChance = 0.05;

enum Metric { kCpu, kMemory, kNetIn, kNetOut, kDiskRead, kDiskWrite, kRequests, kLatency, kErrors };
constexpr int kMetricCount = 9;

struct Range {
  double lo, hi;
};
/// Per type, the typical level of each metric at average load (0,0 = not applicable). Servers are
/// busy enough (CPU p95 above 40 %) that only the planted savings anchors look idle or oversized
/// to the recommendations.
struct Levels {
  std::string_view type;
  Range m[kMetricCount];
};
// clang-format off
constexpr Levels kLevels[] = {
    {"server", {{40, 70}, {25, 70}, {2e5, 5e6}, {3e5, 8e6}, {5e4, 5e6}, {1e5, 8e6}, {5, 300}, {15, 120}, {0.05, 0.8}}},
    {"database", {{10, 50}, {40, 85}, {1e5, 3e6}, {2e5, 6e6}, {1e6, 3e7}, {5e5, 2e7}, {50, 2000}, {1, 12}, {0.01, 0.2}}},
    {"storage", {{0, 0}, {0, 0}, {1e4, 5e6}, {5e4, 2e7}, {1e5, 2e7}, {5e4, 5e6}, {1, 500}, {10, 60}, {0.01, 0.3}}},
    {"network", {{0, 0}, {0, 0}, {1e5, 5e7}, {1e5, 5e7}, {0, 0}, {0, 0}, {10, 1000}, {0.3, 3}, {0, 0.05}}},
    {"container", {{10, 60}, {30, 80}, {1e5, 4e6}, {1e5, 6e6}, {1e4, 1e6}, {1e4, 2e6}, {5, 400}, {10, 150}, {0.05, 1}}},
    {"function", {{5, 40}, {20, 70}, {1e3, 5e5}, {1e3, 5e5}, {0, 0}, {0, 0}, {0.1, 80}, {40, 900}, {0.1, 2}}},
    {"load_balancer", {{0, 0}, {0, 0}, {5e5, 2e7}, {1e6, 5e7}, {0, 0}, {0, 0}, {20, 2000}, {10, 80}, {0.05, 0.8}}},
    {"cache", {{3, 30}, {30, 85}, {1e5, 1e7}, {2e5, 2e7}, {0, 0}, {0, 0}, {200, 20000}, {0.2, 2}, {0, 0.05}}},
    {"queue", {{0, 0}, {0, 0}, {1e3, 1e6}, {1e3, 1e6}, {0, 0}, {0, 0}, {1, 500}, {5, 40}, {0, 0.1}}},
    {"dns", {{0, 0}, {0, 0}, {1e3, 1e5}, {2e3, 2e5}, {0, 0}, {0, 0}, {1, 800}, {1, 8}, {0, 0.2}}},
    // Accounts, identities and keys have no metrics.
    {"account", {}}, {"identity", {}}, {"key", {}},
};

// clang-format on

const Levels& levels_of(std::string_view type) {
  for (const auto& l : kLevels)
    if (l.type == type) return l;
  return kLevels[0];
}

Millis floor_div(Millis a, Millis b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/// Smooth noise in [0, 1): random values on a lattice of `period`, eased in between.
double value_noise(std::uint64_t k, Millis t, Millis period) {
  Millis cell = floor_div(t, period);
  double frac = static_cast<double>(t - cell * period) / static_cast<double>(period);
  double a = unit(key(k, static_cast<std::uint64_t>(cell)));
  double b = unit(key(k, static_cast<std::uint64_t>(cell + 1)));
  double s = frac * frac * (3 - 2 * frac);
  return a + (b - a) * s;
}

/// Relative load at t: 1 on average, higher mid-day on weekdays.
double load(const MetricSubject& s, Millis t) {
  double amplitude = 0.25 + 0.35 * unit(key(s.key, 0xd1));
  double hours = static_cast<double>(t - floor_div(t, kDay) * kDay) / static_cast<double>(kHour);
  double diurnal = std::cos(2 * std::numbers::pi * (hours - 13.5) / 24.0);
  Millis day = floor_div(t, kDay);
  int dow = static_cast<int>(((day + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday; 0 = Sunday
  double weekly = (dow == 0 || dow == 6) ? 0.65 : 1.0;
  return (1 + amplitude * diurnal) * weekly;
}

}  // namespace

std::optional<int> metric_named(std::string_view name) {
  for (int i = 0; i < kMetricCount; ++i)
    if (name == kMetricNames[i]) return i;
  return std::nullopt;
}

bool in_incident(const MetricSubject& s, Millis t) {
  Millis period = floor_div(t, kIncidentPeriod);
  std::uint64_t k = key(s.key, 0x1c1d, static_cast<std::uint64_t>(period));
  if (unit(k) >= kIncidentChance) return false;
  Millis duration = (20 + static_cast<Millis>(unit(mix(k ^ 1)) * 70)) * kMinute;
  Millis start = period * kIncidentPeriod +
                 static_cast<Millis>(unit(mix(k ^ 2)) * static_cast<double>(kIncidentPeriod - duration));
  return t >= start && t < start + duration;
}

double metric_value(const MetricSubject& s, int metric, Millis t) {
  if (t < s.active_from || (s.inactive_from && t >= *s.inactive_from)) return 0;
  const Range r = levels_of(s.type).m[metric];
  if (r.hi <= 0) return 0;
  const std::uint64_t mk = key(s.key, 0x3e7, static_cast<std::uint64_t>(metric));
  // Levels spread log-uniformly over wide ranges (bytes, requests), linearly over narrow ones.
  double u = unit(mk);
  double base = r.lo > 0 && r.hi / r.lo > 20 ? r.lo * std::pow(r.hi / r.lo, u) : r.lo + (r.hi - r.lo) * u;
  if (metric == kCpu && s.cpu_level) base = *s.cpu_level;
  if (s.no_traffic && (metric == kRequests || metric == kNetIn || metric == kNetOut)) return 0;
  double l = load(s, t);
  double smooth = value_noise(mk, t, 15 * kMinute);
  double jitter = unit(key(mk, static_cast<std::uint64_t>(floor_div(t, kMinute))));
  double noise = 1 + 0.3 * (smooth - 0.5) + 0.12 * (jitter - 0.5);
  bool incident = in_incident(s, t);
  double v = 0;
  switch (metric) {
    case kCpu:
      v = base * l * noise + (incident ? 35 + 20 * smooth : 0);
      break;
    case kMemory:
      v = base * (1 + 0.15 * (l - 1)) * (1 + 0.1 * (smooth - 0.5)) + (incident ? 10 : 0);
      break;
    case kNetIn:
    case kNetOut:
    case kDiskRead:
    case kDiskWrite:
      v = base * l * noise * (incident ? 1.6 : 1);
      break;
    case kRequests:
      v = base * l * noise * (incident ? 0.8 : 1);
      break;
    case kLatency:
      v = base * (1 + 0.35 * (l - 1)) * noise * (incident ? 3 + 3 * smooth : 1);
      break;
    case kErrors:
      v = base * noise * (0.7 + 0.3 * l) + (incident ? 4 + 16 * smooth : 0);
      break;
    default:
      break;
  }
  if (metric == kCpu || metric == kMemory || metric == kErrors) v = std::clamp(v, 0.0, 100.0);
  return std::max(0.0, std::round(v * 1000) / 1000);
}

std::vector<MetricPoint> metric_series(const MetricSubject& s, std::string_view metric, Millis from, Millis to,
                                       Millis step) {
  auto m = metric_named(metric);
  if (!m) {
    std::string known;
    for (const char* n : kMetricNames) known += (known.empty() ? "" : ", ") + std::string(n);
    throw ProviderError("InvalidParameterValue",
                        "Unknown metric '" + std::string(metric) + "' (one of " + known + ").");
  }
  if (step <= 0) throw ProviderError("InvalidParameterValue", "The step must be positive.");
  if (to < from) throw ProviderError("InvalidParameterValue", "The end of the range is before its start.");
  if ((to - from) / step + 1 > kMaxMetricPoints)
    throw ProviderError("InvalidParameterValue", "Too many data points requested: at most " +
                                                     std::to_string(kMaxMetricPoints) + "; use a larger step.");
  std::vector<MetricPoint> points;
  points.reserve(static_cast<size_t>((to - from) / step + 1));
  for (Millis t = from; t <= to; t += step) points.push_back({t, metric_value(s, *m, t)});
  return points;
}

}  // namespace cw::providers::simulated
