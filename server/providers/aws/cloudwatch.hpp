#pragma once
/// CloudWatch (query protocol, 2010-08-01) for the provider: GetMetricData of EC2 instances'
/// AWS/EC2 metrics (InstanceId dimension, statistic Average), one or up to 500 per call.
#include <optional>
#include <string>
#include <vector>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

/// CloudWeave metric name → AWS/EC2 metric name; nullopt for metrics EC2 does not publish
/// (memory needs the CloudWatch agent; requests/latency/errors belong to load balancers).
std::optional<std::string> ec2_metric_name(const std::string& metric);

/// Points of `aws_metric` for the instance over [from, to], one per `step_ms` (rounded up to
/// whole minutes, as CloudWatch periods are), oldest first; follows NextToken.
std::vector<MetricPoint> cloudwatch_instance_metric(AwsClient& aws, const std::string& region,
                                                    const std::string& instance_id, const std::string& aws_metric,
                                                    Millis from, Millis to, Millis step_ms);

struct MetricDataPage {
  std::vector<MetricPoint> points;                                        // every result's, in answer order
  std::vector<std::pair<std::string, std::vector<MetricPoint>>> results;  // by query Id
  std::string next_token;
};
/// One GetMetricData answer: the points of every result and NextToken.
MetricDataPage parse_get_metric_data(std::string_view body);

/// A query of a GetMetricData batch: an instance's metric.
struct InstanceMetricQuery {
  std::string instance_id, aws_metric;
};
inline constexpr size_t kMaxMetricDataQueries = 500;  // CloudWatch's limit per GetMetricData call

/// The points of up to 500 instance metrics of one region in one GetMetricData call (following
/// NextToken), each oldest first, in query order.
std::vector<std::vector<MetricPoint>> cloudwatch_instance_metrics(AwsClient& aws, const std::string& region,
                                                                  const std::vector<InstanceMetricQuery>& queries,
                                                                  Millis from, Millis to, Millis step_ms);

}  // namespace cw::providers::aws
