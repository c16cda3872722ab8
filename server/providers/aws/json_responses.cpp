#include "providers/aws/json_responses.hpp"

#include "core/json_parse.hpp"
#include "providers/aws/json_answer.hpp"

#include <nlohmann/json.hpp>

namespace cw::providers::aws {
namespace {

using nlohmann::json;

/// "ns#Name:http://…" → "Name".
std::string bare_code(std::string_view raw) {
  if (size_t hash = raw.find('#'); hash != std::string_view::npos) raw.remove_prefix(hash + 1);
  if (size_t colon = raw.find(':'); colon != std::string_view::npos) raw = raw.substr(0, colon);
  return std::string(raw);
}

}  // namespace

std::optional<AwsError> parse_json_error(std::string_view body, std::string_view error_type_header) {
  json doc = parse_untrusted_json(body);
  if (!doc.is_object()) doc = json::object();
  std::string code = bare_code(error_type_header);
  if (code.empty()) code = bare_code(string_member(doc, "__type"));
  if (code.empty()) code = bare_code(string_member(doc, "code"));
  if (code.empty()) return std::nullopt;
  std::string message = string_member(doc, "message");
  if (message.empty()) message = string_member(doc, "Message");
  return AwsError{code, message, ""};
}

ResourcePage parse_list_functions(std::string_view body, const std::string& region) {
  json doc = json_object_of(body, "ListFunctions");
  auto functions = doc.find("Functions");
  if (functions == doc.end() || !functions->is_array())
    throw ProviderError("MalformedResponse", "ListFunctions response has no Functions list");
  ResourcePage page;
  page.next_token = string_member(doc, "NextMarker");
  for (const json& f : *functions) {
    if (!f.is_object()) throw ProviderError("MalformedResponse", "ListFunctions: a function is not an object");
    ResourceRecord r;
    r.external_id = string_member(f, "FunctionArn");
    r.name = string_member(f, "FunctionName");
    if (r.external_id.empty() || r.name.empty())
      throw ProviderError("MalformedResponse", "ListFunctions: a function has no FunctionArn/FunctionName");
    r.provider = "aws";
    r.type = "function";
    r.region = region;
    // ListFunctions omits State; a listed function exists and is invocable unless AWS says otherwise.
    std::string state = string_member(f, "State");
    r.status = state.empty() || state == "Active" ? "running"
               : state == "Pending"               ? "provisioning"
               : state == "Inactive"              ? "stopped"
                                                  : "error";
    for (auto [aws_key, spec_key] : {std::pair{"Runtime", "runtime"},
                                     {"Handler", "handler"},
                                     {"PackageType", "packageType"},
                                     {"Description", "description"}})
      if (auto v = string_member(f, aws_key); !v.empty()) r.spec[spec_key] = v;
    if (f.contains("MemorySize") && f["MemorySize"].is_number())
      r.spec["memoryGb"] = f["MemorySize"].get<double>() / 1024;
    if (f.contains("Timeout") && f["Timeout"].is_number()) r.spec["timeoutSeconds"] = f["Timeout"];
    if (f.contains("CodeSize") && f["CodeSize"].is_number()) r.spec["codeSizeBytes"] = f["CodeSize"];
    if (f.contains("Architectures") && f["Architectures"].is_array()) r.spec["architectures"] = f["Architectures"];
    bool in_vpc =
        f.contains("VpcConfig") && f["VpcConfig"].is_object() && !string_member(f["VpcConfig"], "VpcId").empty();
    r.posture["inVpc"] = in_vpc;
    // LastModified is "2019-09-05T21:12:36.468+0000": RFC 3339 needs the colon in the offset.
    std::string modified = string_member(f, "LastModified");
    if (modified.size() > 5 && (modified[modified.size() - 5] == '+' || modified[modified.size() - 5] == '-'))
      modified.insert(modified.size() - 2, ":");
    if (auto t = parse_rfc3339(modified)) r.created_at = *t;
    page.items.push_back(std::move(r));
  }
  return page;
}

CostPage parse_cost_and_usage(std::string_view body) {
  json doc = json_object_of(body, "GetCostAndUsage");
  auto results = doc.find("ResultsByTime");
  if (results == doc.end() || !results->is_array())
    throw ProviderError("MalformedResponse", "GetCostAndUsage response has no ResultsByTime");
  CostPage page;
  page.next_token = string_member(doc, "NextPageToken");
  for (const json& period : *results) {
    std::string date = period.is_object() && period.contains("TimePeriod") && period["TimePeriod"].is_object()
                           ? string_member(period["TimePeriod"], "Start")
                           : "";
    if (date.size() != 10)
      throw ProviderError("MalformedResponse", "GetCostAndUsage: a result has no TimePeriod.Start");
    const json groups = period.value("Groups", json::array());
    if (!groups.is_array()) throw ProviderError("MalformedResponse", "GetCostAndUsage: Groups is not a list");
    for (const json& group : groups) {
      if (!group.is_object()) throw ProviderError("MalformedResponse", "GetCostAndUsage: a group is not an object");
      const json& keys = group.value("Keys", json::array());
      const json* cost = nullptr;
      if (group.contains("Metrics") && group["Metrics"].contains("UnblendedCost"))
        cost = &group["Metrics"]["UnblendedCost"];
      if (!keys.is_array() || keys.empty() || !keys[0].is_string() || !cost || !cost->is_object())
        throw ProviderError("MalformedResponse", "GetCostAndUsage: a group has no Keys/UnblendedCost");
      CostLine line;
      line.date = date;
      line.service = keys[0].get<std::string>();
      try {
        line.amount = std::stod(string_member(*cost, "Amount"));
      } catch (const std::exception&) {
        throw ProviderError("MalformedResponse", "GetCostAndUsage: an UnblendedCost Amount is not a number");
      }
      page.lines.push_back(std::move(line));
    }
  }
  return page;
}

}  // namespace cw::providers::aws
