#include "providers/aws/ec2_responses.hpp"

#include "providers/aws/xml_answer.hpp"

namespace cw::providers::aws {
namespace {

ResourceRecord base_record(const std::string& id, const std::string& type, const std::string& region,
                           const pugi::xml_node& item) {
  if (id.empty()) throw ProviderError("MalformedResponse", "EC2 " + type + " item without an id");
  ResourceRecord r;
  r.external_id = id;
  r.provider = "aws";
  r.type = type;
  r.region = region;
  for (pugi::xml_node tag : item.child("tagSet").children("item"))
    r.tags[child_text(tag, "key")] = child_text(tag, "value");
  r.name = r.tags.contains("Name") ? r.tags["Name"].get<std::string>() : id;
  return r;
}

std::string volume_status(const std::string& state) {
  if (state == "in-use" || state == "available") return "running";
  if (state == "creating") return "provisioning";
  if (state == "deleting" || state == "deleted") return "terminated";
  return "error";
}

}  // namespace

ResourcePage parse_describe_volumes(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "DescribeVolumesResponse", "DescribeVolumes");
  ResourcePage page;
  page.next_token = child_text(root, "nextToken");
  for (pugi::xml_node v : root.child("volumeSet").children("item")) {
    ResourceRecord r = base_record(child_text(v, "volumeId"), "storage", region, v);
    std::string state = child_text(v, "status");
    r.status = volume_status(state);
    r.spec["kind"] = "ebsVolume";
    r.spec["storageGb"] = v.child("size").text().as_double();
    r.spec["volumeType"] = child_text(v, "volumeType");
    r.spec["availabilityZone"] = child_text(v, "availabilityZone");
    r.spec["ec2State"] = state;
    if (v.child("iops")) r.spec["iops"] = v.child("iops").text().as_int();
    nlohmann::json attached = nlohmann::json::array();
    for (pugi::xml_node a : v.child("attachmentSet").children("item")) attached.push_back(child_text(a, "instanceId"));
    r.spec["attachedTo"] = attached;
    r.posture["encrypted"] = v.child("encrypted").text().as_bool();
    r.posture["attached"] = !attached.empty();
    if (auto t = parse_rfc3339(child_text(v, "createTime"))) r.created_at = *t;
    page.items.push_back(std::move(r));
  }
  return page;
}

ResourcePage parse_describe_security_groups(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "DescribeSecurityGroupsResponse", "DescribeSecurityGroups");
  ResourcePage page;
  page.next_token = child_text(root, "nextToken");
  for (pugi::xml_node g : root.child("securityGroupInfo").children("item")) {
    ResourceRecord r = base_record(child_text(g, "groupId"), "network", region, g);
    const std::string group_name = child_text(g, "groupName");
    if (!r.tags.contains("Name") && !group_name.empty()) r.name = group_name;
    r.status = "running";
    r.spec["kind"] = "securityGroup";
    r.spec["groupName"] = group_name;
    r.spec["description"] = child_text(g, "groupDescription");
    put_if(r.spec, "vpcId", child_text(g, "vpcId"));
    r.spec["ownerId"] = child_text(g, "ownerId");
    nlohmann::json open = nlohmann::json::array();
    for (pugi::xml_node p : g.child("ipPermissions").children("item")) {
      std::string protocol = child_text(p, "ipProtocol");
      // "-1" means all protocols and ports; the rule then has no port range.
      int from = p.child("fromPort") ? p.child("fromPort").text().as_int() : -1;
      int to = p.child("toPort") ? p.child("toPort").text().as_int() : -1;
      auto add = [&](const std::string& cidr) {
        open.push_back({{"port", protocol == "-1" ? -1 : from},
                        {"toPort", protocol == "-1" ? -1 : to},
                        {"protocol", protocol == "-1" ? "all" : protocol},
                        {"cidr", cidr}});
      };
      for (pugi::xml_node range : p.child("ipRanges").children("item"))
        if (child_text(range, "cidrIp") == "0.0.0.0/0") add("0.0.0.0/0");
      for (pugi::xml_node range : p.child("ipv6Ranges").children("item"))
        if (child_text(range, "cidrIpv6") == "::/0") add("::/0");
    }
    r.posture["openPorts"] = open;
    r.posture["publicAccess"] = !open.empty();
    page.items.push_back(std::move(r));
  }
  return page;
}

ResourcePage parse_describe_vpcs(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "DescribeVpcsResponse", "DescribeVpcs");
  ResourcePage page;
  page.next_token = child_text(root, "nextToken");
  for (pugi::xml_node v : root.child("vpcSet").children("item")) {
    ResourceRecord r = base_record(child_text(v, "vpcId"), "network", region, v);
    std::string state = child_text(v, "state");
    r.status = state == "available" ? "running" : state == "pending" ? "provisioning" : "error";
    r.spec["kind"] = "vpc";
    r.spec["cidrBlock"] = child_text(v, "cidrBlock");
    r.spec["isDefault"] = v.child("isDefault").text().as_bool();
    r.spec["instanceTenancy"] = child_text(v, "instanceTenancy");
    if (!child_text(v, "ownerId").empty()) r.spec["ownerId"] = child_text(v, "ownerId");
    page.items.push_back(std::move(r));
  }
  return page;
}

FlowLogsPage parse_describe_flow_logs(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "DescribeFlowLogsResponse", "DescribeFlowLogs");
  FlowLogsPage page;
  page.next_token = child_text(root, "nextToken");
  // A log that is not ACTIVE (or names no resource) records nothing: it does not count.
  for (pugi::xml_node log : root.child("flowLogSet").children("item"))
    if (std::string resource = child_text(log, "resourceId");
        !resource.empty() && child_text(log, "flowLogStatus") == "ACTIVE")
      page.active_resources.insert(std::move(resource));
  return page;
}

ResourcePage parse_describe_snapshots(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "DescribeSnapshotsResponse", "DescribeSnapshots");
  ResourcePage page;
  page.next_token = child_text(root, "nextToken");
  for (pugi::xml_node v : root.child("snapshotSet").children("item")) {
    ResourceRecord r = base_record(child_text(v, "snapshotId"), "storage", region, v);
    const std::string state = child_text(v, "status");
    r.status = state == "completed" ? "running" : state == "pending" ? "provisioning" : "error";
    r.spec["kind"] = "snapshot";
    r.spec["sizeGb"] = v.child("volumeSize").text().as_double();
    put_if(r.spec, "sourceVolume", child_text(v, "volumeId"));
    put_if(r.spec, "description", child_text(v, "description"));
    put_if(r.spec, "storageTier", child_text(v, "storageTier"));
    r.spec["ec2State"] = state;
    if (v.child("encrypted")) r.posture["encrypted"] = v.child("encrypted").text().as_bool();
    if (auto t = parse_rfc3339(child_text(v, "startTime"))) r.created_at = *t;
    page.items.push_back(std::move(r));
  }
  return page;
}

ResourcePage parse_describe_addresses(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "DescribeAddressesResponse", "DescribeAddresses");
  ResourcePage page;
  for (pugi::xml_node a : root.child("addressesSet").children("item")) {
    const std::string ip = child_text(a, "publicIp");
    const std::string allocation = child_text(a, "allocationId");
    // EC2-Classic addresses (no allocation id; retired in 2023) cannot be released by id and
    // share their id, the address, across regions: they are left out.
    if (allocation.empty()) continue;
    ResourceRecord r = base_record(allocation, "network", region, a);
    if (!r.tags.contains("Name") && !ip.empty()) r.name = ip;
    r.status = "running";
    r.spec["kind"] = "public-ip";
    r.spec["address"] = ip;
    put_if(r.spec, "domain", child_text(a, "domain"));
    put_if(r.spec, "instanceId", child_text(a, "instanceId"));
    put_if(r.spec, "networkInterfaceId", child_text(a, "networkInterfaceId"));
    put_if(r.spec, "privateIpAddress", child_text(a, "privateIpAddress"));
    r.spec["associated"] = !child_text(a, "associationId").empty() || !child_text(a, "instanceId").empty() ||
                           !child_text(a, "networkInterfaceId").empty();
    page.items.push_back(std::move(r));
  }
  return page;
}

}  // namespace cw::providers::aws
