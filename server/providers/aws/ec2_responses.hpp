#pragma once
/// Parsers for the EC2 lists beyond instances (ec2 protocol XML; instances and their actions are in
/// xml_responses.hpp): volumes → storage, security groups → network with the ports open to the
/// internet, VPCs → network.
/// Malformed input throws ProviderError("MalformedResponse").
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::aws {

/// DescribeVolumes page: type "storage", spec.storageGb/volumeType/iops, posture.encrypted and
/// posture.attached; status in-use/available → running, creating → provisioning,
/// deleting/deleted → terminated, error → error.
ResourcePage parse_describe_volumes(std::string_view body, const std::string& region);

/// DescribeSecurityGroups page: type "network" (spec.kind "securityGroup"), posture.openPorts =
/// every ingress rule open to 0.0.0.0/0 or ::/0 as {"port": from, "toPort": to, "protocol", "cidr"}
/// (port -1 for "all traffic"), posture.publicAccess when there is at least one.
ResourcePage parse_describe_security_groups(std::string_view body, const std::string& region);

/// DescribeVpcs page: type "network" (spec.kind "vpc", cidrBlock, isDefault).
ResourcePage parse_describe_vpcs(std::string_view body, const std::string& region);

/// DescribeFlowLogs page: the resources (VPC, subnet, network interface ids) watched by at least
/// one flow log whose FlowLogStatus is ACTIVE, and the nextToken ("" on the last page).
struct FlowLogsPage {
  std::set<std::string> active_resources;
  std::string next_token;
};
FlowLogsPage parse_describe_flow_logs(std::string_view body);

/// DescribeSnapshots page (the account's own EBS snapshots): type "storage", spec.kind "snapshot",
/// sizeGb, sourceVolume, description, storageTier; created_at = startTime; posture.encrypted;
/// status completed → running, pending → provisioning, error/anything else → error.
ResourcePage parse_describe_snapshots(std::string_view body, const std::string& region);

/// DescribeAddresses (Elastic IPs; one answer, no pages): type "network", spec.kind "public-ip",
/// address, domain, and associated = it has an association, an instance or a network interface.
/// The id is the allocation id; EC2-Classic addresses, which have none, are left out.
ResourcePage parse_describe_addresses(std::string_view body, const std::string& region);

}  // namespace cw::providers::aws
