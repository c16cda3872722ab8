#include "providers/aws/connection_probes.hpp"

#include <algorithm>
#include <functional>

#include "providers/aws/cloudtrail.hpp"
#include "providers/aws/cloudwatch.hpp"
#include "providers/aws/cost_explorer.hpp"
#include "providers/aws/ec2.hpp"
#include "providers/aws/iam.hpp"
#include "providers/aws/kms.hpp"
#include "providers/aws/lambda.hpp"
#include "providers/aws/rds.hpp"
#include "providers/aws/s3.hpp"
#include "providers/aws/sts.hpp"

namespace cw::providers::aws {

ConnectionTest aws_connection_test(AwsClient& aws, const std::vector<std::string>& services) {
  ConnectionTest t;
  try {
    CallerIdentity id = sts_caller_identity(aws);
    t.identity = {{"accountId", id.account}, {"arn", id.arn}, {"userId", id.user_id}};
    t.permissions.push_back("sts:GetCallerIdentity");
  } catch (const ProviderError& e) {
    t.errors.push_back(explain_failure(e, "AWS refused the credentials"));
    return t;  // without an identity the keys (or the role) do not work at all
  }
  t.valid = true;
  t.regions = aws.regions();

  const std::string region = aws.regions().front();
  auto uses = [&](const char* s) { return std::find(services.begin(), services.end(), s) != services.end(); };
  struct Probe {
    const char* service;
    const char* permission;
    std::function<void()> call;
  };
  std::vector<Probe> probes;
  if (uses("ec2"))
    probes.push_back({"ec2", "ec2:DescribeInstances", [&] { ec2_list(aws, Ec2List::kInstances, region, "", 5); }});
  if (uses("s3")) probes.push_back({"s3", "s3:ListAllMyBuckets", [&] { s3_list_buckets(aws); }});
  if (uses("rds")) probes.push_back({"rds", "rds:DescribeDBInstances", [&] { rds_list(aws, region, "", 20); }});
  if (uses("lambda")) probes.push_back({"lambda", "lambda:ListFunctions", [&] { lambda_list(aws, region, "", 1); }});
  if (uses("iam")) probes.push_back({"iam", "iam:GetAccountSummary", [&] { iam_account_summary(aws); }});
  if (uses("cloudtrail"))
    probes.push_back({"cloudtrail", "cloudtrail:DescribeTrails", [&] { cloudtrail_trails(aws, region); }});
  if (uses("kms")) probes.push_back({"kms", "kms:ListKeys", [&] { kms_list_keys(aws, region, "", 1); }});
  Millis now = aws.clock().now_ms();
  // Only the services the account is limited to are probed: an S3-only account behind an
  // emulator has no business calling CloudWatch or Cost Explorer at AWS.
  // A ten-minute window of a metric nobody has: exercises the permission, returns nothing.
  if (uses("cloudwatch"))
    probes.push_back({"cloudwatch", "cloudwatch:GetMetricData", [&] {
                        cloudwatch_instance_metric(aws, region, "i-00000000000000000", "CPUUtilization", now - 600'000,
                                                   now, 300'000);
                      }});
  std::string yesterday = format_rfc3339(now - 86'400'000).substr(0, 10);
  if (uses("ce")) probes.push_back({"ce", "ce:GetCostAndUsage", [&] { ce_daily_costs(aws, yesterday, yesterday); }});

  for (const Probe& p : probes) {
    try {
      p.call();
      t.permissions.push_back(p.permission);
      t.services.push_back(p.service);
    } catch (const ProviderError& e) {
      if (is_access_denied_code(e.code()))
        t.limitations.push_back(p.permission);
      else
        t.errors.push_back(explain_failure(e, std::string("AWS refused ") + p.permission));
    }
  }
  return t;
}

}  // namespace cw::providers::aws
