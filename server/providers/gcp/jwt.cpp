#include "providers/gcp/jwt.hpp"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include <memory>

#include "core/crypto.hpp"
#include "providers/gcp/service_account.hpp"
#include "providers/provider.hpp"

namespace cw::providers::gcp {
namespace {
constexpr long long kLifetimeS = 3600;  // the longest Google accepts
}  // namespace

std::string sign_rs256(EVP_PKEY* key, std::string_view signing_input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t length = 0;
  // EVP_PKEY_RSA defaults to PKCS#1 v1.5 padding, which RS256 is.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1)
    throw ProviderError("SigningFailed", "could not sign the service-account JWT (RS256)");
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1)
    throw ProviderError("SigningFailed", "could not sign the service-account JWT (RS256)");
  signature.resize(length);
  return signature;
}

std::string make_assertion(const ServiceAccountKey& key, long long issued_at_s, const std::string& scope) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  nlohmann::json claims = {{"iss", key.client_email},
                           {"scope", scope},
                           {"aud", key.token_uri},
                           {"iat", issued_at_s},
                           {"exp", issued_at_s + kLifetimeS}};
  std::string signing_input = crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(claims.dump());
  return signing_input + "." + crypto::base64url_encode(sign_rs256(key.private_key.get(), signing_input));
}

}  // namespace cw::providers::gcp
