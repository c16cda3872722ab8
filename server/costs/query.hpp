#pragma once
/// GET /costs: its parameters checked into a CostQuery (every problem is a VALIDATION_ERROR
/// naming the parameter), and the daily amounts the rollups give folded into a breakdown:
/// buckets per granularity (weekly buckets start on Monday, monthly on the 1st; every bucket of
/// the range is present, zero when empty), series per group key sorted by total, largest first.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "costs/model.hpp"

namespace cw::costs {

/// Why `key` cannot be a tag key (empty, too long, a quote or backslash); nullopt when it can.
std::optional<std::string> tag_key_problem(const std::string& key);

/// Days since 1970-01-01 for a YYYY-MM-DD date; nullopt when it is not a real date.
std::optional<long long> day_number(const std::string& day);
std::string day_text(long long day_number);

/// An integer parameter in [min, max]; nullopt when absent, VALIDATION_ERROR naming it otherwise.
std::optional<int> int_param(const std::map<std::string, std::string>& params, const std::string& name, int min,
                             int max);

/// Checks the query parameters; `today` (YYYY-MM-DD) sets the default range, the 30 days up to
/// and including today. Throws ApiError VALIDATION_ERROR.
CostQuery parse_cost_query(const std::map<std::string, std::string>& params, const std::string& today);

/// The start of the bucket `day` falls in.
std::string bucket_of(const std::string& day, const std::string& granularity);
/// Every bucket start from `from` up to (excluding) `to`.
std::vector<std::string> buckets(const std::string& from, const std::string& to, const std::string& granularity);

/// Folds daily amounts (one currency) into series; keeps the `limit` largest.
void fold_series(const CostQuery& query, const std::vector<DailyAmount>& amounts, CostBreakdown& out);

}  // namespace cw::costs
