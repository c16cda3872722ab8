#pragma once
/// Test support (header-only, used by *_test.cpp only): an RSA 2048 key generated once per test
/// process — no private key is ever committed — and a service-account key JSON around it, plus
/// a verifier for the RS256 JWTs our signer produces.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/crypto.hpp"
#include "providers/gcp/jwt.hpp"

namespace cw::providers::gcp::testing {

/// PEM (PKCS#8) of this process's test key.
inline const std::string& test_private_key_pem() {
  static const std::string pem = [] {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), &EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
  }();
  return pem;
}

/// A key file shaped like the ones the Cloud console downloads.
inline nlohmann::json test_key_file(const std::string& project = "cloud-custodian") {
  return {{"type", "service_account"},
          {"project_id", project},
          {"private_key_id", "0123456789abcdef0123456789abcdef01234567"},
          {"private_key", test_private_key_pem()},
          {"client_email", "cloudweave@" + project + ".iam.gserviceaccount.com"},
          {"client_id", "100000000000000000001"},
          {"auth_uri", "https://accounts.google.com/o/oauth2/auth"},
          {"token_uri", "https://oauth2.googleapis.com/token"},
          {"auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"},
          {"client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/cloudweave"}};
}

inline nlohmann::json test_credentials(const std::string& project = "cloud-custodian") {
  return {{"serviceAccountJson", test_key_file(project).dump()}};
}

/// Verifies `jwt` (header.claims.signature) with the public half of the test key; on success
/// fills `header` and `claims`.
inline bool verify_test_jwt(const std::string& jwt, nlohmann::json& header, nlohmann::json& claims) {
  size_t d1 = jwt.find('.'), d2 = jwt.rfind('.');
  if (d1 == std::string::npos || d1 == d2) return false;
  std::string h, c, sig;
  if (!crypto::base64url_decode(jwt.substr(0, d1), h) ||
      !crypto::base64url_decode(jwt.substr(d1 + 1, d2 - d1 - 1), c) ||
      !crypto::base64url_decode(jwt.substr(d2 + 1), sig))
    return false;
  const std::string& pem = test_private_key_pem();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  // Verify with a key holding only the public half (n, e), as Google would.
  std::unique_ptr<BIO, decltype(&BIO_free)> pub_bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(pub_bio.get(), key.get());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pub(PEM_read_bio_PUBKEY(pub_bio.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::string input = jwt.substr(0, d2);
  if (!pub || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pub.get()) != 1 ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    return false;
  header = nlohmann::json::parse(h, nullptr, false);
  claims = nlohmann::json::parse(c, nullptr, false);
  return header.is_object() && claims.is_object();
}

}  // namespace cw::providers::gcp::testing
