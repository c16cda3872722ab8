#pragma once
/// IAM (query protocol 2010-05-08; one global endpoint, signed for us-east-1) for the provider:
/// the account's IAM facts and its users with the credential report's facts. A read the
/// credentials may not do (AccessDenied) leaves its facts unknown instead of failing the sync.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "providers/aws/aws_client.hpp"
#include "providers/aws/credential_report.hpp"
#include "providers/aws/iam_admin_policies.hpp"
#include "providers/aws/iam_responses.hpp"

namespace cw::providers::aws {

struct IamAccountFacts {
  std::string alias;  // "" when there is none (or ListAccountAliases is denied)
  /// rootMfaEnabled, rootAccessKeys (GetAccountSummary; the credential report's <root_account>
  /// row when the summary does not say), passwordPolicy and passwordMinLength
  /// (GetAccountPasswordPolicy; NoSuchEntity = no policy); the others under "unknown".
  nlohmann::json posture = nlohmann::json::object();
};
IamAccountFacts iam_account_facts(AwsClient& aws);

/// GetAccountSummary's root facts; errors (AccessDenied included) are thrown: the connection
/// test's probe.
AccountSummary iam_account_summary(AwsClient& aws);

/// The credential report: GenerateCredentialReport, asked again with the client's backoff while
/// it answers STARTED/INPROGRESS, then GetCredentialReport. nullopt when it is not ready after
/// those attempts (the next sync finds it: IAM keeps a report for four hours) or either call is
/// denied.
std::optional<CredentialReport> iam_credential_report(AwsClient& aws);

/// A page of the account's users. "" → every user from the credential report, with its facts, in
/// one page; when the report is unavailable, the first ListUsers page instead (the users, their
/// facts unknown for this sync, so they are not taken for deleted). Any other token is ListUsers'
/// Marker. ListUsers denied as well: no users.
ResourcePage iam_list_users(AwsClient& aws, const std::string& token, int page_size);

/// GetAccountAuthorizationDetails, every page (users, groups, local and AWS managed policies):
/// which users hold "*" on "*". nullopt when the credentials may not read it.
std::optional<AdminGrants> iam_admin_grants(AwsClient& aws);

/// Sets posture.adminWildcardPolicy on each IAM user record from `grants`; a user it cannot tell
/// about (or every user, when `grants` is nullopt) gets the fact named in posture.unknown.
void add_admin_wildcard(std::vector<ResourceRecord>& users, const std::optional<AdminGrants>& grants);

}  // namespace cw::providers::aws
