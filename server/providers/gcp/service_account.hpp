#pragma once
/// A Google service-account key (the JSON file the Cloud console downloads), validated and with
/// its RSA private key loaded. The key JSON arrives as the string credentials.serviceAccountJson;
/// field problems are reported by name, never with the key material.
#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <string>

typedef struct evp_pkey_st EVP_PKEY;

namespace cw::providers::gcp {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
using PrivateKey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct ServiceAccountKey {
  std::string project_id;
  std::string client_email;
  std::string private_key_id;  // "" when the key file has none (the JWT then has no "kid")
  std::string token_uri;
  PrivateKey private_key;
};

/// Loads a PEM private key (PKCS#8 or PKCS#1 RSA); nullptr when it does not parse or is not RSA.
PrivateKey load_rsa_private_key(const std::string& pem);

/// Problems with the credentials object {serviceAccountJson}, keyed by field name
/// ("serviceAccountJson.private_key", …); empty when valid.
std::map<std::string, std::string> validate_credentials(const nlohmann::json& credentials);

/// Parses valid credentials; throws ProviderError("InvalidParameterValue") naming the first problem.
ServiceAccountKey parse_service_account(const nlohmann::json& credentials);

}  // namespace cw::providers::gcp
