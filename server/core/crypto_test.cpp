#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"

namespace cw::crypto {
namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

TEST(Crypto, HmacSha256MatchesWycheproofVectors) {
  auto doc = nlohmann::json::parse(cw::testing::read_testdata("jose/wycheproof/hmac_sha256_test.json"));
  int checked = 0;
  for (const auto& group : doc["testGroups"]) {
    size_t tag_bytes = group["tagSize"].get<size_t>() / 8;
    for (const auto& t : group["tests"]) {
      std::string mac = hmac_sha256(from_hex(t["key"]), from_hex(t["msg"])).substr(0, tag_bytes);
      bool equal = constant_time_equal(mac, from_hex(t["tag"]));
      EXPECT_EQ(equal, t["result"] == "valid") << "tcId " << t["tcId"];
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(Crypto, Base64UrlRoundTripsAndRejectsNonCanonicalInput) {
  for (const std::string& raw :
       std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00", 3)}) {
    std::string decoded;
    ASSERT_TRUE(base64url_decode(base64url_encode(raw), decoded));
    EXPECT_EQ(decoded, raw);
  }
  std::string out;
  // RFC 4648 §10 vectors in the URL alphabet, unpadded (as JWTs need them).
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
  ASSERT_TRUE(base64url_decode("-_-_", out));
  EXPECT_EQ(out, "\xfb\xff\xbf");
  EXPECT_FALSE(base64url_decode("Zm9v=", out));  // padding
  EXPECT_FALSE(base64url_decode("Zm+v", out));   // standard alphabet
  EXPECT_FALSE(base64url_decode("Zh", out));     // non-zero leftover bits
  EXPECT_FALSE(base64url_decode("A", out));
}

TEST(Crypto, Sha256OfKnownInput) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, RandomTokensDiffer) {
  EXPECT_NE(random_token(16), random_token(16));
  EXPECT_EQ(random_bytes(24).size(), 24u);
}

}  // namespace
}  // namespace cw::crypto

namespace cw::crypto {
namespace {

TEST(Crypto, Base64FollowsRfc4648TestVectors) {
  // RFC 4648 §10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [raw, encoded] : vectors) {
    EXPECT_EQ(base64_encode(raw), encoded);
    std::string out;
    ASSERT_TRUE(base64_decode(encoded, out)) << encoded;
    EXPECT_EQ(out, raw);
  }
  std::string out;
  EXPECT_FALSE(base64_decode("Zm9", out)) << "not a multiple of 4";
  EXPECT_FALSE(base64_decode(" Zm9v", out));
  EXPECT_FALSE(base64_decode("Zm=v", out)) << "padding only at the end";
  EXPECT_FALSE(base64_decode("Zm9-", out)) << "base64url is another alphabet";
}

TEST(Crypto, Sha256StreamMatchesOneShotAtEveryCopy) {
  Sha256Stream stream;
  stream.update("hello ");
  Sha256Stream at_six = stream;  // a copy keeps the state at that point
  stream.update("world");
  EXPECT_EQ(stream.digest(), sha256("hello world"));
  EXPECT_EQ(at_six.digest(), sha256("hello "));
  at_six.update("there");
  EXPECT_EQ(at_six.digest(), sha256("hello there"));
  EXPECT_EQ(stream.digest(), sha256("hello world")) << "digest() does not end the stream";
}

}  // namespace
}  // namespace cw::crypto
