#include "providers/aws/iam.hpp"

#include <algorithm>

#include "providers/aws/iam_responses.hpp"
#include "providers/aws/xml_responses.hpp"

namespace cw::providers::aws {
namespace {

const std::string kVersion = "&Version=2010-05-08";

std::string iam_call(AwsClient& aws, const std::string& form,
                     const std::function<bool(const common::HttpResponse&)>& retry_answer = {}) {
  return aws.query("iam", "us-east-1", aws.endpoint("iam", "https://iam.amazonaws.com"), form, retry_answer).body;
}

/// `read()`, or nullopt when the credentials may not do it.
template <typename Read>
auto permitted(Read read) -> std::optional<decltype(read())> {
  try {
    return read();
  } catch (const ProviderError& e) {
    if (is_access_denied_code(e.code())) return std::nullopt;
    throw;
  }
}

bool report_pending(const common::HttpResponse& r) {
  if (r.status != 200) return false;
  try {
    std::string state = parse_credential_report_state(r.body);
    return state == "STARTED" || state == "INPROGRESS";
  } catch (const ProviderError&) {
    return false;  // not the answer expected: the caller says so
  }
}

}  // namespace

IamAccountFacts iam_account_facts(AwsClient& aws) {
  IamAccountFacts facts;
  nlohmann::json& posture = facts.posture;
  nlohmann::json unknown = nlohmann::json::array();
  auto aliases =
      permitted([&] { return parse_account_aliases(iam_call(aws, "Action=ListAccountAliases" + kVersion)); });
  if (aliases && !aliases->empty()) facts.alias = aliases->front();
  AccountSummary summary = permitted([&] { return iam_account_summary(aws); }).value_or(AccountSummary{});
  // The summary may be denied, or (older answers) lack a key: the credential report's root row
  // says the same.
  if (!summary.root_mfa_enabled || !summary.root_access_keys) {
    if (auto report = iam_credential_report(aws)) {
      if (!summary.root_mfa_enabled) summary.root_mfa_enabled = report->root_mfa_enabled;
      if (!summary.root_access_keys) summary.root_access_keys = report->root_access_keys;
    }
  }
  for (auto [fact, value] :
       {std::pair{"rootMfaEnabled", summary.root_mfa_enabled}, std::pair{"rootAccessKeys", summary.root_access_keys}}) {
    if (value)
      posture[fact] = *value;
    else
      unknown.push_back(fact);
  }
  try {
    std::optional<int> min_length =
        parse_password_policy_min_length(iam_call(aws, "Action=GetAccountPasswordPolicy" + kVersion));
    posture["passwordPolicy"] = true;
    if (min_length)
      posture["passwordMinLength"] = *min_length;
    else
      unknown.push_back("passwordMinLength");
  } catch (const ProviderError& e) {
    if (e.code() == "NoSuchEntity") {
      posture["passwordPolicy"] = false;  // no policy: no minimum length either
    } else if (is_access_denied_code(e.code())) {
      unknown.push_back("passwordPolicy");
      unknown.push_back("passwordMinLength");
    } else {
      throw;
    }
  }
  if (!unknown.empty()) posture["unknown"] = unknown;
  return facts;
}

AccountSummary iam_account_summary(AwsClient& aws) {
  return parse_account_summary(iam_call(aws, "Action=GetAccountSummary" + kVersion));
}

std::optional<CredentialReport> iam_credential_report(AwsClient& aws) {
  try {
    std::string state =
        parse_credential_report_state(iam_call(aws, "Action=GenerateCredentialReport" + kVersion, report_pending));
    if (state != "COMPLETE") return std::nullopt;
    return parse_credential_report(
        parse_credential_report_content(iam_call(aws, "Action=GetCredentialReport" + kVersion)), aws.clock().now_ms());
  } catch (const ProviderError& e) {
    // ReportInProgress: generated again by someone else meanwhile; ReportNotPresent/ReportExpired:
    // gone between the two calls. Either way the next sync reads it.
    if (is_access_denied_code(e.code()) || e.code() == "ReportInProgress" || e.code() == "ReportNotPresent" ||
        e.code() == "ReportExpired")
      return std::nullopt;
    throw;
  }
}

ResourcePage iam_list_users(AwsClient& aws, const std::string& token, int page_size) {
  if (token.empty()) {
    if (auto report = iam_credential_report(aws)) return {std::move(report->users), ""};
  }
  std::string form = "Action=ListUsers" + kVersion + "&MaxItems=" + std::to_string(std::clamp(page_size, 1, 1000));
  if (!token.empty()) form += "&Marker=" + uri_encode(token, false);
  ResourcePage page = permitted([&] { return parse_list_users(iam_call(aws, form)); }).value_or(ResourcePage{});
  for (ResourceRecord& user : page.items)
    user.posture["unknown"] = {"consolePassword", "mfaEnabled", "accessKeyAgeDays", "accessKeyLastUsedDays"};
  return page;
}

std::optional<AdminGrants> iam_admin_grants(AwsClient& aws) {
  const std::string form = "Action=GetAccountAuthorizationDetails" + kVersion +
                           "&Filter.member.1=User&Filter.member.2=Group&Filter.member.3=LocalManagedPolicy"
                           "&Filter.member.4=AWSManagedPolicy&MaxItems=1000";
  return permitted([&] {
    AdminGrants grants;
    std::string marker;
    do {
      std::string body = iam_call(aws, marker.empty() ? form : form + "&Marker=" + uri_encode(marker, false));
      std::string next = grants.add_page(body);
      if (!next.empty() && next == marker)
        throw ProviderError("MalformedResponse", "GetAccountAuthorizationDetails answered the same Marker again");
      marker = std::move(next);
    } while (!marker.empty());
    return grants;
  });
}

void add_admin_wildcard(std::vector<ResourceRecord>& users, const std::optional<AdminGrants>& grants) {
  for (ResourceRecord& user : users) {
    std::optional<bool> admin = grants ? grants->user_is_admin(user.external_id) : std::nullopt;
    if (admin) {
      user.posture["adminWildcardPolicy"] = *admin;
    } else {
      if (!user.posture.contains("unknown")) user.posture["unknown"] = nlohmann::json::array();
      user.posture["unknown"].push_back("adminWildcardPolicy");
    }
  }
}

}  // namespace cw::providers::aws
