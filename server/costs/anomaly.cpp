#include "costs/anomaly.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>

namespace cw::costs {

namespace chrono = std::chrono;

namespace {

constexpr int kWeek = 7;
constexpr double kMadToSigma = 1.4826;
// A scale of zero (a perfectly flat series) would make any cent an infinite score: the scale is
// at least this share of the expected amount. The money thresholds decide on such series.
constexpr double kMinScaleShare = 0.01;
// month_position() values map to 31 slots: 1…28, then 100…102.
constexpr int kMonthSlots = 31;

int slot_of(int position) { return position <= 28 ? position - 1 : 28 + position - 100; }

int month_ordinal(Day day) {
  chrono::year_month_day ymd(day);
  return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

/// The median of the same weekday in the previous `weeks` weeks of `clean` (fewer near the start).
double weekday_baseline(const std::vector<double>& clean, size_t t, int weeks) {
  std::vector<double> same_weekday;
  for (int k = 1; k <= weeks && static_cast<size_t>(k * kWeek) <= t; ++k)
    same_weekday.push_back(clean[t - static_cast<size_t>(k * kWeek)]);
  return median(std::move(same_weekday));
}

}  // namespace

std::vector<Anomaly> detect_anomalies(const DailySeries& series, const AnomalySettings& settings) {
  std::vector<Anomaly> found;
  const std::vector<double>& y = series.amounts;
  if (y.empty()) return found;
  // The series as the weekday baseline sees it: a spike (an anomaly over before it became a level
  // shift) replaced by its baseline, an expected monthly charge taken out, and after a level shift
  // the weeks before it moved to the new level. Otherwise a fee on the 1st, a spike and another fee
  // falling on the same weekday would be three of the five values the median is taken from.
  // (Only anomalies that are over are replaced: replacing each anomalous day at once kept
  // baselines at an old level for good when a rise pushed isolated days over the threshold.)
  std::vector<double> clean = y;
  // By (month, day-of-month slot): the deviation from the weekday baseline when it stood out, else 0;
  // NaN for days not seen. Monthly charges are recognised from it.
  const int first_month = month_ordinal(series.first);
  std::vector<double> by_month_slot(static_cast<size_t>(month_ordinal(series.last()) - first_month + 1) * kMonthSlots,
                                    NAN);
  // Residuals of the last scale_days ordinary days, relative to their expected amount: bills vary
  // in proportion to their size, so a weekend of 600 and a weekday of 1,000 share one scale.
  std::deque<double> recent;

  struct Episode {
    size_t anomaly;  // index in `found`
    int sign;
    size_t start, last;
    std::vector<double> residuals;
    std::vector<double> ratios;     // actual / expected, while both are positive
    std::vector<double> baselines;  // the weekday baseline of each day
  };
  std::optional<Episode> open;
  auto close = [&] {
    if (!open) return;
    for (size_t s = open->start; s <= open->last; ++s) clean[s] = open->baselines[s - open->start];
    open.reset();
  };

  for (size_t t = kWeek; t < y.size(); ++t) {
    const Day day = series.first + chrono::days(static_cast<int>(t));
    const int position_slot = slot_of(month_position(day));
    const int month = month_ordinal(day) - first_month;
    const double weekday = weekday_baseline(clean, t, settings.baseline_weeks);
    std::vector<double> magnitudes;
    for (double r : recent) magnitudes.push_back(std::abs(r));
    const double relative_sigma = kMadToSigma * median(std::move(magnitudes));
    auto score_of = [&](double deviation, double base) {
      return deviation / std::max({relative_sigma * std::abs(base), kMinScaleShare * std::abs(base), 1e-9});
    };
    auto beyond_noise = [&](double deviation, double base) {
      return std::abs(score_of(deviation, base)) >= settings.min_score &&
             std::abs(deviation) >= std::max(settings.min_impact, settings.min_relative_impact * std::abs(base));
    };

    // A charge that stood out on this day of the month in each of the last two months is expected
    // (a support fee, a commitment, tax): the smaller of the two. Once it fails to come, that month
    // alerts and the next does not expect it any more.
    const double weekday_residual = y[t] - weekday;
    double& this_month = by_month_slot[static_cast<size_t>(month * kMonthSlots + position_slot)];
    this_month = beyond_noise(weekday_residual, weekday) ? weekday_residual : 0.0;
    double monthly = 0;
    if (month >= 2) {
      const double a = by_month_slot[static_cast<size_t>((month - 1) * kMonthSlots + position_slot)];
      const double b = by_month_slot[static_cast<size_t>((month - 2) * kMonthSlots + position_slot)];
      if (a * b > 0) monthly = std::abs(a) < std::abs(b) ? a : b;  // false for NaN (no such day)
    }

    const double expected = weekday + monthly;
    const double residual = y[t] - expected;
    const double score = score_of(residual, expected);
    const bool anomalous = static_cast<int>(t) >= settings.min_history_days && beyond_noise(residual, expected);
    const int sign = residual > 0 ? 1 : -1;

    // Hysteresis: an anomaly goes on while the next days stay on its side at half the score. A
    // rise too small for every day to cross the threshold then still becomes one anomaly and,
    // lasting, a level shift, instead of an alert on every other day until the baseline catches up.
    const bool continues =
        open && open->sign == sign && open->last + 1 == t && std::abs(score) >= settings.min_score / 2;
    if (!anomalous && !continues) {
      close();
      clean[t] = y[t] - monthly;
      recent.push_back(residual / std::max(std::abs(expected), 1e-9));
      if (static_cast<int>(recent.size()) > settings.scale_days) recent.pop_front();
      continue;
    }
    if (continues) {
      Anomaly& a = found[open->anomaly];
      ++a.days;
      a.total_impact += residual;
      open->last = t;
      open->residuals.push_back(residual);
      open->baselines.push_back(weekday);
      if (expected > 0 && y[t] >= 0) open->ratios.push_back(y[t] / expected);
      if (a.days >= settings.shift_days) {
        // The level moved: its new value is the normal from now on. The days of the episode keep
        // their amounts, the weeks before it are scaled by the typical ratio (bills move in
        // proportion: a weekend stays cheaper than a weekday), so the next days' baselines are at
        // the new level and the shift alerts once. From or to nothing there is no ratio: shifted.
        const size_t window = static_cast<size_t>(settings.baseline_weeks * kWeek);
        const size_t from = open->start > window ? open->start - window : 0;
        const bool proportional = open->ratios.size() == open->residuals.size();
        const double ratio = median(open->ratios), shift = median(open->residuals);
        for (size_t s = from; s < open->start; ++s) clean[s] = proportional ? clean[s] * ratio : clean[s] + shift;
        for (size_t s = open->start; s <= t; ++s) clean[s] = y[s];
        a.level_shift = true;
        open.reset();
      }
      continue;
    }
    close();
    found.push_back(Anomaly{day, expected, y[t], residual, residual, score, 1, false});
    open = Episode{found.size() - 1, sign, t, t, {residual}, {}, {weekday}};
    if (expected > 0 && y[t] >= 0) open->ratios.push_back(y[t] / expected);
  }
  return found;
}

std::vector<Driver> rank_drivers(const Anomaly& anomaly, std::span<const DriverSeries> drivers,
                                 const AnomalySettings& settings) {
  std::vector<Driver> ranked;
  ranked.reserve(drivers.size());
  for (const auto& d : drivers) {
    std::vector<double> same_weekday;
    for (int k = 1; k <= settings.baseline_weeks; ++k)
      same_weekday.push_back(d.series.at(anomaly.date - chrono::days(k * kWeek)));
    Driver r{d.dimension, d.key, median(std::move(same_weekday)), d.series.at(anomaly.date), 0, 0};
    r.contribution = r.actual - r.expected;
    r.share = anomaly.impact != 0 ? r.contribution / anomaly.impact : 0;
    ranked.push_back(std::move(r));
  }
  const double direction = anomaly.impact < 0 ? -1 : 1;
  std::stable_sort(ranked.begin(), ranked.end(), [direction](const Driver& a, const Driver& b) {
    return a.contribution * direction > b.contribution * direction;
  });
  return ranked;
}

}  // namespace cw::costs
