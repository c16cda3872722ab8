#include "providers/aws/ec2.hpp"

#include <algorithm>
#include <random>

#include "providers/aws/ec2_responses.hpp"
#include "providers/aws/vpc_flow_logs.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {
namespace {

const std::string kVersion = "&Version=2016-11-15";

std::string form_value(const std::string& v) { return uri_encode(v, false); }

common::HttpResponse ec2_call(AwsClient& aws, const std::string& region, const std::string& form) {
  return aws.query("ec2", region, aws.regional_endpoint("ec2", region), form);
}

/// RunInstances is not idempotent by itself: a ClientToken makes the client's retries safe.
std::string client_token() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

std::string required_string(const nlohmann::json& spec, const char* key) {
  auto it = spec.find(key);
  if (it == spec.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    throw ProviderError("InvalidParameterValue", std::string("spec.") + key + " is required to launch an EC2 instance");
  return it->get<std::string>();
}

}  // namespace

ResourcePage ec2_list(AwsClient& aws, Ec2List list, const std::string& region, const std::string& token,
                      int page_size) {
  std::string action;
  int max = 1000;
  switch (list) {
    case Ec2List::kInstances:
      action = "DescribeInstances";
      break;
    case Ec2List::kVolumes:
      action = "DescribeVolumes";
      max = 500;
      break;
    case Ec2List::kSecurityGroups:
      action = "DescribeSecurityGroups";
      break;
    case Ec2List::kVpcs:
      action = "DescribeVpcs";
      break;
    case Ec2List::kSnapshots:
      action = "DescribeSnapshots";
      break;
    case Ec2List::kAddresses:
      action = "DescribeAddresses";
      break;
  }
  std::string form = "Action=" + action + kVersion;
  // DescribeAddresses answers every address at once and takes no paging parameters.
  if (list != Ec2List::kAddresses) {
    form += "&MaxResults=" + std::to_string(std::clamp(page_size, 5, max));
    if (!token.empty()) form += "&NextToken=" + form_value(token);
  }
  // Without an owner, DescribeSnapshots lists every public snapshot in the region too.
  if (list == Ec2List::kSnapshots) form += "&Owner.1=self";
  std::string body = ec2_call(aws, region, form).body;
  switch (list) {
    case Ec2List::kInstances:
      return parse_describe_instances(std::move(body), region);
    case Ec2List::kVolumes:
      return parse_describe_volumes(body, region);
    case Ec2List::kSecurityGroups:
      return parse_describe_security_groups(body, region);
    case Ec2List::kVpcs: {
      ResourcePage page = parse_describe_vpcs(body, region);
      add_vpc_flow_logs(aws, region, page.items);
      return page;
    }
    case Ec2List::kSnapshots:
      return parse_describe_snapshots(body, region);
    case Ec2List::kAddresses:
      return parse_describe_addresses(body, region);
  }
  return {};
}

ResourceRecord ec2_delete(AwsClient& aws, const std::string& id) {
  struct Kind {
    const char *prefix, *action, *parameter, *not_found, *type, *spec_kind;
  };
  static constexpr Kind kKinds[] = {
      {"vol-", "DeleteVolume", "VolumeId", "InvalidVolume.NotFound", "storage", "ebsVolume"},
      {"snap-", "DeleteSnapshot", "SnapshotId", "InvalidSnapshot.NotFound", "storage", "snapshot"},
      {"eipalloc-", "ReleaseAddress", "AllocationId", "InvalidAllocationID.NotFound", "network", "public-ip"},
  };
  const Kind* kind = nullptr;
  for (const auto& k : kKinds)
    if (id.rfind(k.prefix, 0) == 0) kind = &k;
  if (!kind) throw UnsupportedOperation("aws provider: EC2 deletes volumes, snapshots and Elastic IPs, not " + id);
  // The id does not say its region: ask each of the account's regions until one knows it.
  for (const auto& region : aws.regions()) {
    try {
      ec2_call(aws, region,
               std::string("Action=") + kind->action + kVersion + "&" + kind->parameter + "=" + form_value(id));
    } catch (const ProviderError& e) {
      if (e.code() == kind->not_found) continue;
      throw;
    }
    ResourceRecord r;
    r.external_id = id;
    r.provider = "aws";
    r.name = id;
    r.type = kind->type;
    r.region = region;
    r.status = "terminated";
    r.spec["kind"] = kind->spec_kind;
    return r;
  }
  throw ProviderError(kind->not_found, id + " is in none of the account's regions");
}

std::optional<ResourceRecord> ec2_find_instance(AwsClient& aws, const std::string& instance_id) {
  for (const auto& region : aws.regions()) {
    try {
      ResourcePage page = parse_describe_instances(
          ec2_call(aws, region, "Action=DescribeInstances" + kVersion + "&InstanceId.1=" + form_value(instance_id))
              .body,
          region);
      for (auto& r : page.items)
        if (r.external_id == instance_id) return std::move(r);
    } catch (const ProviderError& e) {
      if (e.code() != "InvalidInstanceID.NotFound") throw;
    }
  }
  return std::nullopt;
}

ResourceRecord ec2_run_instance(AwsClient& aws, const NewResource& resource) {
  const std::string image = required_string(resource.spec, "imageId");
  const std::string type = required_string(resource.spec, "instanceType");
  const std::string region = resource.region.empty() ? aws.regions().front() : resource.region;
  std::string form = "Action=RunInstances" + kVersion + "&ImageId=" + form_value(image) +
                     "&InstanceType=" + form_value(type) + "&MinCount=1&MaxCount=1&ClientToken=" + client_token();
  for (const char* key : {"keyName", "subnetId"})
    if (resource.spec.contains(key) && resource.spec[key].is_string()) {
      std::string param = key;
      param[0] = static_cast<char>(std::toupper(param[0]));
      form += "&" + param + "=" + form_value(resource.spec[key].get<std::string>());
    }
  if (resource.spec.contains("securityGroupIds")) {
    const auto& groups = resource.spec["securityGroupIds"];
    if (!groups.is_array()) throw ProviderError("InvalidParameterValue", "spec.securityGroupIds must be a list of ids");
    for (size_t i = 0; i < groups.size(); ++i) {
      if (!groups[i].is_string())
        throw ProviderError("InvalidParameterValue", "spec.securityGroupIds must be a list of ids");
      form += "&SecurityGroupId." + std::to_string(i + 1) + "=" + form_value(groups[i].get<std::string>());
    }
  }
  nlohmann::json tags = resource.tags.is_object() ? resource.tags : nlohmann::json::object();
  if (!resource.name.empty()) tags["Name"] = resource.name;
  int n = 0;
  for (const auto& [key, value] : tags.items()) {
    if (!value.is_string()) throw ProviderError("InvalidParameterValue", "tag " + key + " must be a string");
    std::string prefix = "&TagSpecification.1.Tag." + std::to_string(++n);
    form += prefix + ".Key=" + form_value(key) + prefix + ".Value=" + form_value(value.get<std::string>());
  }
  if (n > 0) form += "&TagSpecification.1.ResourceType=instance";
  return parse_run_instances(ec2_call(aws, region, form).body, region).front();
}

ResourceRecord ec2_change_instance(AwsClient& aws, const std::string& instance_id, const std::string& action) {
  std::optional<ResourceRecord> record = ec2_find_instance(aws, instance_id);
  if (!record)
    throw ProviderError("InvalidInstanceID.NotFound", "no EC2 instance " + instance_id + " in the account's regions");
  std::string body =
      ec2_call(aws, record->region, "Action=" + action + kVersion + "&InstanceId.1=" + form_value(instance_id)).body;
  // RebootInstances only answers <return>true</return>: the instance stays in its state.
  if (action != "RebootInstances") {
    std::string state = parse_instance_state_change(body, instance_id);
    record->status = map_instance_state(state);
    record->spec["ec2State"] = state;
  }
  return *record;
}

}  // namespace cw::providers::aws
