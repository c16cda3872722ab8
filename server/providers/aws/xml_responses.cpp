#include "providers/aws/xml_responses.hpp"

#include <array>

#include "providers/aws/xml_answer.hpp"

namespace cw::providers::aws {

std::optional<AwsError> parse_error(std::string_view body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error;
  std::string request_id;
  if (std::string_view(root.name()) == "Response") {  // ec2
    error = root.child("Errors").child("Error");
    request_id = child_text(root, "RequestID");
  } else if (std::string_view(root.name()) == "ErrorResponse") {  // query
    error = root.child("Error");
    request_id = child_text(root, "RequestId");
  } else if (std::string_view(root.name()) == "Error") {  // rest-xml
    error = root;
    request_id = child_text(root, "RequestId");
  }
  if (!error || error.child("Code").empty()) return std::nullopt;
  return AwsError{child_text(error, "Code"), child_text(error, "Message"), request_id};
}

bool is_throttling_code(std::string_view code) {
  static constexpr std::array<std::string_view, 10> kCodes = {"Throttling",
                                                              "ThrottlingException",
                                                              "ThrottledException",
                                                              "RequestThrottledException",
                                                              "TooManyRequestsException",
                                                              "ProvisionedThroughputExceededException",
                                                              "RequestLimitExceeded",
                                                              "RequestThrottled",
                                                              "SlowDown",
                                                              "EC2ThrottledException"};
  for (auto c : kCodes)
    if (c == code) return true;
  return false;
}

bool is_access_denied_code(std::string_view code) {
  return code == "AccessDenied" || code == "AccessDeniedException" || code == "UnauthorizedOperation" ||
         code == "AuthorizationError" || code == "UnauthorizedException";
}

ProviderError error_from_response(long status, std::string_view body) {
  return to_provider_error(status, parse_error(body));
}

ProviderError to_provider_error(long status, const std::optional<AwsError>& error) {
  std::string code = error ? error->code : "HTTP" + std::to_string(status);
  std::string message =
      error && !error->message.empty() ? error->message : "AWS answered HTTP " + std::to_string(status);
  if (error && !error->request_id.empty()) message += " (request id " + error->request_id + ")";
  return ProviderError(code, message, status >= 500 || status == 429 || is_throttling_code(code));
}

CallerIdentity parse_get_caller_identity(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node result =
      xml_root(doc, body, "GetCallerIdentityResponse", "GetCallerIdentity").child("GetCallerIdentityResult");
  CallerIdentity id{child_text(result, "Account"), child_text(result, "Arn"), child_text(result, "UserId")};
  if (id.account.empty() || id.arn.empty())
    throw ProviderError("MalformedResponse", "GetCallerIdentity response has no Account/Arn");
  return id;
}

AssumedRole parse_assume_role(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node c =
      xml_root(doc, body, "AssumeRoleResponse", "AssumeRole").child("AssumeRoleResult").child("Credentials");
  AssumedRole role{{child_text(c, "AccessKeyId"), child_text(c, "SecretAccessKey"), child_text(c, "SessionToken")}, 0};
  auto expires = parse_rfc3339(child_text(c, "Expiration"));
  if (role.credentials.access_key_id.empty() || role.credentials.secret_access_key.empty() || !expires)
    throw ProviderError("MalformedResponse", "AssumeRole response has no credentials with an Expiration");
  role.expires_at = *expires;
  return role;
}

std::string map_instance_state(std::string_view s) {
  if (s == "pending") return "provisioning";
  if (s == "running") return "running";
  if (s == "stopping" || s == "stopped") return "stopped";
  if (s == "shutting-down" || s == "terminated") return "terminated";
  return "error";
}

namespace {

ResourceRecord instance_record(const pugi::xml_node& inst, const std::string& owner, const std::string& region) {
  // One pass over the item's ~30 children instead of a name search per field: listing 50,000
  // instances is dominated by these lookups (bench/aws_replay_benchmark.cpp).
  static const std::pair<std::string_view, const char*> kSpecFields[] = {{"instanceType", "instanceType"},
                                                                         {"imageId", "imageId"},
                                                                         {"platform", "platform"},
                                                                         {"architecture", "architecture"},
                                                                         {"vpcId", "vpcId"},
                                                                         {"subnetId", "subnetId"},
                                                                         {"privateIpAddress", "privateIpAddress"},
                                                                         {"ipAddress", "publicIpAddress"},
                                                                         {"keyName", "keyName"}};
  ResourceRecord r;
  r.provider = "aws";
  r.type = "server";
  r.region = region;
  std::string state, zone, launch_time;
  bool public_ip = false;
  for (pugi::xml_node field : inst.children()) {
    std::string_view name = field.name();
    if (name == "instanceId") {
      r.external_id = field.text().as_string();
    } else if (name == "instanceState") {
      state = field.child_value("name");
    } else if (name == "placement") {
      zone = field.child_value("availabilityZone");
    } else if (name == "launchTime") {
      launch_time = field.text().as_string();
    } else if (name == "tagSet") {
      for (pugi::xml_node tag : field.children("item")) r.tags[child_text(tag, "key")] = child_text(tag, "value");
    } else if (name == "metadataOptions") {
      // IMDSv2 only when tokens are required; "optional" still answers IMDSv1 requests.
      std::string tokens = field.child_value("httpTokens");
      std::string endpoint = field.child_value("httpEndpoint");
      if (!tokens.empty()) r.posture["imdsV2Required"] = tokens == "required" || endpoint == "disabled";
    } else if (name == "groupSet") {
      nlohmann::json groups = nlohmann::json::array();
      for (pugi::xml_node g : field.children("item")) groups.push_back(child_text(g, "groupId"));
      if (!groups.empty()) r.spec["securityGroupIds"] = std::move(groups);
    } else {
      for (const auto& [xml_name, spec_key] : kSpecFields)
        if (name == xml_name) {
          put_if(r.spec, spec_key, field.text().as_string());
          if (name == "ipAddress") public_ip = !std::string_view(field.text().as_string()).empty();
          break;
        }
    }
  }
  if (r.external_id.empty()) throw ProviderError("MalformedResponse", "instance without instanceId");
  r.status = map_instance_state(state);
  if (r.region.empty() && zone.size() > 1) r.region = zone.substr(0, zone.size() - 1);
  r.name = r.tags.contains("Name") ? r.tags["Name"].get<std::string>() : r.external_id;
  put_if(r.spec, "availabilityZone", zone);
  put_if(r.spec, "ownerId", owner);
  put_if(r.spec, "ec2State", state);
  r.posture["publicIp"] = public_ip;
  if (auto launched = parse_rfc3339(launch_time)) r.created_at = *launched;
  return r;
}

}  // namespace

ResourcePage parse_describe_instances(std::string body, const std::string& region) {
  pugi::xml_document doc;  // declared after `body`, which it points into
  pugi::xml_node root = xml_root_in_place(doc, body, "DescribeInstancesResponse", "DescribeInstances");
  ResourcePage page;
  page.next_token = child_text(root, "nextToken");
  for (pugi::xml_node reservation : root.child("reservationSet").children("item")) {
    const std::string owner = child_text(reservation, "ownerId");
    for (pugi::xml_node inst : reservation.child("instancesSet").children("item"))
      page.items.push_back(instance_record(inst, owner, region));
  }
  return page;
}

std::vector<ResourceRecord> parse_run_instances(std::string_view body, const std::string& region) {
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, body, "RunInstancesResponse", "RunInstances");
  std::vector<ResourceRecord> records;
  for (pugi::xml_node inst : root.child("instancesSet").children("item"))
    records.push_back(instance_record(inst, child_text(root, "ownerId"), region));
  if (records.empty()) throw ProviderError("MalformedResponse", "RunInstances answered without instances");
  return records;
}

std::string parse_instance_state_change(std::string_view body, const std::string& instance_id) {
  pugi::xml_document doc;
  for (pugi::xml_node inst : xml_root(doc, body, nullptr, "a state change").child("instancesSet").children("item"))
    if (child_text(inst, "instanceId") == instance_id) {
      std::string state = inst.child("currentState").child_value("name");
      if (!state.empty()) return state;
    }
  throw ProviderError("MalformedResponse", "state change answer does not name " + instance_id);
}

}  // namespace cw::providers::aws
