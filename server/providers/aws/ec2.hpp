#pragma once
/// EC2 (ec2 query protocol, version 2016-11-15) for the provider: the paged inventory lists of a
/// region (instances, volumes, security groups, VPCs, the account's snapshots, Elastic IPs),
/// deleting volumes, snapshots and addresses, finding an instance in the account's
/// regions, launching one and changing its state.
#include <optional>
#include <string>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

enum class Ec2List { kInstances, kVolumes, kSecurityGroups, kVpcs, kSnapshots, kAddresses };

/// One page of `list` in `region`; `token` is EC2's NextToken ("" for the first page). VPCs come
/// with their flow-log fact (vpc_flow_logs.hpp).
ResourcePage ec2_list(AwsClient& aws, Ec2List list, const std::string& region, const std::string& token, int page_size);

/// The instance in the first of the account's regions that knows it; nullopt when none does.
std::optional<ResourceRecord> ec2_find_instance(AwsClient& aws, const std::string& instance_id);

/// RunInstances of one instance: spec.imageId and spec.instanceType are required; optional
/// spec.keyName, spec.subnetId, spec.securityGroupIds; `name` becomes the Name tag. Returns the
/// instance as launched (status "provisioning").
ResourceRecord ec2_run_instance(AwsClient& aws, const NewResource& resource);

/// Deletes an EBS volume (vol-…) or snapshot (snap-…), or releases an Elastic IP (eipalloc-…),
/// in whichever of the account's regions has it; the record says where and is "terminated".
ResourceRecord ec2_delete(AwsClient& aws, const std::string& id);

/// "StartInstances", "StopInstances", "RebootInstances" or "TerminateInstances" on one instance;
/// returns its record in the state the call moved it to.
ResourceRecord ec2_change_instance(AwsClient& aws, const std::string& instance_id, const std::string& action);

}  // namespace cw::providers::aws
