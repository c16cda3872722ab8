#pragma once
/// Cost anomalies in a scope's daily costs, and what drove one. Pure functions, no database: the
/// costs service hands in the daily rollups of a scope (a service, an account) and stores what
/// comes back. Method and thresholds are described in docs/cost-forecasting.md.
///
/// A day is anomalous when it is far from its seasonal baseline (the median of the same weekday
/// over the previous weeks, plus a charge that recurs on that day of the month) both in robust
/// standard deviations (median absolute deviation of recent residuals) and in money. The days after
/// it that stay on the same side at half that score belong to the same anomaly; when it lasts
/// `shift_days` the level has moved, and the baseline takes the new level, so a step change alerts once.
#include <span>
#include <string>
#include <vector>

#include "costs/forecast.hpp"

namespace cw::costs {

struct AnomalySettings {
  int baseline_weeks = 5;     // the baseline is the median of this many same weekdays before
  int min_history_days = 21;  // no verdict before three weeks: a median of 3 resists one spike
  double min_score = 4;    // robust z-score: (actual − expected) / (1.4826 × MAD of relative residuals × expected)
  double min_impact = 10;  // money: smaller deviations never alert, whatever their score
  double min_relative_impact = 0.1;  // nor deviations under this share of the expected amount
  int shift_days = 3;                // an anomaly lasting this long is a level shift, the new normal
  int scale_days = 91;               // recent ordinary days the MAD is taken over (a quarter: a steady scale)
};

struct Anomaly {
  Day date;             // its first day
  double expected = 0;  // the baseline of that day
  double actual = 0;
  double impact = 0;         // actual − expected on its first day
  double total_impact = 0;   // the same summed over its days
  double score = 0;          // robust z-score of the first day (signed)
  int days = 1;              // consecutive days it lasted (on the same side, at half the score)
  bool level_shift = false;  // it lasted shift_days: the level moved and the baseline follows it
};

/// Every anomaly of the series, oldest first. Days before min_history_days are never anomalous.
std::vector<Anomaly> detect_anomalies(const DailySeries& series, const AnomalySettings& settings = {});

/// A slice of the scope's cost (one service, account, region or resource) over the same days.
struct DriverSeries {
  std::string dimension;  // "service", "account", "region", "resource"
  std::string key;        // "Compute", "123456789012", "us-east-1", an external id
  DailySeries series;
};

struct Driver {
  std::string dimension, key;
  double expected = 0;  // its same-weekday median baseline on the anomaly's day
  double actual = 0;
  double contribution = 0;  // actual − expected
  double share = 0;         // contribution / the anomaly's impact: within a dimension these add up to about 1
};

/// The slices ranked by how much they moved in the anomaly's direction, the biggest first (a slice
/// that moved the other way comes last). Slices of different dimensions overlap: read the ranking
/// per dimension ("Compute, then Storage"; "us-east-1").
std::vector<Driver> rank_drivers(const Anomaly& anomaly, std::span<const DriverSeries> drivers,
                                 const AnomalySettings& settings = {});

}  // namespace cw::costs
