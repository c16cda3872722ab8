#pragma once
/// The security scope of the key's project as inventory records, for the security rules: the
/// project itself (Resource Manager: data-access audit logs in its IAM policy), its IAM service
/// accounts (age of their user-managed keys) and its Cloud KMS crypto keys (rotation). The gcp
/// provider hands these out as the last phases of its listing; this reader makes the calls.
///
/// A 403 — a permission the key lacks, or the API not enabled in the project — leaves what that
/// call would have told unknown (facts listed in posture.unknown, or no records of that kind) and
/// never fails the listing. Any other failure is a ProviderError, as for every other read.
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "providers/common/http_client.hpp"
#include "providers/gcp/json_responses.hpp"

namespace cw::providers::gcp {

class SecurityScopeReader {
 public:
  /// One authorised request (the provider's, with its token handling); `body` is JSON or "".
  using Send =
      std::function<common::HttpResponse(const std::string& method, const std::string& url, const std::string& body)>;
  struct Settings {
    std::string project_id;
    std::string resource_manager;      // "https://cloudresourcemanager.googleapis.com/v1/"
    std::string iam;                   // "https://iam.googleapis.com/v1/"
    std::string kms;                   // "https://cloudkms.googleapis.com/v1/"
    std::vector<std::string> regions;  // the account's; empty = every Cloud KMS location
  };
  /// The request body of projects.getIamPolicy (version 3: conditional bindings come back whole).
  static constexpr const char* kGetIamPolicyBody = R"({"options":{"requestedPolicyVersion":3}})";

  SecurityScopeReader(Settings settings, const Clock& clock, Send send);

  /// The project record: projects.get (name, number, state) and projects.getIamPolicy
  /// (posture.trailEnabled).
  ResourceRecord project();
  /// One page of service accounts (IAM's pageToken; "" starts), each with its keys read.
  RecordPage service_accounts(const std::string& page_token, int page_size);
  /// One page of crypto keys: the keys of one page of key rings in one location. `cursor` is ""
  /// to start, then the returned next_page_token ("<location>|<keyRings pageToken>"), "" at the
  /// end. The locations are the account's regions plus "global", or, without regions, every
  /// location Cloud KMS offers the project (locations.list, read again at each start).
  RecordPage crypto_keys(const std::string& cursor, int page_size);

  // The URLs of the reads above, for the connection test's probes.
  std::string project_url() const;
  std::string iam_policy_url() const;
  std::string service_accounts_url(const std::string& page_token, int page_size) const;
  std::string key_rings_url(const std::string& location, const std::string& page_token, int page_size) const;

 private:
  std::vector<std::string> kms_locations();  // sorted, "global" included
  std::vector<std::string> cached_kms_locations(bool refresh);
  void add_crypto_keys(const std::string& location, const std::string& key_ring, int page_size, RecordPage& out);

  Settings settings_;
  const Clock& clock_;
  Send send_;
  std::string project_path_;  // "projects/<id>", percent-encoded
  std::mutex mutex_;          // guards locations_ (pages may be read from several threads)
  std::vector<std::string> locations_;
};

}  // namespace cw::providers::gcp
