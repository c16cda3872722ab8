#include "providers/aws/account.hpp"

#include "providers/aws/cloudtrail.hpp"
#include "providers/aws/iam.hpp"
#include "providers/aws/sts.hpp"

namespace cw::providers::aws {

ResourceRecord aws_account_record(AwsClient& aws, bool read_iam, bool read_cloudtrail) {
  ResourceRecord r;
  r.external_id = sts_caller_identity(aws).account;
  r.provider = "aws";
  r.name = r.external_id;
  r.type = "account";
  r.region = "global";
  r.status = "running";
  r.spec["kind"] = "account";
  r.spec["accountId"] = r.external_id;
  nlohmann::json unknown = nlohmann::json::array();
  if (read_iam) {
    IamAccountFacts iam = iam_account_facts(aws);
    if (!iam.alias.empty()) {
      r.name = iam.alias;
      r.spec["alias"] = iam.alias;
    }
    for (const auto& [fact, value] : iam.posture.items())
      if (fact == "unknown")
        unknown.insert(unknown.end(), value.begin(), value.end());
      else
        r.posture[fact] = value;
  }
  if (read_cloudtrail) {
    TrailFacts trails = cloudtrail_facts(aws);
    for (auto [fact, value] : {std::pair{"trailEnabled", trails.enabled}, {"trailMultiRegion", trails.multi_region}})
      if (value)
        r.posture[fact] = *value;
      else
        unknown.push_back(fact);
  }
  if (!unknown.empty()) r.posture["unknown"] = unknown;
  return r;
}

}  // namespace cw::providers::aws
