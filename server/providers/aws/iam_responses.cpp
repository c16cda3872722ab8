#include "providers/aws/iam_responses.hpp"

#include "core/crypto.hpp"
#include "providers/aws/xml_answer.hpp"

namespace cw::providers::aws {
namespace {

pugi::xml_node result_of(pugi::xml_document& doc, std::string_view body, const char* action) {
  const std::string response = std::string(action) + "Response";
  pugi::xml_node result = xml_root(doc, body, response.c_str(), action).child((std::string(action) + "Result").c_str());
  if (!result) throw ProviderError("MalformedResponse", std::string(action) + " answer has no " + action + "Result");
  return result;
}

/// "1"/"0" of a SummaryMap entry; nullopt for anything else.
std::optional<bool> flag(const std::string& value) {
  if (value == "1") return true;
  if (value == "0") return false;
  return std::nullopt;
}

}  // namespace

AccountSummary parse_account_summary(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node map = result_of(doc, body, "GetAccountSummary").child("SummaryMap");
  AccountSummary summary;
  for (pugi::xml_node entry : map.children("entry")) {
    std::string key = child_text(entry, "key");
    if (key == "AccountMFAEnabled") summary.root_mfa_enabled = flag(child_text(entry, "value"));
    if (key == "AccountAccessKeysPresent") summary.root_access_keys = flag(child_text(entry, "value"));
  }
  return summary;
}

std::optional<int> parse_password_policy_min_length(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node policy = result_of(doc, body, "GetAccountPasswordPolicy").child("PasswordPolicy");
  if (!policy) throw ProviderError("MalformedResponse", "GetAccountPasswordPolicy answer has no PasswordPolicy");
  pugi::xml_node length = policy.child("MinimumPasswordLength");
  int n = length.text().as_int(-1);
  if (!length || n < 0) return std::nullopt;
  return n;
}

std::vector<std::string> parse_account_aliases(std::string_view body) {
  pugi::xml_document doc;
  std::vector<std::string> aliases;
  for (pugi::xml_node m : result_of(doc, body, "ListAccountAliases").child("AccountAliases").children("member"))
    if (std::string alias = m.text().as_string(); !alias.empty()) aliases.push_back(alias);
  return aliases;
}

std::string parse_credential_report_state(std::string_view body) {
  pugi::xml_document doc;
  std::string state = child_text(result_of(doc, body, "GenerateCredentialReport"), "State");
  if (state.empty()) throw ProviderError("MalformedResponse", "GenerateCredentialReport answer has no State");
  return state;
}

std::string parse_credential_report_content(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node result = result_of(doc, body, "GetCredentialReport");
  std::string format = child_text(result, "ReportFormat");
  if (!format.empty() && format != "text/csv")
    throw ProviderError("MalformedResponse", "GetCredentialReport: the report is " + format + ", not text/csv");
  // Base64 in XML text may be wrapped; the decoder takes none of the white space.
  std::string encoded;
  for (char c : std::string_view(result.child_value("Content")))
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') encoded += c;
  std::string csv;
  if (encoded.empty() || !crypto::base64_decode(encoded, csv))
    throw ProviderError("MalformedResponse", "GetCredentialReport: Content is not base64");
  return csv;
}

ResourceRecord iam_user_record(const std::string& arn, const std::string& name, Millis created_at) {
  ResourceRecord r;
  r.external_id = arn;
  r.provider = "aws";
  r.name = name;
  r.type = "identity";
  r.region = "global";
  r.status = "running";
  r.created_at = created_at;
  r.spec["kind"] = "iamUser";
  return r;
}

ResourcePage parse_list_users(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node result = result_of(doc, body, "ListUsers");
  ResourcePage page;
  for (pugi::xml_node u : result.child("Users").children("member")) {
    std::string arn = child_text(u, "Arn"), name = child_text(u, "UserName");
    if (arn.empty() || name.empty()) throw ProviderError("MalformedResponse", "ListUsers: a user has no Arn/UserName");
    page.items.push_back(iam_user_record(arn, name, parse_rfc3339(child_text(u, "CreateDate")).value_or(0)));
  }
  if (std::string_view(result.child_value("IsTruncated")) == "true") {
    page.next_token = child_text(result, "Marker");
    if (page.next_token.empty()) throw ProviderError("MalformedResponse", "ListUsers is truncated without a Marker");
  }
  return page;
}

}  // namespace cw::providers::aws
