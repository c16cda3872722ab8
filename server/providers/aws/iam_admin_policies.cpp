#include "providers/aws/iam_admin_policies.hpp"

#include <nlohmann/json.hpp>

#include "providers/aws/sigv4.hpp"
#include "providers/aws/xml_answer.hpp"

namespace cw::providers::aws {
namespace {

bool is_wildcard(const nlohmann::json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>() == "*";
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string() && v.get_ref<const std::string&>() == "*") return true;
  return false;
}

bool statement_grants_admin(const nlohmann::json& s) {
  // NotAction/NotResource grant "everything but": not the full "*:*" CIS 1.16 asks about.
  return s.is_object() && s.value("Effect", "") == "Allow" && s.contains("Action") && is_wildcard(s["Action"]) &&
         s.contains("Resource") && is_wildcard(s["Resource"]);
}

/// A URL-encoded document of the answer, judged.
std::optional<bool> encoded_grants_admin(const pugi::xml_node& document) {
  if (!document) return std::nullopt;
  return policy_grants_admin(percent_decode(document.child_value()));
}

/// Two verdicts combined as grants add up: one that grants wins; else one that cannot be told.
std::optional<bool> either(std::optional<bool> a, std::optional<bool> b) {
  if (a == true || b == true) return true;
  if (!a || !b) return std::nullopt;
  return false;
}

}  // namespace

std::optional<bool> policy_grants_admin(std::string_view document) {
  nlohmann::json doc = nlohmann::json::parse(document, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  auto statements = doc.find("Statement");
  if (statements == doc.end()) return false;
  if (statements->is_object()) return statement_grants_admin(*statements);
  if (statements->is_array())
    for (const auto& s : *statements)
      if (statement_grants_admin(s)) return true;
  return false;
}

std::string AdminGrants::add_page(std::string& body) {
  pugi::xml_document doc;
  pugi::xml_node result =
      xml_root_in_place(doc, body, "GetAccountAuthorizationDetailsResponse", "GetAccountAuthorizationDetails")
          .child("GetAccountAuthorizationDetailsResult");
  if (!result) throw ProviderError("MalformedResponse", "GetAccountAuthorizationDetails answer has no result");
  auto grants_of = [](const pugi::xml_node& entity, const char* inline_list) {
    Grants g;
    for (pugi::xml_node p : entity.child(inline_list).children("member"))
      g.inline_admin = either(g.inline_admin, encoded_grants_admin(p.child("PolicyDocument")));
    for (pugi::xml_node p : entity.child("AttachedManagedPolicies").children("member"))
      if (std::string arn = child_text(p, "PolicyArn"); !arn.empty()) g.managed.push_back(std::move(arn));
    return g;
  };
  for (pugi::xml_node u : result.child("UserDetailList").children("member")) {
    std::string arn = child_text(u, "Arn");
    if (arn.empty()) throw ProviderError("MalformedResponse", "GetAccountAuthorizationDetails: a user has no Arn");
    User user{grants_of(u, "UserPolicyList"), {}};
    for (pugi::xml_node g : u.child("GroupList").children("member")) user.groups.push_back(g.child_value());
    users_[arn] = std::move(user);
  }
  for (pugi::xml_node g : result.child("GroupDetailList").children("member"))
    groups_[child_text(g, "GroupName")] = grants_of(g, "GroupPolicyList");
  for (pugi::xml_node p : result.child("Policies").children("member")) {
    std::optional<bool> admin;  // no default version in the answer: cannot be told
    for (pugi::xml_node v : p.child("PolicyVersionList").children("member"))
      if (std::string_view(v.child_value("IsDefaultVersion")) == "true")
        admin = encoded_grants_admin(v.child("Document"));
    managed_admin_[child_text(p, "Arn")] = admin;
  }
  if (std::string_view(result.child_value("IsTruncated")) != "true") return "";
  std::string marker = child_text(result, "Marker");
  if (marker.empty())
    throw ProviderError("MalformedResponse", "GetAccountAuthorizationDetails is truncated without a Marker");
  return marker;
}

std::optional<bool> AdminGrants::verdict(const Grants& grants) const {
  std::optional<bool> admin = grants.inline_admin;
  for (const std::string& arn : grants.managed) {
    auto it = managed_admin_.find(arn);
    admin = either(admin, it == managed_admin_.end() ? std::nullopt : it->second);
  }
  return admin;
}

std::optional<bool> AdminGrants::user_is_admin(const std::string& arn) const {
  auto user = users_.find(arn);
  if (user == users_.end()) return std::nullopt;  // created since the answer, or not in it
  std::optional<bool> admin = verdict(user->second.own);
  for (const std::string& name : user->second.groups) {
    auto group = groups_.find(name);
    admin = either(admin, group == groups_.end() ? std::nullopt : verdict(group->second));
  }
  return admin;
}

}  // namespace cw::providers::aws
