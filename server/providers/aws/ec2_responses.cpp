#include "providers/aws/ec2_responses.hpp"

#include <pugixml.hpp>

namespace cw::providers::aws {
namespace {

pugi::xml_document load(std::string_view body, const char* root_name, pugi::xml_node& root) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size()))
    throw ProviderError("MalformedResponse", std::string("AWS answer to ") + root_name + " is not XML");
  root = doc.child(root_name);
  if (!root) throw ProviderError("MalformedResponse", std::string("not a ") + root_name);
  return doc;
}

std::string text(const pugi::xml_node& node, const char* child) { return node.child(child).text().as_string(); }

ResourceRecord base_record(const std::string& id, const std::string& type, const std::string& region,
                           const pugi::xml_node& item) {
  if (id.empty()) throw ProviderError("MalformedResponse", "EC2 " + type + " item without an id");
  ResourceRecord r;
  r.external_id = id;
  r.provider = "aws";
  r.type = type;
  r.region = region;
  for (pugi::xml_node tag : item.child("tagSet").children("item")) r.tags[text(tag, "key")] = text(tag, "value");
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
  pugi::xml_node root;
  pugi::xml_document doc = load(body, "DescribeVolumesResponse", root);
  ResourcePage page;
  page.next_token = text(root, "nextToken");
  for (pugi::xml_node v : root.child("volumeSet").children("item")) {
    ResourceRecord r = base_record(text(v, "volumeId"), "storage", region, v);
    std::string state = text(v, "status");
    r.status = volume_status(state);
    r.spec["kind"] = "ebsVolume";
    r.spec["storageGb"] = v.child("size").text().as_double();
    r.spec["volumeType"] = text(v, "volumeType");
    r.spec["availabilityZone"] = text(v, "availabilityZone");
    r.spec["ec2State"] = state;
    if (v.child("iops")) r.spec["iops"] = v.child("iops").text().as_int();
    nlohmann::json attached = nlohmann::json::array();
    for (pugi::xml_node a : v.child("attachmentSet").children("item")) attached.push_back(text(a, "instanceId"));
    r.spec["attachedTo"] = attached;
    r.posture["encrypted"] = v.child("encrypted").text().as_bool();
    r.posture["attached"] = !attached.empty();
    if (auto t = parse_rfc3339(text(v, "createTime"))) r.created_at = *t;
    page.items.push_back(std::move(r));
  }
  return page;
}

ResourcePage parse_describe_security_groups(std::string_view body, const std::string& region) {
  pugi::xml_node root;
  pugi::xml_document doc = load(body, "DescribeSecurityGroupsResponse", root);
  ResourcePage page;
  page.next_token = text(root, "nextToken");
  for (pugi::xml_node g : root.child("securityGroupInfo").children("item")) {
    ResourceRecord r = base_record(text(g, "groupId"), "network", region, g);
    if (!r.tags.contains("Name") && !text(g, "groupName").empty()) r.name = text(g, "groupName");
    r.status = "running";
    r.spec["kind"] = "securityGroup";
    r.spec["groupName"] = text(g, "groupName");
    r.spec["description"] = text(g, "groupDescription");
    if (!text(g, "vpcId").empty()) r.spec["vpcId"] = text(g, "vpcId");
    r.spec["ownerId"] = text(g, "ownerId");
    nlohmann::json open = nlohmann::json::array();
    for (pugi::xml_node p : g.child("ipPermissions").children("item")) {
      std::string protocol = text(p, "ipProtocol");
      // "-1" means all protocols and ports; the rule then has no port range.
      int from = p.child("fromPort") ? p.child("fromPort").text().as_int() : -1;
      int to = p.child("toPort") ? p.child("toPort").text().as_int() : -1;
      auto add = [&](const std::string& cidr) {
        open.push_back({{"port", protocol == "-1" ? -1 : from}, {"toPort", protocol == "-1" ? -1 : to},
                        {"protocol", protocol == "-1" ? "all" : protocol}, {"cidr", cidr}});
      };
      for (pugi::xml_node range : p.child("ipRanges").children("item"))
        if (text(range, "cidrIp") == "0.0.0.0/0") add("0.0.0.0/0");
      for (pugi::xml_node range : p.child("ipv6Ranges").children("item"))
        if (text(range, "cidrIpv6") == "::/0") add("::/0");
    }
    r.posture["openPorts"] = open;
    r.posture["publicAccess"] = !open.empty();
    page.items.push_back(std::move(r));
  }
  return page;
}

ResourcePage parse_describe_vpcs(std::string_view body, const std::string& region) {
  pugi::xml_node root;
  pugi::xml_document doc = load(body, "DescribeVpcsResponse", root);
  ResourcePage page;
  page.next_token = text(root, "nextToken");
  for (pugi::xml_node v : root.child("vpcSet").children("item")) {
    ResourceRecord r = base_record(text(v, "vpcId"), "network", region, v);
    std::string state = text(v, "state");
    r.status = state == "available" ? "running" : state == "pending" ? "provisioning" : "error";
    r.spec["kind"] = "vpc";
    r.spec["cidrBlock"] = text(v, "cidrBlock");
    r.spec["isDefault"] = v.child("isDefault").text().as_bool();
    r.spec["instanceTenancy"] = text(v, "instanceTenancy");
    if (!text(v, "ownerId").empty()) r.spec["ownerId"] = text(v, "ownerId");
    page.items.push_back(std::move(r));
  }
  return page;
}

}  // namespace cw::providers::aws
