#pragma once
/// Parsers for the IAM answers the provider reads (query protocol 2010-05-08, XML): the account
/// summary's root facts, the password policy, the account aliases, the credential report's
/// generation state and content, and ListUsers. A fact an answer leaves out stays unknown
/// (nullopt); a body that is not the expected document throws ProviderError("MalformedResponse").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::aws {

/// GetAccountSummary: AccountMFAEnabled and AccountAccessKeysPresent (1 = yes).
struct AccountSummary {
  std::optional<bool> root_mfa_enabled;
  std::optional<bool> root_access_keys;
};
AccountSummary parse_account_summary(std::string_view body);

/// GetAccountPasswordPolicy: the policy's MinimumPasswordLength (nullopt when it does not say).
std::optional<int> parse_password_policy_min_length(std::string_view body);

/// ListAccountAliases: the aliases (an account has at most one).
std::vector<std::string> parse_account_aliases(std::string_view body);

/// GenerateCredentialReport: State, "STARTED", "INPROGRESS" or "COMPLETE".
std::string parse_credential_report_state(std::string_view body);

/// GetCredentialReport: the report's CSV, decoded from the base64 Content.
std::string parse_credential_report_content(std::string_view body);

/// ListUsers page: "identity" records (spec.kind "iamUser") with no posture facts — ListUsers
/// does not say what credentials a user has — and the Marker when IsTruncated.
ResourcePage parse_list_users(std::string_view body);

/// An "identity" record of an IAM user as both ListUsers and the credential report name it.
ResourceRecord iam_user_record(const std::string& arn, const std::string& name, Millis created_at);

}  // namespace cw::providers::aws
