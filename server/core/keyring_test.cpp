#include "core/keyring.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "core/crypto.hpp"

namespace cw {
namespace {

TEST(Keyring, SealsAndOpensWithContext) {
  Keyring ring({{"a", std::string(32, 'A')}});
  std::string sealed = ring.seal(R"({"secretAccessKey":"wJalrXUtnFEMI"})", "acct_1");
  EXPECT_EQ(sealed.rfind("v1:a:", 0), 0u);
  EXPECT_EQ(sealed.find("wJalrXUtnFEMI"), std::string::npos) << "no plain text in the blob";
  EXPECT_EQ(ring.open(sealed, "acct_1"), R"({"secretAccessKey":"wJalrXUtnFEMI"})");
  EXPECT_FALSE(ring.open(sealed, "acct_2").has_value()) << "bound to its row";
  std::string tampered = sealed;
  tampered[tampered.size() - 3] ^= 1;
  EXPECT_FALSE(ring.open(tampered, "acct_1").has_value());
  EXPECT_FALSE(ring.open("garbage", "acct_1").has_value());
  EXPECT_NE(ring.seal("x", "c"), ring.seal("x", "c")) << "fresh nonce each time";
}

TEST(Keyring, OldKeysStillOpenAfterRotation) {
  Keyring old_ring({{"old", std::string(32, 'o')}});
  std::string sealed = old_ring.seal("secret", "ctx");
  Keyring rotated({{"new", std::string(32, 'n')}, {"old", std::string(32, 'o')}});
  EXPECT_EQ(rotated.open(sealed, "ctx"), "secret");
  EXPECT_FALSE(rotated.sealed_with_current(sealed));
  EXPECT_TRUE(rotated.sealed_with_current(rotated.seal("secret", "ctx")));
  Keyring only_new({{"new", std::string(32, 'n')}});
  EXPECT_FALSE(only_new.open(sealed, "ctx").has_value());
}

TEST(Keyring, KeyFileIsCreatedPrivateAndRotates) {
  auto dir = std::filesystem::temp_directory_path() / ("cw-keys-" + crypto::to_hex(crypto::random_bytes(4)));
  std::filesystem::create_directories(dir);
  Keyring first = Keyring::load(dir.string(), "", {});
  struct stat st {};
  ASSERT_EQ(stat((dir / "master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  std::string sealed = first.seal("s", "c");
  EXPECT_EQ(Keyring::load(dir.string(), "", {}).current_key_id(), first.current_key_id()) << "stable";
  Keyring rotated = Keyring::rotate_key_file(dir.string());
  EXPECT_NE(rotated.current_key_id(), first.current_key_id());
  EXPECT_EQ(Keyring::load(dir.string(), "", {}).open(sealed, "c"), "s");
  std::filesystem::remove_all(dir);
}

TEST(Keyring, EnvironmentKeyFormats) {
  std::string hex(64, 'a');
  Keyring ring = Keyring::load("/nonexistent", hex, {});
  EXPECT_EQ(ring.open(ring.seal("x", "y"), "y"), "x");
  EXPECT_THROW(Keyring::load("/nonexistent", "too-short", {}), std::invalid_argument);
}

}  // namespace
}  // namespace cw
