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
  // exp is 1300819380 (2011); verify one second before it.
  auto claims = codec.verify(token, 1300819379000);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ((*claims)["iss"], "joe");
  EXPECT_EQ((*claims)["http://example.com/is_root"], true);
  EXPECT_FALSE(codec.verify(token, 1300819381000).has_value()) << "expired";
  std::string tampered = token;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(codec.verify(tampered, 1300819379000).has_value());
}

TEST(Jwt, RejectsAlgNoneAndAlgorithmSwaps) {
  std::string secret(32, 'k');
  JwtCodec codec({{"k1", secret}});
  std::string payload = crypto::base64url_encode(R"({"sub":"usr_1","exp":4102444800})");
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
  std::string token = before.sign({{"sub", "usr_1"}, {"exp", 4102444800}});
  JwtCodec after({new_key, old_key});
  EXPECT_TRUE(after.verify(token, 0).has_value());
  JwtCodec only_new({new_key});
  EXPECT_FALSE(only_new.verify(token, 0).has_value());
  std::string fresh = after.sign({{"sub", "usr_2"}});
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
