// The service-account JWT: our RS256 signer reproduces RFC 7515 A.2 exactly (PKCS#1 v1.5 is
// deterministic), and assertions for a key generated at test time verify with its public half
// and carry the header and claims Google's token endpoint expects.
#include <gtest/gtest.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "core/testdata.hpp"
#include "core/crypto.hpp"
#include "providers/gcp/jwt.hpp"
#include "providers/gcp/service_account.hpp"
#include "providers/gcp/test_key.hpp"
#include "providers/provider.hpp"

namespace cw::providers::gcp {
namespace {

using cw::testing::read_testdata;
using nlohmann::json;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

/// Builds the RSA private key of an RFC 7517 JWK (n, e, d, p, q, dp, dq, qi) with OSSL_PARAM.
PrivateKey key_from_jwk(const json& jwk) {
  std::vector<std::unique_ptr<BIGNUM, decltype(&BN_free)>> numbers;
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
  const std::pair<const char*, const char*> fields[] = {
      {"n", OSSL_PKEY_PARAM_RSA_N},          {"e", OSSL_PKEY_PARAM_RSA_E},
      {"d", OSSL_PKEY_PARAM_RSA_D},          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
      {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},    {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
      {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}};
  for (const auto& [name, param] : fields) {
    std::string bytes;
    EXPECT_TRUE(crypto::base64url_decode(jwk.at(name).get<std::string>(), bytes));
    numbers.emplace_back(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr),
        &BN_free);
    OSSL_PARAM_BLD_push_BN(bld.get(), param, numbers.back().get());
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(bld.get()), &OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr),
                                                                  &EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) != 1)
    return nullptr;
  return PrivateKey(key);
}

TEST(GcpJwt, SignerReproducesRfc7515AppendixA2) {
  json jwk = json::parse(read_testdata("jose/latchset-jose-vectors/rfc7515_A.2.jwk"));
  std::string jws = trimmed(read_testdata("jose/latchset-jose-vectors/rfc7515_A.2.jwsc"));
  PrivateKey key = key_from_jwk(jwk);
  ASSERT_TRUE(key);
  size_t last_dot = jws.rfind('.');
  std::string signing_input = jws.substr(0, last_dot);
  EXPECT_EQ(crypto::base64url_encode(sign_rs256(key.get(), signing_input)), jws.substr(last_dot + 1));
  // The verifier side rejects a changed payload.
  EXPECT_NE(crypto::base64url_encode(sign_rs256(key.get(), signing_input + "x")), jws.substr(last_dot + 1));
}

TEST(GcpJwt, AssertionVerifiesWithThePublicKeyAndCarriesGoogleClaims) {
  ServiceAccountKey key = parse_service_account(testing::test_credentials("my-project"));
  std::string jwt = make_assertion(key, 1'700'000'000);
  json header, claims;
  ASSERT_TRUE(testing::verify_test_jwt(jwt, header, claims));
  EXPECT_EQ(header, (json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "0123456789abcdef0123456789abcdef01234567"}}));
  EXPECT_EQ(claims["iss"], "cloudweave@my-project.iam.gserviceaccount.com");
  EXPECT_EQ(claims["scope"], "https://www.googleapis.com/auth/cloud-platform");
  EXPECT_EQ(claims["aud"], "https://oauth2.googleapis.com/token");
  EXPECT_EQ(claims["iat"], 1'700'000'000);
  EXPECT_EQ(claims["exp"], 1'700'003'600);
  EXPECT_EQ(jwt.find('='), std::string::npos);
  // A tampered signature does not verify.
  std::string tampered = jwt;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(testing::verify_test_jwt(tampered, header, claims));
}

TEST(GcpJwt, NoKidWhenTheKeyFileHasNoKeyId) {
  json file = testing::test_key_file();
  file.erase("private_key_id");
  ServiceAccountKey key = parse_service_account({{"serviceAccountJson", file.dump()}});
  json header, claims;
  ASSERT_TRUE(testing::verify_test_jwt(make_assertion(key, 1), header, claims));
  EXPECT_FALSE(header.contains("kid"));
}

TEST(GcpServiceAccount, ValidatesTheKeyFileShapeFieldByField) {
  EXPECT_TRUE(validate_credentials(testing::test_credentials()).empty());

  EXPECT_TRUE(validate_credentials(json::array()).count("credentials"));
  EXPECT_TRUE(validate_credentials(json::object()).count("serviceAccountJson"));
  EXPECT_TRUE(validate_credentials({{"serviceAccountJson", "{not json"}}).count("serviceAccountJson"));
  auto extra = validate_credentials({{"serviceAccountJson", testing::test_key_file().dump()}, {"region", "x"}});
  EXPECT_EQ(extra.size(), 1u);
  EXPECT_TRUE(extra.count("region"));

  json file = testing::test_key_file();
  file.erase("client_email");
  file["type"] = "authorized_user";
  file["token_uri"] = 42;
  file["surprise"] = true;
  auto p = validate_credentials({{"serviceAccountJson", file.dump()}});
  EXPECT_TRUE(p.count("serviceAccountJson.client_email"));
  EXPECT_TRUE(p.count("serviceAccountJson.token_uri"));
  EXPECT_TRUE(p.count("serviceAccountJson.surprise"));

  file = testing::test_key_file();
  file["type"] = "authorized_user";
  file["client_email"] = "no-at-sign";
  file["token_uri"] = "ftp://x";
  p = validate_credentials({{"serviceAccountJson", file.dump()}});
  EXPECT_TRUE(p.count("serviceAccountJson.type") && p.count("serviceAccountJson.client_email") &&
              p.count("serviceAccountJson.token_uri"));
}

TEST(GcpServiceAccount, RejectsAKeyThatDoesNotLoadWithoutEchoingIt) {
  json file = testing::test_key_file();
  std::string pem = file["private_key"];
  file["private_key"] = pem.substr(0, pem.size() / 2);  // truncated
  auto p = validate_credentials({{"serviceAccountJson", file.dump()}});
  ASSERT_TRUE(p.count("serviceAccountJson.private_key"));
  EXPECT_EQ(p["serviceAccountJson.private_key"].find("MII"), std::string::npos);
  try {
    parse_service_account({{"serviceAccountJson", file.dump()}});
    FAIL() << "expected ProviderError";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "InvalidParameterValue");
    EXPECT_NE(std::string(e.what()).find("serviceAccountJson.private_key"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(pem.substr(40, 20)), std::string::npos);
  }
  EXPECT_FALSE(load_rsa_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
  EXPECT_TRUE(load_rsa_private_key(testing::test_private_key_pem()));
}

}  // namespace
}  // namespace cw::providers::gcp
