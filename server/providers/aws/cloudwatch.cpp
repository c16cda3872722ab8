#include "providers/aws/cloudwatch.hpp"

#include <algorithm>
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
    for (size_t i = 0; i < times.size(); ++i) page.points.push_back({times[i], values[i]});
  }
  return page;
}

std::vector<MetricPoint> cloudwatch_instance_metric(AwsClient& aws, const std::string& region,
                                                    const std::string& instance_id, const std::string& aws_metric,
                                                    Millis from, Millis to, Millis step_ms) {
  const long long period = std::max<long long>(60, (step_ms + 59'999) / 60'000 * 60);
  const std::string q = "&MetricDataQueries.member.1.";
  const std::string base = "Action=GetMetricData&Version=2010-08-01" + q + "Id=m1" + q +
                           "MetricStat.Metric.Namespace=AWS%2FEC2" + q + "MetricStat.Metric.MetricName=" + aws_metric +
                           q + "MetricStat.Metric.Dimensions.member.1.Name=InstanceId" + q +
                           "MetricStat.Metric.Dimensions.member.1.Value=" + uri_encode(instance_id, false) + q +
                           "MetricStat.Period=" + std::to_string(period) + q + "MetricStat.Stat=Average" +
                           "&StartTime=" + uri_encode(format_rfc3339(from), false) +
                           "&EndTime=" + uri_encode(format_rfc3339(to + 1), false) + "&ScanBy=TimestampAscending";
  std::vector<MetricPoint> points;
  common::follow_pages("GetMetricData", [&](const std::string& token) {
    std::string form = base + (token.empty() ? "" : "&NextToken=" + uri_encode(token, false));
    MetricDataPage page =
        parse_get_metric_data(aws.query("monitoring", region, aws.regional_endpoint("monitoring", region), form).body);
    points.insert(points.end(), page.points.begin(), page.points.end());
    return page.next_token;
  });
  std::sort(points.begin(), points.end(),
            [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
  return points;
}

}  // namespace cw::providers::aws
