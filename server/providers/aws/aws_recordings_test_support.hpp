#pragma once
// Test support (header-only, *_test.cpp only): wire bodies for IAM, CloudTrail and KMS built from
// genuine recordings in server/tests/testdata/aws. cloud-custodian's placebo files hold what
// botocore parsed ({status_code, data}), not the bytes AWS sent, so the recorded values are put
// back into each protocol's documented envelope: IAM's query-protocol XML (<Action>Response>
// <Action>Result>, <ErrorResponse><Error>), and the JSON 1.1 object CloudTrail and KMS answer
// (ResponseMetadata is botocore's own; timestamps are epoch seconds on the wire). FakeAws replays
// STS, IAM, CloudTrail and KMS from them for the provider tests. EC2's answers (DescribeVpcs,
// DescribeFlowLogs) are put back the same way: <Action>Response> with each list as <…Set><item>
// and lowerCamel member names.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/testdata.hpp"
#include "providers/aws/awscli_examples_test_support.hpp"
#include "providers/common/percent_encoding.hpp"
#include "providers/common/test_http_server.hpp"

namespace cw::providers::aws::testing {

/// A placebo recording, e.g. "test_key_rotation__kms.ListKeys_1".
inline nlohmann::json placebo(const std::string& name) {
  return nlohmann::json::parse(cw::testing::read_project_testdata("aws/cloud-custodian-placebo/" + name + ".json"));
}

/// A botocore API example's output: `service` "iam-2010-05-08" or "kms-2014-11-01".
inline nlohmann::json api_example(const std::string& service, const std::string& operation, int n = 0) {
  return nlohmann::json::parse(cw::testing::read_project_testdata(
      "aws/botocore-api-examples/" + service + ".examples-1.json"))["examples"][operation][n]["output"];
}

/// Placebo writes a datetime as its fields (the zone dropped: read as UTC here).
inline double placebo_epoch_seconds(const nlohmann::json& t) {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t["year"].get<int>(), t["month"].get<int>(),
                t["day"].get<int>(), t["hour"].get<int>(), t["minute"].get<int>(), t["second"].get<int>(),
                t["microsecond"].get<int>() / 1000);
  return static_cast<double>(parse_rfc3339(text).value()) / 1000.0;
}

/// The JSON 1.1 body a recorded `data` came from.
inline nlohmann::json json_wire(nlohmann::json data) {
  if (data.is_object()) {
    if (data.value("__class__", "") == "datetime") return placebo_epoch_seconds(data);
    data.erase("ResponseMetadata");
    for (auto& [key, value] : data.items()) value = json_wire(value);
  } else if (data.is_array()) {
    for (auto& value : data) value = json_wire(value);
  }
  return data;
}

/// IAM's query-protocol answer to `action` around `result` (the <…Result> element's content).
inline std::string iam_answer(const std::string& action, const std::string& result) {
  return "<" + action + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><" + action + "Result>" + result +
         "</" + action + "Result><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE" +
         "</RequestId></ResponseMetadata></" + action + "Response>";
}

/// IAM's query-protocol error envelope around a recorded Error.
inline std::string iam_error(const nlohmann::json& error) {
  return "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>" +
         error.value("Type", "Sender") + "</Type><Code>" + error["Code"].get<std::string>() + "</Code><Message>" +
         error.value("Message", "") + "</Message></Error><RequestId>358299bb-b7f8-11e2-8d39-e3a125f625ee</RequestId>" +
         "</ErrorResponse>";
}

inline std::string summary_answer(const nlohmann::json& map) {
  std::string entries;
  for (const auto& [key, value] : map.items())
    entries += "<entry><key>" + key + "</key><value>" + value.dump() + "</value></entry>";
  return iam_answer("GetAccountSummary", "<SummaryMap>" + entries + "</SummaryMap>");
}

/// GetCredentialReport's answer for a recorded report (Content is a blob: base64 on the wire).
inline std::string credential_report_answer(const std::string& recording) {
  nlohmann::json data = placebo(recording)["data"];
  return iam_answer("GetCredentialReport", "<Content>" + crypto::base64_encode(data["Content"].get<std::string>()) +
                                               "</Content><ReportFormat>" + data["ReportFormat"].get<std::string>() +
                                               "</ReportFormat>");
}

/// GenerateCredentialReport's answer in `state`, with the recorded description when it is the
/// recorded state.
inline std::string generate_report_answer(const std::string& state) {
  nlohmann::json data = placebo("test_iam_user_unused_keys_report_in_progress__iam.GenerateCredentialReport_1")["data"];
  std::string description = data["State"] == state ? data["Description"].get<std::string>() : "";
  return iam_answer("GenerateCredentialReport",
                    "<State>" + state + "</State><Description>" + description + "</Description>");
}

/// Text for an XML element.
inline std::string xml_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

inline std::string xml_scalar(const nlohmann::json& v) {
  return v.is_string() ? xml_text(v.get<std::string>()) : v.dump();
}

/// An EC2 item of a recorded list (placebo's data): its scalar members lowerCamel, Tags as
/// tagSet. Timestamps (placebo datetimes) and other nested members are left out: the parsers
/// under test do not read them.
inline std::string ec2_item_xml(const nlohmann::json& item) {
  std::string xml = "<item>";
  for (const auto& [key, value] : item.items()) {
    std::string name = key;
    name[0] = static_cast<char>(std::tolower(name[0]));
    if (key == "Tags" && value.is_array()) {
      xml += "<tagSet>";
      for (const auto& tag : value)
        xml += "<item><key>" + xml_scalar(tag["Key"]) + "</key><value>" + xml_scalar(tag["Value"]) + "</value></item>";
      xml += "</tagSet>";
    } else if (!value.is_structured()) {
      xml += "<" + name + ">" + xml_scalar(value) + "</" + name + ">";
    }
  }
  return xml + "</item>";
}

/// EC2's answer to `action` listing `items` in `set` ("vpcSet", "flowLogSet"), with `next_token`.
inline std::string ec2_list_answer(const std::string& action, const std::string& set, const nlohmann::json& items,
                                   const std::string& next_token = "") {
  std::string xml = "<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">" +
                    "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><" + set + ">";
  for (const auto& item : items) xml += ec2_item_xml(item);
  xml += "</" + set + ">";
  if (!next_token.empty()) xml += "<nextToken>" + xml_text(next_token) + "</nextToken>";
  return xml + "</" + action + "Response>";
}

/// EC2's error document (Response/Errors/Error, as botocore recorded for DescribeInstances) for
/// a call the credentials may not make: UnauthorizedOperation with EC2's documented message.
inline std::string ec2_unauthorized() {
  return "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform "
         "this operation.</Message></Error></Errors><RequestID>dfb14b43-9a55-4d8e-b676-e8034d12bbeb</RequestID>"
         "</Response>";
}

/// The query-protocol XML of one value of GetAccountAuthorizationDetails' output as the AWS CLI
/// prints it: members as elements, lists as <member>s, policy documents URL-encoded JSON (as IAM
/// sends them; see botocore's iam-get-user-policy.xml). The CLI example prints a one-policy
/// AttachedManagedPolicies list as the policy itself: it is put back in its list.
inline std::string authorization_details_xml(const nlohmann::json& value, const std::string& key = "") {
  static const std::set<std::string> kLists = {
      "AttachedManagedPolicies", "GroupList",      "UserPolicyList",      "GroupPolicyList",
      "PolicyVersionList",       "UserDetailList", "GroupDetailList",     "Policies",
      "RoleDetailList",          "RolePolicyList", "InstanceProfileList", "Roles"};
  if (key == "PolicyDocument" || key == "Document" || key == "AssumeRolePolicyDocument")
    return common::percent_encode(value.dump());
  if (value.is_array() || (kLists.count(key) && value.is_object())) {
    std::string xml;
    for (const auto& v : value.is_array() ? value : nlohmann::json::array({value}))
      xml += "<member>" + authorization_details_xml(v) + "</member>";
    return xml;
  }
  if (value.is_object()) {
    std::string xml;
    for (const auto& [k, v] : value.items()) xml += "<" + k + ">" + authorization_details_xml(v, k) + "</" + k + ">";
    return xml;
  }
  return xml_scalar(value);
}

/// GetAccountAuthorizationDetails' answer for an output (awscli example shape).
inline std::string authorization_details_answer(const nlohmann::json& output) {
  return iam_answer("GetAccountAuthorizationDetails", authorization_details_xml(output));
}

/// The AWS CLI example of GetAccountAuthorizationDetails (page 1 of 2: IsTruncated, a Marker).
inline nlohmann::json authorization_details_example() {
  return awscli_output_of(cw::testing::read_project_testdata("aws/iam_get-account-authorization-details.rst"));
}

/// Page 2 for it: the AdministratorAccess policy its Admins group has attached. No recording of it
/// exists here: its default version's document is the one AWS publishes for it, which is also
/// the AWS CLI get-user-policy example's document ("*" on "*").
inline nlohmann::json administrator_access_page() {
  nlohmann::json document =
      awscli_output_of(cw::testing::read_project_testdata("aws/iam_get-user-policy.rst"))["PolicyDocument"];
  return {{"Policies",
           {{{"PolicyName", "AdministratorAccess"},
             {"Arn", "arn:aws:iam::aws:policy/AdministratorAccess"},
             {"DefaultVersionId", "v1"},
             {"PolicyVersionList", {{{"VersionId", "v1"}, {"IsDefaultVersion", true}, {"Document", document}}}}}}},
          {"IsTruncated", false}};
}

using nlohmann::json;

inline const std::string kBotocoreXml = "aws-responses/botocore-response_parsing/xml/";
inline const std::string kCustomerKey = "ffb1402c-040a-4b1f-b1e5-9918a0238aa7";  // placebo test_key_rotation
inline const std::string kAwsKey = "798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0";       // placebo alias/aws/ebs
inline const std::string kRsaKey = "1234abcd-12ab-34cd-56ef-1234567890ab";       // the API example's RSA key

/// The operation a request calls: Action= of the query protocol, the X-Amz-Target's last part of JSON.
inline std::string action_of(const common::testing::ReceivedRequest& req) {
  if (auto target = req.headers.find("x-amz-target"); target != req.headers.end())
    return target->second.substr(target->second.rfind('.') + 1);
  size_t at = req.body.find("Action=");
  if (at == std::string::npos) return "";
  size_t end = req.body.find('&', at);
  return req.body.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
}

inline std::string password_policy_answer() {
  // Named: a range-for over a member of a temporary would outlive the temporary.
  const nlohmann::json recording = placebo("test_account_password_policy_update__iam.GetAccountPasswordPolicy_1");
  std::string xml;
  for (const auto& [key, value] : recording["data"]["PasswordPolicy"].items())
    xml += "<" + key + ">" + value.dump() + "</" + key + ">";
  return iam_answer("GetAccountPasswordPolicy", "<PasswordPolicy>" + xml + "</PasswordPolicy>");
}

inline common::testing::Reply json_reply(const json& body) {
  return {200, {{"Content-Type", "application/x-amz-json-1.1"}}, body.dump()};
}

inline common::testing::Reply recorded_json(const std::string& recording) {
  return json_reply(json_wire(placebo(recording)["data"]));
}

/// A replay AWS for STS, IAM, CloudTrail and KMS. Every field can be changed before the
/// server runs; the answers are genuine recordings unless a test says otherwise.
struct FakeAws {
  std::set<std::string> denied;  // operations answered AccessDenied(Exception)
  std::string summary =
      summary_answer(placebo("test_account_root_api_keys__iam.GetAccountSummary_1")["data"]["SummaryMap"]);
  bool password_policy = true;
  /// GenerateCredentialReport's answers in turn; the last one repeats.
  std::vector<std::string> report_states = {"COMPLETE"};
  std::string report = "test_account_credential_report__iam.GetCredentialReport_1";
  bool report_in_progress = false;  // GetCredentialReport answers 404 ReportInProgress (recorded)

  std::mutex mutex;
  std::vector<std::string> calls;  // operations in the order received

  int count(const std::string& action) {
    std::lock_guard lock(mutex);
    return static_cast<int>(std::count(calls.begin(), calls.end(), action));
  }

  common::testing::Reply operator()(const common::testing::ReceivedRequest& req) {
    const std::string action = action_of(req);
    int generated;
    {
      std::lock_guard lock(mutex);
      calls.push_back(action);
      generated = static_cast<int>(std::count(calls.begin(), calls.end(), "GenerateCredentialReport"));
    }
    const bool json_protocol = req.headers.count("x-amz-target") > 0;
    if (denied.count(action)) {
      if (!json_protocol)
        return {403, {}, cw::testing::read_testdata(kBotocoreXml + "errors/sts-get-session-token.xml")};
      json error = placebo("test_kms_access_denied__kms.DescribeKey_1")["data"]["Error"];
      return {400, {}, json{{"__type", error["Code"]}, {"message", error["Message"]}}.dump()};
    }
    json input = json_protocol ? json::parse(req.body) : json::object();
    if (action == "GetCallerIdentity") {
      json rec =
          json::parse(cw::testing::read_testdata("aws-responses/cloud-custodian-placebo/sts.GetCallerIdentity/"
                                                 "test_credential_sts__sts.GetCallerIdentity_1.json"))["data"];
      return {200,
              {},
              "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
              "<Arn>" +
                  rec["Arn"].get<std::string>() + "</Arn><UserId>" + rec["UserId"].get<std::string>() +
                  "</UserId><Account>" + rec["Account"].get<std::string>() +
                  "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"};
    }
    if (action == "ListAccountAliases")
      return {200, {}, cw::testing::read_testdata(kBotocoreXml + "responses/iam-list-account-aliases.xml")};
    if (action == "GetAccountSummary") return {200, {}, summary};
    if (action == "GetAccountPasswordPolicy") {
      if (password_policy) return {200, {}, password_policy_answer()};
      json missing = placebo("test_account_missing_password_policy__iam.GetAccountPasswordPolicy_1");
      return {missing["status_code"].get<int>(), {}, iam_error(missing["data"]["Error"])};
    }
    if (action == "GenerateCredentialReport")
      return {
          200,
          {},
          aws::testing::generate_report_answer(report_states[std::min<size_t>(generated, report_states.size()) - 1])};
    if (action == "GetCredentialReport") {
      if (!report_in_progress) return {200, {}, aws::testing::credential_report_answer(report)};
      json pending = placebo("test_iam_user_unused_keys_report_in_progress__iam.GetCredentialReport_1");
      return {pending["status_code"].get<int>(), {}, iam_error(pending["data"]["Error"])};
    }
    if (action == "ListUsers")
      return {200, {}, cw::testing::read_testdata(kBotocoreXml + "responses/iam-list-users.xml")};
    if (action == "GetAccountAuthorizationDetails") {
      // Page 1: the AWS CLI example, its users Alice, Bob and Charlie standing for the report's
      // andrew, anthony and c7n-iam-test; page 2 (asked with page 1's Marker): AdministratorAccess.
      if (req.body.find("&Marker=") != std::string::npos)
        return {200, {}, authorization_details_answer(administrator_access_page())};
      json page = authorization_details_example();
      const std::map<std::string, std::string> kStandIns = {
          {"Alice", "andrew"}, {"Bob", "anthony"}, {"Charlie", "c7n-iam-test"}};
      for (auto& user : page["UserDetailList"]) {
        const std::string name = kStandIns.at(user["UserName"].get<std::string>());
        user["UserName"] = name;
        user["Arn"] = "arn:aws:iam::644160558196:user/" + name;
      }
      return {200, {}, authorization_details_answer(page)};
    }
    if (action == "DescribeTrails") return recorded_json("test_cloudtrail_status__cloudtrail.DescribeTrails_1");
    if (action == "GetTrailStatus") {
      // S3-DataEvents stopped logging; skunk-trails logs (the recording's order).
      bool data_events = input.value("Name", "").find("trail/S3-DataEvents") != std::string::npos;
      return recorded_json(std::string("test_cloudtrail_status__cloudtrail.GetTrailStatus_") +
                           (data_events ? "1" : "2"));
    }
    if (action == "ListKeys") {
      // Page 1: the AWS-managed key's recording, made truncated; page 2: the customer key's
      // recording plus the API examples' RSA key.
      if (!input.contains("Marker")) {
        json page = json_wire(placebo("test_account_disable_ebs_encrypt__kms.ListKeys_1")["data"]);
        page["Truncated"] = true;
        page["NextMarker"] = "page/2+";
        return json_reply(page);
      }
      json page = json_wire(placebo("test_key_rotation__kms.ListKeys_1")["data"]);
      json rsa = api_example("kms-2014-11-01", "DescribeKey", 1)["KeyMetadata"];
      page["Keys"].push_back({{"KeyId", rsa["KeyId"]}, {"KeyArn", rsa["Arn"]}});
      return json_reply(page);
    }
    if (action == "ListAliases") return recorded_json("test_account_disable_ebs_encrypt__kms.ListAliases_1");
    if (action == "DescribeKey") {
      std::string key = input.value("KeyId", "");
      if (key == kAwsKey) return recorded_json("test_account_disable_ebs_encrypt__kms.DescribeKey_1");
      if (key == kCustomerKey) return recorded_json("test_key_rotation__kms.DescribeKey_1");
      if (key == kRsaKey)
        return json_reply({{"KeyMetadata", api_example("kms-2014-11-01", "DescribeKey", 1)["KeyMetadata"]}});
    }
    if (action == "GetKeyRotationStatus" && input.value("KeyId", "") == kCustomerKey)
      return recorded_json("test_key_rotation__kms.GetKeyRotationStatus_1");
    return {400,
            {},
            "<ErrorResponse><Error><Code>Unexpected</Code><Message>" + action + "</Message></Error></ErrorResponse>"};
  }
};

}  // namespace cw::providers::aws::testing
