#include "providers/gcp/service_account.hpp"
#include "core/json_parse.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::gcp {
namespace {

// The fields of a key file Google issues; the ones we need are required, the rest are accepted
// because every downloaded key carries them.
const std::vector<std::string> kRequiredKeyFields = {"type", "project_id", "private_key", "client_email", "token_uri"};
const std::vector<std::string> kOptionalKeyFields = {
    "private_key_id",       "client_id",      "auth_uri", "auth_provider_x509_cert_url",
    "client_x509_cert_url", "universe_domain"};

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool is_http_url(const std::string& s) { return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0; }

/// Problems with the parsed key JSON; `key` is filled when there are none.
std::map<std::string, std::string> check_key(const nlohmann::json& j, ServiceAccountKey* key) {
  std::map<std::string, std::string> problems;
  const std::string prefix = "serviceAccountJson.";
  if (!j.is_object()) return {{"serviceAccountJson", "must be a JSON object (a service-account key file)"}};
  for (const auto& f : kRequiredKeyFields)
    if (!j.contains(f) || !j[f].is_string() || j[f].get_ref<const std::string&>().empty())
      problems[prefix + f] = "is required (a non-empty string)";
  for (const auto& f : kOptionalKeyFields)
    if (j.contains(f) && !j[f].is_string()) problems[prefix + f] = "must be a string";
  for (const auto& [f, v] : j.items())
    if (!contains(kRequiredKeyFields, f) && !contains(kOptionalKeyFields, f))
      problems[prefix + f] = "is not a known field";
  if (!problems.empty()) return problems;

  if (j["type"] != "service_account")
    problems[prefix + "type"] = "must be \"service_account\" (other key types are not supported)";
  if (j["client_email"].get_ref<const std::string&>().find('@') == std::string::npos)
    problems[prefix + "client_email"] = "must be the service account's e-mail address";
  if (!is_http_url(j["token_uri"].get<std::string>())) problems[prefix + "token_uri"] = "must be an http(s) URL";
  PrivateKey pk = load_rsa_private_key(j["private_key"].get<std::string>());
  if (!pk) problems[prefix + "private_key"] = "must be a PEM RSA private key (-----BEGIN PRIVATE KEY-----…)";
  if (problems.empty() && key) {
    key->project_id = j["project_id"];
    key->client_email = j["client_email"];
    key->private_key_id = j.value("private_key_id", "");
    key->token_uri = j["token_uri"];
    key->private_key = std::move(pk);
  }
  return problems;
}

std::map<std::string, std::string> check(const nlohmann::json& c, ServiceAccountKey* key) {
  if (!c.is_object()) return {{"credentials", "must be an object"}};
  std::map<std::string, std::string> problems;
  for (const auto& [f, v] : c.items())
    if (f != "serviceAccountJson") problems[f] = "is not a known field";
  if (!c.contains("serviceAccountJson") || !c["serviceAccountJson"].is_string()) {
    problems["serviceAccountJson"] = "is required (the service-account key file's JSON as a string)";
    return problems;
  }
  nlohmann::json parsed = parse_untrusted_json(c["serviceAccountJson"].get_ref<const std::string&>());
  if (parsed.is_discarded()) {
    problems["serviceAccountJson"] = "is not valid JSON";
    return problems;
  }
  auto key_problems = check_key(parsed, problems.empty() ? key : nullptr);
  problems.insert(key_problems.begin(), key_problems.end());
  return problems;
}

}  // namespace

void PkeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

PrivateKey load_rsa_private_key(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return nullptr;
  // A null passphrase callback with no user data: an encrypted key fails instead of prompting.
  PrivateKey key(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return nullptr;
  return key;
}

std::map<std::string, std::string> validate_credentials(const nlohmann::json& credentials) {
  return check(credentials, nullptr);
}

ServiceAccountKey parse_service_account(const nlohmann::json& credentials) {
  ServiceAccountKey key;
  auto problems = check(credentials, &key);
  if (!problems.empty())
    throw ProviderError("InvalidParameterValue",
                        "Invalid GCP credentials: " + problems.begin()->first + " " + problems.begin()->second);
  return key;
}

}  // namespace cw::providers::gcp
