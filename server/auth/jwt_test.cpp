#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/testdata.hpp"

namespace cw::auth {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// RFC 7515 appendix A.1: the HS256 example JWS, verified with its published key.
TEST(Jwt, VerifiesRfc7515AppendixA1) {
  auto jwk = nlohmann::json::parse(cw::testing::read_testdata("jose/latchset-jose-vectors/rfc7515_A.1.jwk"));
  std::string key;
  ASSERT_TRUE(crypto::base64url_decode(jwk["k"].get<std::string>(), key));
  std::string token = trim(cw::testing::read_testdata("jose/latchset-jose-vectors/rfc7515_A.1.jwsc"));
  JwtCodec codec({{"", key}});
  auto claims = codec.verify_signature(token);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ((*claims)["iss"], "joe");
  EXPECT_EQ((*claims)["http://example.com/is_root"], true);
  std::string tampered = token;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(codec.verify_signature(tampered).has_value());
  // A genuine signature is not enough to be let in: Joe's token names another issuer and no
  // audience (exp is 1300819380, so one second before it the time is fine).
  EXPECT_FALSE(codec.verify(token, 1300819379000).has_value());
}

/// Claims as CloudWeave issues them, valid from `now_s` for 15 minutes; tests change one.
nlohmann::json our_claims(long long now_s) {
  return {{"iss", kTokenIssuer}, {"aud", kTokenAudience}, {"sub", "usr_1"},
          {"iat", now_s},        {"exp", now_s + 900},    {"sid", "fam_1"}};
}

TEST(Jwt, RequiresExpiryIssuerAndAudience) {
  JwtCodec codec({{"k1", std::string(32, 'k')}});
  const long long now_s = 1'800'000'000;
  const Millis now = now_s * 1000;
  EXPECT_TRUE(codec.verify(codec.sign(our_claims(now_s)), now).has_value());
  auto without = [&](const char* claim) {
    auto c = our_claims(now_s);
    c.erase(claim);
    return codec.sign(c);
  };
  auto with = [&](const char* claim, nlohmann::json value) {
    auto c = our_claims(now_s);
    c[claim] = std::move(value);
    return codec.sign(c);
  };
  EXPECT_FALSE(codec.verify(without("exp"), now).has_value()) << "a token without exp lives forever";
  EXPECT_FALSE(codec.verify(without("iss"), now).has_value());
  EXPECT_FALSE(codec.verify(without("aud"), now).has_value());
  EXPECT_FALSE(codec.verify(with("iss", "someone-else"), now).has_value());
  EXPECT_FALSE(codec.verify(with("aud", "another-api"), now).has_value());
  EXPECT_FALSE(codec.verify(with("exp", "4102444800"), now).has_value()) << "exp must be a number";
  EXPECT_TRUE(codec.verify(with("aud", nlohmann::json::array({"x", kTokenAudience})), now).has_value());
  // Issued in the future: within the clock skew is fine, beyond it is not.
  EXPECT_TRUE(codec.verify(with("iat", now_s + kClockSkewSeconds), now).has_value());
  EXPECT_FALSE(codec.verify(with("iat", now_s + kClockSkewSeconds + 5), now).has_value());
  EXPECT_FALSE(codec.verify(with("nbf", now_s + kClockSkewSeconds + 5), now).has_value());
}

TEST(Jwt, RejectsAlgNoneAndAlgorithmSwaps) {
  std::string secret(32, 'k');
  JwtCodec codec({{"k1", secret}});
  std::string payload = crypto::base64url_encode(our_claims(0).dump());
  for (const char* header : {R"({"alg":"none","kid":"k1"})", R"({"alg":"HS512","kid":"k1"})",
                             R"({"alg":"RS256","kid":"k1"})", R"({"kid":"k1"})"}) {
    std::string input = crypto::base64url_encode(header) + "." + payload;
    std::string signed_token = input + "." + crypto::base64url_encode(crypto::hmac_sha256(secret, input));
    EXPECT_FALSE(codec.verify(signed_token, 0).has_value()) << header;
    EXPECT_FALSE(codec.verify(input + ".", 0).has_value()) << header;
  }
  EXPECT_FALSE(codec.verify("a.b", 0).has_value());
  EXPECT_FALSE(codec.verify("a.b.c.d", 0).has_value());
  EXPECT_FALSE(codec.verify("", 0).has_value());
}

TEST(Jwt, KidSelectsTheKeySoOldTokensSurviveRotation) {
  SigningKey old_key{"old", std::string(32, 'o')}, new_key{"new", std::string(32, 'n')};
  JwtCodec before({old_key});
  std::string token = before.sign(our_claims(0));
  JwtCodec after({new_key, old_key});
  EXPECT_TRUE(after.verify(token, 0).has_value());
  JwtCodec only_new({new_key});
  EXPECT_FALSE(only_new.verify(token, 0).has_value());
  std::string fresh = after.sign(our_claims(0));
  EXPECT_NE(fresh.find('.'), std::string::npos);
  EXPECT_TRUE(only_new.verify(fresh, 0).has_value());
}

TEST(Jwt, KeyIdIsStableAndDoesNotRevealTheSecret) {
  EXPECT_EQ(key_id_for("secret-a"), key_id_for("secret-a"));
  EXPECT_NE(key_id_for("secret-a"), key_id_for("secret-b"));
  EXPECT_EQ(key_id_for("secret-a").size(), 16u);
}

}  // namespace
}  // namespace cw::auth
