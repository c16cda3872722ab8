#include "providers/aws/cloudwatch.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "providers/aws/xml_answer.hpp"
#include "providers/common/paging.hpp"

namespace cw::providers::aws {

std::optional<std::string> ec2_metric_name(const std::string& metric) {
  static const std::map<std::string, std::string> kNames = {{"cpu_utilization", "CPUUtilization"},
                                                            {"network_in_bytes", "NetworkIn"},
                                                            {"network_out_bytes", "NetworkOut"},
                                                            {"disk_read_bytes", "EBSReadBytes"},
                                                            {"disk_write_bytes", "EBSWriteBytes"}};
  auto it = kNames.find(metric);
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

MetricDataPage parse_get_metric_data(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node result = xml_root(doc, body, "GetMetricDataResponse", "GetMetricData").child("GetMetricDataResult");
  if (!result) throw ProviderError("MalformedResponse", "not a GetMetricDataResponse");
  MetricDataPage page;
  page.next_token = result.child_value("NextToken");
  for (pugi::xml_node r : result.child("MetricDataResults").children("member")) {
    auto& mine = page.results.emplace_back(r.child_value("Id"), std::vector<MetricPoint>{}).second;
    std::vector<Millis> times;
    for (pugi::xml_node t : r.child("Timestamps").children("member")) {
      auto ms = parse_rfc3339(t.text().as_string());
      if (!ms) throw ProviderError("MalformedResponse", "GetMetricData: a timestamp is not RFC 3339");
      times.push_back(*ms);
    }
    std::vector<double> values;
    for (pugi::xml_node v : r.child("Values").children("member")) values.push_back(v.text().as_double());
    if (times.size() != values.size())
      throw ProviderError("MalformedResponse", "GetMetricData: timestamps and values differ in number");
    for (size_t i = 0; i < times.size(); ++i) {
      page.points.push_back({times[i], values[i]});
      mine.push_back({times[i], values[i]});
    }
  }
  return page;
}

std::vector<std::vector<MetricPoint>> cloudwatch_instance_metrics(AwsClient& aws, const std::string& region,
                                                                  const std::vector<InstanceMetricQuery>& queries,
                                                                  Millis from, Millis to, Millis step_ms) {
  if (queries.empty()) return {};
  if (queries.size() > kMaxMetricDataQueries)
    throw ProviderError("InvalidParameterValue", "GetMetricData takes at most 500 queries");
  const long long period = std::max<long long>(60, (step_ms + 59'999) / 60'000 * 60);
  std::string base = "Action=GetMetricData&Version=2010-08-01";
  for (size_t i = 0; i < queries.size(); ++i) {
    const std::string q = "&MetricDataQueries.member." + std::to_string(i + 1) + ".";
    base += q + "Id=m" + std::to_string(i + 1) + q + "MetricStat.Metric.Namespace=AWS%2FEC2" + q +
            "MetricStat.Metric.MetricName=" + queries[i].aws_metric + q +
            "MetricStat.Metric.Dimensions.member.1.Name=InstanceId" + q +
            "MetricStat.Metric.Dimensions.member.1.Value=" + uri_encode(queries[i].instance_id, false) + q +
            "MetricStat.Period=" + std::to_string(period) + q + "MetricStat.Stat=Average";
  }
  base += "&StartTime=" + uri_encode(format_rfc3339(from), false) +
          "&EndTime=" + uri_encode(format_rfc3339(to + 1), false) + "&ScanBy=TimestampAscending";
  std::vector<std::vector<MetricPoint>> out(queries.size());
  common::follow_pages("GetMetricData", [&](const std::string& token) {
    std::string form = base + (token.empty() ? "" : "&NextToken=" + uri_encode(token, false));
    MetricDataPage page =
        parse_get_metric_data(aws.query("monitoring", region, aws.regional_endpoint("monitoring", region), form).body);
    // A page holds part of some queries' points, named by Id ("m<n>").
    for (auto& [id, points] : page.results) {
      const size_t n = id.size() > 1 && id[0] == 'm' ? std::strtoul(id.c_str() + 1, nullptr, 10) : 0;
      if (n == 0 || n > queries.size()) throw ProviderError("MalformedResponse", "GetMetricData: unknown Id " + id);
      out[n - 1].insert(out[n - 1].end(), points.begin(), points.end());
    }
    return page.next_token;
  });
  for (auto& points : out)
    std::sort(points.begin(), points.end(),
              [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
  return out;
}

std::vector<MetricPoint> cloudwatch_instance_metric(AwsClient& aws, const std::string& region,
                                                    const std::string& instance_id, const std::string& aws_metric,
                                                    Millis from, Millis to, Millis step_ms) {
  return cloudwatch_instance_metrics(aws, region, {{instance_id, aws_metric}}, from, to, step_ms).front();
}

}  // namespace cw::providers::aws
