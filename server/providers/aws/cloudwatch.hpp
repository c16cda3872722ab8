#pragma once
/// CloudWatch (query protocol, 2010-08-01) for the provider: GetMetricData of an EC2 instance's
/// AWS/EC2 metrics (InstanceId dimension, statistic Average).
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
  std::vector<MetricPoint> points;
  std::string next_token;
};
/// One GetMetricData answer: the points of every result (a single query here) and NextToken.
MetricDataPage parse_get_metric_data(std::string_view body);

}  // namespace cw::providers::aws
