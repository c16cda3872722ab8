#pragma once
/// Azure Storage Shared Key authorization (Blob service, version 2009-09-19 and later): the
/// string to sign of Microsoft's "Authorize with Shared Key" (verb, the standard headers,
/// canonicalized x-ms-* headers, canonicalized resource), HMAC-SHA256 under the base64-decoded
/// account key, sent as "Authorization: SharedKey <account>:<signature>". BlobContainers uses it
/// for List Containers, Create Container and Delete Container on one storage account; errors
/// (403 AuthenticationFailed for a wrong key, …) become ProviderError with the service's code.
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "providers/common/http_client.hpp"

namespace cw::providers::azure {

struct SharedKeyRequest {
  std::string method;
  std::string path;  // URI path as sent (already percent-encoded), e.g. "/devstoreaccount1/logs"
  std::vector<std::pair<std::string, std::string>> query;  // decoded names and values
  common::Headers headers;                                 // every header the request carries
};

std::string shared_key_string_to_sign(const SharedKeyRequest& request, const std::string& account);
/// The Authorization header value; "InvalidParameterValue" when the key is not base64.
std::string shared_key_authorization(const SharedKeyRequest& request, const std::string& account,
                                     const std::string& key_base64);

/// Blob containers of one storage account. `blob_url` is the account's endpoint:
/// https://<account>.blob.core.windows.net or a path-style emulator URL such as
/// http://127.0.0.1:10000/devstoreaccount1.
class BlobContainers {
 public:
  BlobContainers(common::HttpClient& http, const Clock& clock, std::string http_account, std::string blob_url,
                 std::string account_name, std::string key_base64);

  std::vector<std::string> list();  // every page (NextMarker)
  void create(const std::string& name);
  void remove(const std::string& name);

 private:
  common::HttpResponse call(const std::string& method, const std::string& sub_path,
                            const std::vector<std::pair<std::string, std::string>>& query,
                            std::initializer_list<long> ok);

  common::HttpClient& http_;
  const Clock& clock_;
  std::string http_account_, base_url_, base_path_, account_, key_;
};

}  // namespace cw::providers::azure
