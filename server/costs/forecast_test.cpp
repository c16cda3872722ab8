// Forecasts on series whose future is known: a line, a weekly pattern, a flat and an empty series,
// a few days of history, monthly charges, a spike; and on a noisy series the 80 % intervals hold
// the truth about 80 % of the time.
#include "costs/forecast.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

namespace cw::costs {
namespace {

using std::chrono::days;

Day day(const char* text) { return *parse_date(text); }

/// `count` days from `first`, amount f(i) on day i.
DailySeries series(const char* first, int count, const std::function<double(int)>& f) {
  DailySeries s{day(first), {}};
  for (int i = 0; i < count; ++i) s.amounts.push_back(f(i));
  return s;
}

/// The true total of `month` (YYYY-MM) for a series defined by f over days from `first`.
double true_total(const char* first, const std::string& month, const std::function<double(int)>& f) {
  double total = 0;
  for (int i = 0; i < 800; ++i)
    if (format_date(day(first) + days(i)).substr(0, 7) == month) total += f(i);
  return total;
}

TEST(ForecastDates, ParseFormatAndDensify) {
  EXPECT_EQ(format_date(day("2026-02-28") + days(1)), "2026-03-01");
  EXPECT_EQ(format_date(day("2024-02-28") + days(1)), "2024-02-29");
  EXPECT_FALSE(parse_date("2026-02-30"));
  EXPECT_FALSE(parse_date("2026-2-03"));
  EXPECT_FALSE(parse_date("2026-02-03T00:00"));
  EXPECT_FALSE(parse_date("2026-0a-03"));

  std::vector<DatedAmount> rows = {{"2026-03-04", 5}, {"2026-03-01", 1}, {"2026-03-04", 2.5}};
  DailySeries s = daily_series(rows);
  EXPECT_EQ(format_date(s.first), "2026-03-01");
  EXPECT_EQ(s.amounts, (std::vector<double>{1, 0, 0, 7.5}));  // gaps are 0, one day's rows summed
  EXPECT_EQ(s.at(day("2026-02-01")), 0);
  EXPECT_TRUE(daily_series({}).empty());
  std::vector<DatedAmount> bad = {{"03/04/2026", 1}};
  EXPECT_THROW(daily_series(bad), std::invalid_argument);

  EXPECT_EQ(month_position(day("2026-03-01")), 1);
  EXPECT_EQ(month_position(day("2026-03-28")), 28);
  EXPECT_EQ(month_position(day("2026-03-31")), 100);
  EXPECT_EQ(month_position(day("2026-02-28")), 100);  // the last day, whatever the month's length
  EXPECT_EQ(month_position(day("2026-02-26")), 102);
  EXPECT_EQ(median({3, 1, 2}), 2);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
}

TEST(Forecast, FollowsALinearTrend) {
  auto f = [](int i) { return 100 + 2.0 * i; };
  DailySeries s = series("2026-01-01", 120, f);  // to 2026-04-30
  for (auto method : {ForecastMethod::kHoltWinters, ForecastMethod::kLeastSquares}) {
    CostForecast fc = forecast_costs(s, day("2026-04-14"), {3, 0.8, method});
    SCOPED_TRACE(std::string(method_name(method)));
    EXPECT_EQ(fc.method, method);
    EXPECT_EQ(fc.month_end.month, "2026-04");
    EXPECT_NEAR(fc.month_end.actual, true_total("2026-01-01", "2026-04", [&](int i) { return i < 104 ? f(i) : 0; }),
                1e-6);
    EXPECT_NEAR(fc.month_end.expected, true_total("2026-01-01", "2026-04", f),
                0.02 * true_total("2026-01-01", "2026-04", f));
    ASSERT_EQ(fc.months.size(), 3u);
    EXPECT_EQ(fc.months[0].month, "2026-05");
    EXPECT_EQ(fc.months[2].month, "2026-07");
    EXPECT_EQ(fc.months[0].actual, 0);
    // Months ahead grow, though Holt-Winters damps the trend (by 2 % a day) so a few noisy weeks
    // cannot run away over a quarter: between no growth and the line.
    const double may = true_total("2026-01-01", "2026-05", f);
    EXPECT_GT(fc.months[0].expected, 31 * f(103));
    EXPECT_LE(fc.months[0].expected, may + 1e-6);
    EXPECT_GT(fc.months[0].expected, 0.9 * may);
    EXPECT_GT(fc.months[1].expected, fc.months[0].expected * 30 / 31);
    for (const auto& m : fc.months) {
      EXPECT_LE(m.lower, m.expected);
      EXPECT_GE(m.upper, m.expected);
    }
  }
  // Least squares extrapolates the line exactly.
  CostForecast ls = forecast_costs(s, day("2026-04-14"), {3, 0.8, ForecastMethod::kLeastSquares});
  EXPECT_NEAR(ls.months[2].expected, true_total("2026-01-01", "2026-07", f), 1e-6);
}

TEST(Forecast, RepeatsAWeeklyPattern) {
  // Weekdays 100, weekends 40 (2026-01-03 is a Saturday).
  auto f = [](int i) { return (i + 5) % 7 >= 5 ? 40.0 : 100.0; };
  DailySeries s = series("2026-01-01", 150, f);
  CostForecast fc = forecast_costs(s, day("2026-05-20"), {});
  EXPECT_EQ(fc.method, ForecastMethod::kHoltWinters);
  const int ahead = static_cast<int>((day("2026-05-20") - day("2026-01-01")).count()) + 1;
  for (int i = 0; i < 14; ++i) EXPECT_NEAR(fc.daily[static_cast<size_t>(i)], f(ahead + i), 0.5) << i;
  EXPECT_NEAR(fc.month_end.expected, true_total("2026-01-01", "2026-05", f), 1);
  for (size_t k = 0; k < 3; ++k) {
    const std::string month = fc.months[k].month;
    EXPECT_NEAR(fc.months[k].expected, true_total("2026-01-01", month, f), 0.01 * true_total("2026-01-01", month, f))
        << month;
  }
}

TEST(Forecast, FlatAndZeroSeries) {
  DailySeries flat = series("2026-01-01", 100, [](int) { return 50.0; });
  CostForecast fc = forecast_costs(flat, day("2026-04-10"));
  EXPECT_NEAR(fc.month_end.expected, 50.0 * 30, 1e-6);
  EXPECT_NEAR(fc.month_end.upper - fc.month_end.lower, 0, 1e-6);  // nothing varies, nothing is uncertain
  EXPECT_NEAR(fc.months[0].expected, 50.0 * 31, 1e-6);

  DailySeries zeros = series("2026-01-01", 100, [](int) { return 0.0; });
  for (const DailySeries& s : {zeros, DailySeries{}}) {
    CostForecast z = forecast_costs(s, day("2026-04-10"));
    EXPECT_EQ(z.month_end.expected, 0);
    EXPECT_EQ(z.month_end.upper, 0);
    ASSERT_EQ(z.months.size(), 3u);
    for (const auto& m : z.months) EXPECT_EQ(m.upper, 0);
  }
}

TEST(Forecast, ShortHistoryUsesTheRunRate) {
  // Three days of 10 after two months of nothing: the scope is new.
  DailySeries s = series("2026-02-01", 62, [](int i) { return i >= 59 ? 10.0 : 0.0; });  // to 2026-04-03
  CostForecast fc = forecast_costs(s, day("2026-04-03"));
  EXPECT_EQ(fc.method, ForecastMethod::kRunRate);
  EXPECT_NEAR(fc.month_end.actual, 30, 1e-9);
  EXPECT_NEAR(fc.month_end.expected, 300, 1e-9);
  EXPECT_NEAR(fc.months[0].expected, 310, 1e-9);
  // Two days say little: the interval is wide but holds the run rate.
  CostForecast two = forecast_costs(series("2026-04-01", 2, [](int i) { return i ? 12.0 : 8.0; }), day("2026-04-02"));
  EXPECT_EQ(two.method, ForecastMethod::kRunRate);
  EXPECT_NEAR(two.month_end.expected, 20 + 28 * 10, 1e-9);
  EXPECT_LT(two.month_end.lower, 250);
  EXPECT_GT(two.month_end.upper, 350);
  EXPECT_GE(two.month_end.lower, 20);  // never below what is already billed
  // Holt-Winters asked for with too little history falls back too.
  EXPECT_EQ(forecast_costs(s, day("2026-04-03"), {3, 0.8, ForecastMethod::kHoltWinters}).method,
            ForecastMethod::kRunRate);
}

TEST(Forecast, DaysWithoutCostsUpToAsOfCountAsZero) {
  DailySeries s = series("2026-04-01", 5, [](int) { return 10.0; });
  CostForecast fc = forecast_costs(s, day("2026-04-07"));  // two days without rows
  EXPECT_NEAR(fc.month_end.actual, 50, 1e-9);
  EXPECT_LT(fc.month_end.expected, 50 + 23 * 10);  // the last week's mean includes the two zero days
  // A month already over is what was billed.
  CostForecast over = forecast_costs(series("2026-03-01", 31, [](int) { return 3.0; }), day("2026-03-31"));
  EXPECT_EQ(over.month_end.expected, 93);
  EXPECT_EQ(over.month_end.upper, 93);
  EXPECT_EQ(over.months[0].month, "2026-04");
}

TEST(Forecast, ASpikeDoesNotLiftTheForecast) {
  auto f = [](int i) { return 200.0 + 10 * std::sin(i * 0.9); };
  DailySeries s = series("2026-01-01", 100, [&](int i) { return i == 97 ? 5000.0 : f(i); });  // spike 2026-04-08
  CostForecast fc = forecast_costs(s, day("2026-04-10"));
  const double rest = fc.month_end.expected - fc.month_end.actual;
  EXPECT_NEAR(rest, 20 * 200, 0.05 * 20 * 200);
  EXPECT_NEAR(fc.months[0].expected, 31 * 200, 0.05 * 31 * 200);
}

TEST(Forecast, MonthlyChargesRecur) {
  // 100 a day and a 3,000 commitment fee on the first of each month.
  auto f = [](int i) { return 100.0 + (format_date(day("2025-10-01") + days(i)).substr(8) == "01" ? 3000.0 : 0.0); };
  DailySeries s = series("2025-10-01", 200, f);
  CostForecast fc = forecast_costs(s, day("2026-04-15"));
  EXPECT_NEAR(fc.month_end.expected, 3000 + 30 * 100, 50);
  EXPECT_NEAR(fc.months[0].expected, 3000 + 31 * 100, 50);
  EXPECT_NEAR(fc.months[1].expected, 3000 + 30 * 100, 50);
}

TEST(Forecast, IntervalsHoldTheTruthAboutEightyPercentOfTheTime) {
  // Level 1,000 with a weekly pattern, a random-walk drift and 10 % noise: the month-end forecast
  // and the next month's, made on days 7, 14 or 21, on 60 series × 4 dates.
  int inside = 0, total = 0;
  for (unsigned seed = 1; seed <= 60; ++seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 100), drift(0, 4);
    std::vector<double> level_path(400);
    double level = 1000;
    for (auto& l : level_path) l = level += drift(rng);
    std::vector<double> y(400);
    for (int i = 0; i < 400; ++i)
      y[static_cast<size_t>(i)] = level_path[static_cast<size_t>(i)] + ((i + 5) % 7 >= 5 ? -200 : 80) + noise(rng);
    DailySeries full{day("2025-01-01"), y};
    auto total_of = [&](const std::string& month) {
      double t = 0;
      for (int i = 0; i < 400; ++i)
        if (format_date(full.first + days(i)).substr(0, 7) == month) t += y[static_cast<size_t>(i)];
      return t;
    };
    for (const char* as_of : {"2025-06-07", "2025-08-14", "2025-10-21", "2025-12-14"}) {
      CostForecast fc = forecast_costs(full, day(as_of), {1, 0.8, ForecastMethod::kAuto});
      for (const MonthForecast* m : {&fc.month_end, &fc.months[0]}) {
        const double truth = total_of(m->month);
        inside += truth >= m->lower && truth <= m->upper;
        ++total;
      }
    }
  }
  const double coverage = static_cast<double>(inside) / total;
  EXPECT_GT(coverage, 0.70);
  EXPECT_LT(coverage, 0.92);
}

}  // namespace
}  // namespace cw::costs
