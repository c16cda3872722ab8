#include "providers/aws/cloudtrail.hpp"

#include <set>

#include "providers/aws/aws_errors.hpp"
#include "providers/aws/json_answer.hpp"

namespace cw::providers::aws {
namespace {

const std::string kTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

std::string call(AwsClient& aws, const std::string& region, const std::string& action, const nlohmann::json& input) {
  return aws
      .json("cloudtrail", region, aws.regional_endpoint("cloudtrail", region), kTarget + action, "1.1", input.dump())
      .body;
}

/// Answers that leave one trail's status unknown rather than failing the account: no permission,
/// or a trail deleted (or an organization trail not visible) since it was listed.
bool status_unknown(const ProviderError& e) {
  return is_access_denied_code(e.code()) || e.code() == "TrailNotFoundException" ||
         e.code() == "CloudTrailARNInvalidException" || e.code() == "InvalidTrailNameException";
}

}  // namespace

std::vector<Trail> parse_describe_trails(std::string_view body) {
  nlohmann::json doc = json_object_of(body, "DescribeTrails");
  auto list = doc.find("trailList");
  if (list == doc.end()) return {};
  if (!list->is_array()) throw ProviderError("MalformedResponse", "DescribeTrails: trailList is not a list");
  std::vector<Trail> trails;
  for (const auto& t : *list) {
    if (!t.is_object()) throw ProviderError("MalformedResponse", "DescribeTrails: a trail is not an object");
    Trail trail{string_member(t, "Name"), string_member(t, "TrailARN"), string_member(t, "HomeRegion"),
                bool_member(t, "IsMultiRegionTrail").value_or(false)};
    if (trail.name.empty() && trail.arn.empty())
      throw ProviderError("MalformedResponse", "DescribeTrails: a trail has no Name/TrailARN");
    trails.push_back(std::move(trail));
  }
  return trails;
}

bool parse_trail_is_logging(std::string_view body) {
  std::optional<bool> logging = bool_member(json_object_of(body, "GetTrailStatus"), "IsLogging");
  if (!logging) throw ProviderError("MalformedResponse", "GetTrailStatus answer has no IsLogging");
  return *logging;
}

std::vector<Trail> cloudtrail_trails(AwsClient& aws, const std::string& region) {
  return parse_describe_trails(call(aws, region, "DescribeTrails", {{"includeShadowTrails", true}}));
}

TrailFacts cloudtrail_facts(AwsClient& aws) {
  const std::string region = aws.regions().front();
  std::vector<Trail> trails;
  try {
    trails = cloudtrail_trails(aws, region);
  } catch (const ProviderError& e) {
    if (is_access_denied_code(e.code())) return {};
    throw;
  }
  bool some_unknown = false, some_unknown_multi_region = false, some_logging = false, some_multi_region = false;
  std::set<std::string> seen;
  for (const Trail& t : trails) {
    const std::string name = t.arn.empty() ? t.name : t.arn;  // the ARN names a trail homed elsewhere
    if (!seen.insert(name).second) continue;
    // Status is answered by the trail's home region; a region name we cannot use falls back to ours.
    const std::string home = is_region_name(t.home_region) ? t.home_region : region;
    try {
      if (parse_trail_is_logging(call(aws, home, "GetTrailStatus", {{"Name", name}}))) {
        some_logging = true;
        some_multi_region = some_multi_region || t.multi_region;
      }
    } catch (const ProviderError& e) {
      if (!status_unknown(e)) throw;
      some_unknown = true;
      some_unknown_multi_region = some_unknown_multi_region || t.multi_region;
    }
  }
  TrailFacts facts;
  // One logging trail decides "yes"; "no" needs every trail's status.
  if (some_logging || !some_unknown) facts.enabled = some_logging;
  if (some_multi_region || !some_unknown_multi_region) facts.multi_region = some_multi_region;
  return facts;
}

}  // namespace cw::providers::aws
