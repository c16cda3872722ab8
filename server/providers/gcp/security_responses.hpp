#pragma once
/// Google Cloud answers about a project's security scope → records and the facts the security
/// rules read (docs/security-rules.md): the project's IAM policy (data-access audit logs), IAM
/// service accounts and their user-managed keys, and Cloud KMS locations, key rings and crypto
/// keys. As in json_responses.hpp a malformed answer throws ProviderError("InvalidResponse"); a
/// fact the answer does not give is left out (unknown), never guessed.
#include <optional>
#include <string>
#include <vector>

#include "providers/gcp/json_responses.hpp"
#include "providers/provider.hpp"

namespace cw::providers::gcp {

/// The project as an "account" record (spec.kind "project", external id "projects/<id>", region
/// "global"), named by its display name when projects.get could be read (`info`), else by its id.
ResourceRecord project_record(const std::string& project_id, const ProjectInfo* info);

/// projects.getIamPolicy: are data-access audit logs on for every service and every user? That is
/// an auditConfigs entry for "allServices" logging DATA_READ and DATA_WRITE, none of its log
/// configs exempting members (CIS GCP 2.1). Admin Activity logs are always on in GCP, so this is
/// what `trailEnabled` means for a project. Configs inherited from a folder or the organisation
/// are not in the project's own policy.
bool data_access_logs_for_all_services(const std::string& policy_body);

/// IAM serviceAccounts.list ({"accounts": […], "nextPageToken"}) → one "identity" record per
/// account (spec.kind "serviceAccount"; disabled → "stopped"), without key facts.
RecordPage parse_service_account_list(const std::string& body);

/// What serviceAccounts.keys.list says about the keys a user manages (Google's own keys rotate
/// themselves and are not counted).
struct UserManagedKeys {
  int active = 0;                      // neither disabled nor past validBeforeTime
  std::optional<int> oldest_age_days;  // whole days since the oldest active key's validAfterTime
};
/// `now` decides which keys have expired and how old they are.
UserManagedKeys parse_user_managed_keys(const std::string& body, Millis now);
/// posture.accessKeyAgeDays = the oldest active key's age (left out without active keys; listed
/// in posture.unknown when an active key has no validAfterTime) and spec.userManagedKeys = count.
void add_access_key_facts(ResourceRecord& service_account, const UserManagedKeys& keys);

/// Names from one page of a Cloud KMS list and its nextPageToken ("" on the last page).
struct NamePage {
  std::vector<std::string> names;
  std::string next_page_token;
};
/// locations.list → location ids ("us-central1", "europe", "global", …).
NamePage parse_kms_locations(const std::string& body);
/// keyRings.list → key ring ids (the last segment of each name). An empty object is an empty page.
NamePage parse_key_rings(const std::string& body);
/// cryptoKeys.list → one "key" record per crypto key (spec.kind "cryptoKey", region = location).
/// posture.keyRotationEnabled only for symmetric keys (purpose ENCRYPT_DECRYPT): a rotationPeriod
/// of at most 90 days; asymmetric, MAC and raw keys cannot rotate automatically and get no fact.
RecordPage parse_crypto_keys(const std::string& body);

/// Lists `fact` in posture.unknown: the cloud did not let us read it (a 403), so it is not known.
void add_unknown_fact(ResourceRecord& r, const char* fact);

/// The state of a key's primary version → one of kResourceStatuses ("" = no primary → running).
std::string crypto_key_status(const std::string& primary_state);
/// A protobuf Duration in JSON ("7776000s", "3.5s") → seconds; nullopt when it is not one.
std::optional<double> parse_duration_seconds(const std::string& text);

}  // namespace cw::providers::gcp
