#include "costs/query.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/error.hpp"
#include "costs/focus_format.hpp"

namespace cw::costs {

namespace {
constexpr long long kMaxRangeDays = 1100;  // three years of daily points
constexpr const char* kDimensions[] = {"service",  "account",        "region",  "resourceType",
                                       "resource", "chargeCategory", "provider"};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return out;
}

std::optional<std::string> text_param(const std::map<std::string, std::string>& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  if (it->second.empty() || it->second.size() > 512) throw field_error(name, "must be 1 to 512 characters");
  return it->second;
}
}  // namespace

std::optional<int> int_param(const std::map<std::string, std::string>& params, const std::string& name, int min,
                             int max) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc() || end != it->second.data() + it->second.size() || n < min || n > max)
    throw field_error(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return n;
}

std::optional<std::string> tag_key_problem(const std::string& key) {
  if (key.empty() || key.size() > 128) return "a tag key is 1 to 128 characters";
  if (key.find_first_of("\"\\") != std::string::npos) return "a tag key may not contain \" or \\";
  return std::nullopt;
}

std::optional<long long> day_number(const std::string& day) {
  if (day.size() != 10) return std::nullopt;
  auto ms = parse_focus_datetime(day);
  if (!ms) return std::nullopt;
  return *ms / 86'400'000;
}

std::string day_text(long long n) { return utc_day(n * 86'400'000); }

CostQuery parse_cost_query(const std::map<std::string, std::string>& p, const std::string& today) {
  CostQuery q;
  auto date = [&](const char* name) -> std::optional<long long> {
    auto v = text_param(p, name);
    if (!v) return std::nullopt;
    auto n = day_number(*v);
    if (!n) throw field_error(name, "must be a date YYYY-MM-DD");
    return n;
  };
  auto to = date("to");
  auto from = date("from");
  long long to_n = to ? *to : *day_number(today) + 1;
  long long from_n = from ? *from : to_n - 30;
  if (from_n >= to_n) throw field_error("from", "must be before to (to is exclusive)");
  if (to_n - from_n > kMaxRangeDays)
    throw field_error("to", "the range may span at most " + std::to_string(kMaxRangeDays) + " days");
  q.from = day_text(from_n);
  q.to = day_text(to_n);

  if (auto g = text_param(p, "granularity")) {
    if (*g != "daily" && *g != "weekly" && *g != "monthly")
      throw field_error("granularity", "must be one of: daily, weekly, monthly");
    q.granularity = *g;
  }
  if (auto m = text_param(p, "metric")) {
    if (*m != "billed" && *m != "effective" && *m != "list" && *m != "amortized")
      throw field_error("metric", "must be one of: billed, effective, list, amortized");
    q.metric = *m;
  }
  if (auto g = text_param(p, "groupBy")) {
    for (const auto& d : split(*g, ',')) {
      if (d.rfind("tag:", 0) == 0) {
        std::string key = d.substr(4);
        if (auto problem = tag_key_problem(key)) throw field_error("groupBy", "tag:" + key + ": " + *problem);
        if (q.tag_key) throw field_error("groupBy", "takes one tag key at most");
        q.tag_key = key;
        q.group_by.push_back(d);
        continue;
      }
      if (std::find(std::begin(kDimensions), std::end(kDimensions), d) == std::end(kDimensions))
        throw field_error("groupBy", "'" + d +
                                         "' is not a dimension: use service, account, region, resourceType, "
                                         "resource, chargeCategory or provider");
      if (std::find(q.group_by.begin(), q.group_by.end(), d) != q.group_by.end())
        throw field_error("groupBy", "names '" + d + "' twice");
      q.group_by.push_back(d);
    }
    if (q.group_by.size() > 2) throw field_error("groupBy", "takes at most two dimensions");
  }
  q.provider = text_param(p, "provider");
  q.account_id = text_param(p, "providerId");
  q.service = text_param(p, "service");
  q.region = text_param(p, "region");
  q.resource_id = text_param(p, "resourceId");
  if (auto c = text_param(p, "currency")) {
    if (c->size() != 3 || !std::all_of(c->begin(), c->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      throw field_error("currency", "must be an ISO 4217 code such as USD");
    q.currency = c;
  }
  if (auto tag = text_param(p, "tag")) {
    size_t colon = tag->find(':');
    if (colon == std::string::npos) throw field_error("tag", "must be KEY:VALUE (KEY: for rows without the tag)");
    std::string key = tag->substr(0, colon);
    if (auto problem = tag_key_problem(key)) throw field_error("tag", *problem);
    if (q.tag_key && *q.tag_key != key)
      throw field_error("tag", "must name the tag key groupBy names: one tag key per query");
    q.tag_key = key;
    q.tag_value = tag->substr(colon + 1);
  }
  // The tag rollups do not keep the inventory link: a resource's costs by tag is not a question
  // the console asks, so say so rather than answer from the wrong table.
  if (q.resource_id && q.tag_key) throw field_error("resourceId", "cannot be combined with a tag");
  if (auto limit = int_param(p, "limit", 1, 1000)) q.limit = *limit;
  return q;
}

std::string bucket_of(const std::string& day, const std::string& granularity) {
  if (granularity == "monthly") return day.substr(0, 8) + "01";
  if (granularity == "weekly") {
    long long n = *day_number(day);
    long long weekday = ((n % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
    return day_text(n - weekday);
  }
  return day;
}

std::vector<std::string> buckets(const std::string& from, const std::string& to, const std::string& granularity) {
  std::vector<std::string> out;
  long long end = *day_number(to);
  for (long long n = *day_number(from); n < end; ++n) {
    std::string b = bucket_of(day_text(n), granularity);
    if (out.empty() || out.back() != b) out.push_back(b);
  }
  return out;
}

void fold_series(const CostQuery& q, const std::vector<DailyAmount>& amounts, CostBreakdown& out) {
  const auto starts = buckets(q.from, q.to, q.granularity);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < starts.size(); ++i) index[starts[i]] = i;
  std::map<std::vector<std::string>, std::vector<double>> by_key;
  for (const auto& a : amounts) {
    auto& points = by_key.try_emplace(a.key, starts.size(), 0.0).first->second;
    points[index.at(bucket_of(a.day, q.granularity))] += a.amount;
  }
  std::vector<CostSeries> series;
  for (auto& [key, points] : by_key) {
    CostSeries s;
    for (size_t i = 0; i < q.group_by.size(); ++i) s.key[q.group_by[i]] = key[i];
    for (size_t i = 0; i < starts.size(); ++i) {
      s.points.emplace_back(starts[i], points[i]);
      s.total += points[i];
    }
    series.push_back(std::move(s));
  }
  std::stable_sort(series.begin(), series.end(),
                   [](const CostSeries& a, const CostSeries& b) { return a.total > b.total; });
  out.series_count = static_cast<long long>(series.size());
  if (series.size() > static_cast<size_t>(q.limit)) series.resize(static_cast<size_t>(q.limit));
  out.series = std::move(series);
}

}  // namespace cw::costs
