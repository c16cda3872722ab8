#include "auth/password.hpp"

#include <gtest/gtest.h>

namespace cw::auth {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
  std::string hash = hash_password("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_NE(hash.find("m=19456,t=2"), std::string::npos) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterx"));
  EXPECT_FALSE(verify_password("", "anything"));
  EXPECT_FALSE(verify_password("garbage", "anything"));
  EXPECT_NE(hash_password("correct horse battery"), hash) << "salted";
}

}  // namespace
}  // namespace cw::auth
