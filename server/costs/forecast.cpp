#include "costs/forecast.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>

namespace cw::costs {

namespace chrono = std::chrono;

std::optional<Day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  chrono::year_month_day ymd{chrono::year(parts[0]), chrono::month(static_cast<unsigned>(parts[1])),
                             chrono::day(static_cast<unsigned>(parts[2]))};
  if (!ymd.ok()) return std::nullopt;
  return Day(ymd);
}

std::string format_date(Day day) {
  chrono::year_month_day ymd(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

double DailySeries::at(Day day) const {
  const auto i = (day - first).count();
  return i >= 0 && i < static_cast<long>(amounts.size()) ? amounts[static_cast<size_t>(i)] : 0.0;
}

DailySeries daily_series(std::span<const DatedAmount> rows) {
  std::vector<std::pair<Day, double>> days;
  days.reserve(rows.size());
  for (const auto& row : rows) {
    auto day = parse_date(row.date);
    if (!day) throw std::invalid_argument("not a YYYY-MM-DD date: '" + row.date + "'");
    days.emplace_back(*day, row.amount);
  }
  DailySeries series;
  if (days.empty()) return series;
  auto [lo, hi] = std::minmax_element(days.begin(), days.end());
  series.first = lo->first;
  series.amounts.assign(static_cast<size_t>((hi->first - lo->first).count() + 1), 0.0);
  for (const auto& [day, amount] : days) series.amounts[static_cast<size_t>((day - series.first).count())] += amount;
  return series;
}

int month_position(Day day) {
  chrono::year_month_day ymd(day);
  const unsigned dom = static_cast<unsigned>(ymd.day());
  const unsigned dim = static_cast<unsigned>(chrono::year_month_day_last(ymd.year(), ymd.month() / chrono::last).day());
  return dim - dom < 3 ? 100 + static_cast<int>(dim - dom) : static_cast<int>(dom);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(mid), values.end());
  double m = values[mid];
  if (values.size() % 2 == 0) m = (m + *std::max_element(values.begin(), values.begin() + static_cast<long>(mid))) / 2;
  return m;
}

std::string_view method_name(ForecastMethod method) {
  switch (method) {
    case ForecastMethod::kAuto:
      return "auto";
    case ForecastMethod::kHoltWinters:
      return "holt-winters";
    case ForecastMethod::kLeastSquares:
      return "least-squares";
    case ForecastMethod::kRunRate:
      return "run-rate";
  }
  return "unknown";
}

namespace {

constexpr int kWeek = 7;
constexpr int kHoltWintersMinDays = 28;   // four weeks: two to start the weekly pattern, two to fit it
constexpr int kLeastSquaresMinDays = 14;  // every weekday twice
constexpr int kLeastSquaresWindow = 91;   // the last 13 weeks: recent enough to follow the trend
constexpr double kOutlierMads = 4.0;      // errors beyond this many robust sigmas are outliers
constexpr int kNewLevelDays = 3;          // … unless they keep coming in one direction: then it is a new level
constexpr int kRecurringMonths = 6;       // how far back a monthly charge is looked for
constexpr double kMadToSigma = 1.4826;    // MAD of a normal distribution × this = its sigma

/// sigma estimated robustly from residuals: 1.4826 × their median absolute deviation from 0.
double robust_sigma(std::span<const double> residuals) {
  std::vector<double> magnitudes;
  magnitudes.reserve(residuals.size());
  for (double r : residuals) magnitudes.push_back(std::abs(r));
  return kMadToSigma * median(std::move(magnitudes));
}

/// z such that P(|N(0,1)| ≤ z) = coverage, by bisection on erf (called once per forecast).
double two_sided_z(double coverage) {
  double lo = 0, hi = 10;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (std::erf(mid / std::sqrt(2.0)) < coverage ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

/// The daily forecast of a model: expected amount of each day ahead (index 0 = as_of + 1) and the
/// variance of the sum of days [from, to] (indexes, inclusive), which is not the sum of the daily
/// variances: one day's error carries into the following days through the model's state.
struct DailyPath {
  std::vector<double> mean;
  std::function<double(int from, int to)> sum_variance;
};

// --- Run rate: the last week's mean day carried forward. For a few days of history. -----------------

DailyPath run_rate(std::span<const double> y, int horizon) {
  const size_t n = std::min<size_t>(y.size(), kWeek);
  const auto recent = y.subspan(y.size() - n);
  double mean = 0;
  for (double v : recent) mean += v / static_cast<double>(n);
  double var = 0;
  for (double v : recent) var += (v - mean) * (v - mean);
  // Two days do not tell a spread: assume a day varies by a fifth, as cloud bills commonly do.
  var = n >= 3 ? var / static_cast<double>(n - 1) : 0.04 * mean * mean;
  DailyPath path;
  path.mean.assign(static_cast<size_t>(horizon), mean);
  // H days of noise around a mean that is itself estimated from n days: H·σ² + H²·σ²/n.
  path.sum_variance = [var, n](int from, int to) {
    const double h = to - from + 1;
    return h * var + h * h * var / static_cast<double>(n);
  };
  return path;
}

// --- Holt-Winters: additive weekly seasonality, damped additive trend (ETS(A,Ad,A)), robust. ---------

struct HoltWintersParams {
  double alpha, beta, gamma, phi;  // innovations form: beta = alpha × beta*, gamma as in textbooks
};

struct HoltWintersState {
  double level = 0, trend = 0;
  std::array<double, kWeek> season{};  // indexed by day index mod 7
  double sigma = 0;                    // running robust scale of the one-step errors
  int run = 0;                         // consecutive errors beyond the band, signed by direction
};

constexpr double kScaleMemory = 0.05;       // weight of today's error in the running scale (~20 days)
constexpr double kMinScaleShare = 0.005;    // the scale is at least this share of the level
constexpr double kMeanAbsToSigma = 1.2533;  // mean absolute deviation of a normal distribution × this = its sigma

/// Starts from the first two weeks: the level is their mean, the trend 0 (learned, not guessed from
/// two noisy weeks), each weekday's effect its mean difference from its week's mean, the scale
/// from the week-over-week differences.
HoltWintersState start_state(std::span<const double> y) {
  HoltWintersState s;
  double week_mean[2] = {0, 0};
  for (int w = 0; w < 2; ++w)
    for (int d = 0; d < kWeek; ++d) week_mean[w] += y[static_cast<size_t>(w * kWeek + d)] / kWeek;
  s.level = (week_mean[0] + week_mean[1]) / 2;
  for (size_t d = 0; d < kWeek; ++d) {
    s.season[d] = (y[d] - week_mean[0] + y[d + kWeek] - week_mean[1]) / 2;
    s.sigma += kMeanAbsToSigma * std::abs(y[d + kWeek] - y[d]) / std::sqrt(2.0) / kWeek;
  }
  return s;
}

struct Filtered {
  std::vector<double> errors;   // one-step errors of the raw days
  std::vector<double> clipped;  // the same after clipping: what the model learned from
  HoltWintersState state;       // after the last day
};

/// One-step errors through the data. An error beyond kOutlierMads scales is clipped to the band
/// before it updates the state (robust Holt-Winters, after Gelper, Fried & Croux 2010): a spike or
/// a monthly fee does not lift the level for weeks. kNewLevelDays such errors in a row in one
/// direction are a new level and pass unclipped.
Filtered filter(std::span<const double> y, const HoltWintersParams& p) {
  Filtered out{std::vector<double>(y.size()), std::vector<double>(y.size()), start_state(y)};
  HoltWintersState& s = out.state;
  for (size_t t = 0; t < y.size(); ++t) {
    double& season = s.season[t % kWeek];
    const double error = y[t] - (s.level + p.phi * s.trend + season);
    const double band = kOutlierMads * std::max({s.sigma, kMinScaleShare * std::abs(s.level), 1e-9});
    double used = error;
    if (std::abs(error) > band) {
      const int direction = error > 0 ? 1 : -1;
      s.run = s.run * direction > 0 ? s.run + direction : direction;
      if (std::abs(s.run) < kNewLevelDays) used = direction * band;
    } else {
      s.run = 0;
    }
    out.errors[t] = error;
    out.clipped[t] = used;
    s.level += p.phi * s.trend + p.alpha * used;
    s.trend = p.phi * s.trend + p.beta * used;
    season += p.gamma * used;
    s.sigma = (1 - kScaleMemory) * s.sigma + kScaleMemory * kMeanAbsToSigma * std::min(std::abs(used), band);
  }
  return out;
}

/// The sum of squared clipped errors from the third week on (the first two start the state).
double sse(std::span<const double> y, const HoltWintersParams& p) {
  const Filtered f = filter(y, p);
  double total = 0;
  for (size_t t = 2 * kWeek; t < y.size(); ++t) total += f.clipped[t] * f.clipped[t];
  return total;
}

/// The grid point with the least one-step squared error. A small grid, not an optimiser: 84
/// filters of a year of days take microseconds, the surface is flat near its minimum, and the
/// result does not depend on a starting point.
HoltWintersParams fit(std::span<const double> y) {
  static constexpr double kAlphas[] = {0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5};
  static constexpr double kTrendShares[] = {0, 0.02, 0.1};  // beta* = share of alpha given to the trend
  static constexpr double kGammas[] = {0.01, 0.05, 0.1, 0.2};
  constexpr double kPhi = 0.98;  // a daily trend halves in about five weeks: months ahead stay sane
  HoltWintersParams best{0.1, 0, 0.05, kPhi};
  double best_sse = INFINITY;
  for (double alpha : kAlphas)
    for (double share : kTrendShares)
      for (double gamma : kGammas) {
        HoltWintersParams p{alpha, alpha * share, gamma, kPhi};
        const double e = sse(y, p);
        if (e < best_sse) best_sse = e, best = p;
      }
  return best;
}

DailyPath holt_winters(std::span<const double> y, Day first, int horizon) {
  const HoltWintersParams p = fit(y);
  const Filtered f = filter(y, p);

  // What clipping took away and came back on the same day of most months is a monthly charge (a
  // support fee, a commitment, tax): the median of the errors at that day of the month over the
  // last months, counting unclipped days as 0, so it is non-zero only when it recurred in more than
  // half of them.
  std::map<int, std::vector<double>> removed_at;
  const size_t lookback = std::min(y.size(), static_cast<size_t>(kRecurringMonths * 31));
  for (size_t t = y.size() - lookback; t < y.size(); ++t)
    removed_at[month_position(first + chrono::days(static_cast<int>(t)))].push_back(
        f.clipped[t] != f.errors[t] ? f.errors[t] : 0.0);
  std::map<int, double> monthly_charge;
  for (auto& [position, amounts] : removed_at)
    if (amounts.size() >= 3) monthly_charge[position] = median(amounts);

  double sum_sq = 0;
  for (size_t t = 2 * kWeek; t < y.size(); ++t) sum_sq += f.clipped[t] * f.clipped[t];
  const double var = sum_sq / static_cast<double>(std::max<size_t>(1, y.size() - 2 * kWeek - 3));

  DailyPath path;
  path.mean.resize(static_cast<size_t>(horizon));
  double damped = 0;  // phi + phi² + … + phi^h
  for (int h = 1; h <= horizon; ++h) {
    damped = damped * p.phi + p.phi;
    const size_t t = y.size() + static_cast<size_t>(h) - 1;
    double charge = 0;
    if (auto it = monthly_charge.find(month_position(first + chrono::days(static_cast<int>(t))));
        it != monthly_charge.end())
      charge = it->second;
    path.mean[static_cast<size_t>(h - 1)] = f.state.level + damped * f.state.trend + f.state.season[t % kWeek] + charge;
  }
  // The error of day h ahead is ε_h + Σ_{j<h} c_j ε_{h−j}, c_j = α + β(φ + … + φ^j) + γ[j ≡ 0 mod 7]
  // (Hyndman et al., Forecasting with Exponential Smoothing, ch. 6). prefix[n] = c_0 + … + c_n
  // (c_0 = 1); the sum of days [A, B] weighs ε_k by prefix[B − k] − prefix[max(A, k) − k − 1].
  std::vector<double> prefix(static_cast<size_t>(horizon) + 1);
  double c_damped = 0;
  prefix[0] = 1;
  for (int j = 1; j <= horizon; ++j) {
    c_damped = c_damped * p.phi + p.phi;
    const double c = p.alpha + p.beta * c_damped + (j % kWeek == 0 ? p.gamma : 0.0);
    prefix[static_cast<size_t>(j)] = prefix[static_cast<size_t>(j - 1)] + c;
  }
  path.sum_variance = [prefix = std::move(prefix), var](int from, int to) {
    const int a = from + 1, b = to + 1;  // 1-based steps ahead
    double total = 0;
    for (int k = 1; k <= b; ++k) {
      const int below = std::max(a, k) - k - 1;
      const double w = prefix[static_cast<size_t>(b - k)] - (below >= 0 ? prefix[static_cast<size_t>(below)] : 0.0);
      total += w * w;
    }
    return var * total;
  };
  return path;
}

// --- Least squares (Koku's method, with weekday effects): y = a + b·t + weekday, outliers removed. ---

constexpr int kRegressors = 2 + kWeek - 1;  // intercept, day number, six weekday indicators
using Row = std::array<double, kRegressors>;
using Matrix = std::array<Row, kRegressors>;

Row regressors(int t, int weekday) {
  Row x{};
  x[0] = 1;
  x[1] = t;
  if (weekday > 0) x[static_cast<size_t>(1 + weekday)] = 1;
  return x;
}

/// The inverse of a symmetric positive definite matrix by Gauss-Jordan with partial pivoting;
/// nullopt when singular.
std::optional<Matrix> inverse(Matrix a) {
  Matrix inv{};
  for (int i = 0; i < kRegressors; ++i) inv[static_cast<size_t>(i)][static_cast<size_t>(i)] = 1;
  for (size_t col = 0; col < kRegressors; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < kRegressors; ++r)
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    if (std::abs(a[pivot][col]) < 1e-12) return std::nullopt;
    std::swap(a[col], a[pivot]);
    std::swap(inv[col], inv[pivot]);
    const double scale = a[col][col];
    for (size_t c = 0; c < kRegressors; ++c) a[col][c] /= scale, inv[col][c] /= scale;
    for (size_t r = 0; r < kRegressors; ++r) {
      if (r == col || a[r][col] == 0) continue;
      const double f = a[r][col];
      for (size_t c = 0; c < kRegressors; ++c) a[r][c] -= f * a[col][c], inv[r][c] -= f * inv[col][c];
    }
  }
  return inv;
}

std::optional<DailyPath> least_squares(std::span<const double> all, int horizon) {
  const size_t n = std::min<size_t>(all.size(), kLeastSquaresWindow);
  const auto y = all.subspan(all.size() - n);
  std::vector<bool> used(n, true);
  Row beta{};
  Matrix xtx_inv{};
  double var = 0;
  for (int pass = 0; pass < 2; ++pass) {
    Matrix xtx{};
    Row xty{};
    size_t count = 0;
    for (size_t t = 0; t < n; ++t) {
      if (!used[t]) continue;
      const Row x = regressors(static_cast<int>(t), static_cast<int>(t % kWeek));
      for (size_t i = 0; i < kRegressors; ++i) {
        xty[i] += x[i] * y[t];
        for (size_t j = 0; j < kRegressors; ++j) xtx[i][j] += x[i] * x[j];
      }
      ++count;
    }
    auto inv = inverse(xtx);
    if (!inv || count <= kRegressors) return std::nullopt;
    xtx_inv = *inv;
    for (size_t i = 0; i < kRegressors; ++i) {
      beta[i] = 0;
      for (size_t j = 0; j < kRegressors; ++j) beta[i] += xtx_inv[i][j] * xty[j];
    }
    std::vector<double> residuals(n);
    double sum_sq = 0;
    for (size_t t = 0; t < n; ++t) {
      const Row x = regressors(static_cast<int>(t), static_cast<int>(t % kWeek));
      double fitted = 0;
      for (size_t i = 0; i < kRegressors; ++i) fitted += beta[i] * x[i];
      residuals[t] = y[t] - fitted;
      if (used[t]) sum_sq += residuals[t] * residuals[t];
    }
    var = sum_sq / static_cast<double>(count - kRegressors);
    // Pass 1 marks the outliers for pass 2 to leave out.
    const double sigma = robust_sigma(residuals);
    if (pass == 0)
      for (size_t t = 0; t < n; ++t) used[t] = std::abs(residuals[t]) <= kOutlierMads * sigma;
  }

  DailyPath path;
  std::vector<Row> future(static_cast<size_t>(horizon));
  path.mean.resize(static_cast<size_t>(horizon));
  for (int h = 0; h < horizon; ++h) {
    const int t = static_cast<int>(n) + h;
    future[static_cast<size_t>(h)] = regressors(t, t % kWeek);
    double m = 0;
    for (size_t i = 0; i < kRegressors; ++i) m += beta[i] * future[static_cast<size_t>(h)][i];
    path.mean[static_cast<size_t>(h)] = m;
  }
  // A sum of H future days: H·σ² of their own noise + gᵀ(XᵀX)⁻¹g·σ² for the fitted line, g = Σ x.
  path.sum_variance = [future = std::move(future), xtx_inv, var](int from, int to) {
    Row g{};
    for (int h = from; h <= to; ++h)
      for (size_t i = 0; i < kRegressors; ++i) g[i] += future[static_cast<size_t>(h)][i];
    double quad = 0;
    for (size_t i = 0; i < kRegressors; ++i)
      for (size_t j = 0; j < kRegressors; ++j) quad += g[i] * xtx_inv[i][j] * g[j];
    return var * (to - from + 1 + quad);
  };
  return path;
}

Day month_end_of(Day day) {
  chrono::year_month_day ymd(day);
  return Day(chrono::year_month_day_last(ymd.year(), ymd.month() / chrono::last));
}

std::string month_text(Day day) { return format_date(day).substr(0, 7); }

}  // namespace

CostForecast forecast_costs(const DailySeries& history, Day as_of, const ForecastSettings& settings) {
  CostForecast out;
  out.as_of = as_of;

  // The days the forecast learns from: the first day with any cost up to as_of.
  std::vector<double> y;
  Day first = as_of + chrono::days(1);
  bool non_negative = true;
  for (Day d = history.first; !history.empty() && d <= std::min(history.last(), as_of); d += chrono::days(1)) {
    const double v = history.at(d);
    if (y.empty() && v == 0) continue;
    if (y.empty()) first = d;
    y.push_back(v);
    non_negative = non_negative && v >= 0;
  }
  if (!y.empty())
    for (Day d = first + chrono::days(static_cast<int>(y.size())); d <= as_of; d += chrono::days(1)) y.push_back(0);

  // The horizon: the rest of as_of's month, then months_ahead whole months.
  const Day month_last = month_end_of(as_of);
  Day last = month_last;
  for (int m = 0; m < settings.months_ahead; ++m) last = month_end_of(last + chrono::days(1));
  const int horizon = static_cast<int>((last - as_of).count());

  ForecastMethod method = settings.method;
  const int n = static_cast<int>(y.size());
  if (method == ForecastMethod::kAuto)
    method = n >= kHoltWintersMinDays ? ForecastMethod::kHoltWinters : ForecastMethod::kRunRate;
  if (method == ForecastMethod::kHoltWinters && n < kHoltWintersMinDays) method = ForecastMethod::kRunRate;
  if (method == ForecastMethod::kLeastSquares && n < kLeastSquaresMinDays) method = ForecastMethod::kRunRate;

  DailyPath path;
  if (y.empty()) {
    path.mean.assign(static_cast<size_t>(horizon), 0.0);
    path.sum_variance = [](int, int) { return 0.0; };
  } else if (method == ForecastMethod::kHoltWinters) {
    path = holt_winters(y, first, horizon);
  } else if (method == ForecastMethod::kLeastSquares) {
    auto fitted = least_squares(y, horizon);
    if (fitted) {
      path = std::move(*fitted);
    } else {
      method = ForecastMethod::kRunRate;
    }
  }
  if (!y.empty() && method == ForecastMethod::kRunRate) path = run_rate(y, horizon);
  out.method = method;

  // A scope that never had a credit is not forecast to get one.
  if (non_negative)
    for (double& v : path.mean) v = std::max(v, 0.0);
  out.daily = path.mean;

  const double z = two_sided_z(settings.coverage);
  auto month = [&](Day month_first, Day month_last_day) {
    MonthForecast f;
    f.month = month_text(month_first);
    for (Day d = month_first; d <= std::min(month_last_day, as_of); d += chrono::days(1))
      f.actual += !y.empty() && d >= first ? y[static_cast<size_t>((d - first).count())] : 0.0;
    f.expected = f.lower = f.upper = f.actual;
    if (month_last_day <= as_of) return f;
    const int from = static_cast<int>((std::max(month_first, as_of + chrono::days(1)) - as_of).count()) - 1;
    const int to = static_cast<int>((month_last_day - as_of).count()) - 1;
    double sum = 0;
    for (int i = from; i <= to; ++i) sum += path.mean[static_cast<size_t>(i)];
    const double half_width = z * std::sqrt(std::max(0.0, path.sum_variance(from, to)));
    f.expected = f.actual + sum;
    f.lower = f.actual + (non_negative ? std::max(0.0, sum - half_width) : sum - half_width);
    f.upper = f.actual + sum + half_width;
    return f;
  };
  chrono::year_month_day ymd(as_of);
  out.month_end = month(Day(ymd.year() / ymd.month() / 1), month_last);
  for (Day start = month_last + chrono::days(1); start <= last; start = month_end_of(start) + chrono::days(1))
    out.months.push_back(month(start, month_end_of(start)));
  return out;
}

}  // namespace cw::costs
