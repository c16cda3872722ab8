// The clamd client's addresses and its failure when clamd is not there (the verdicts themselves
// are tested against a real clamd in vault-processing.test.mjs).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "vault/clamd.hpp"

namespace cw::vault {
namespace {

TEST(Clamd, AddressesAreAUnixSocketOrHostAndPort) {
  EXPECT_FALSE(clamd_address_problem("unix:/run/clamav/clamd.ctl"));
  EXPECT_FALSE(clamd_address_problem("127.0.0.1:3310"));
  EXPECT_FALSE(clamd_address_problem("clamav.internal:3310"));
  EXPECT_TRUE(clamd_address_problem("unix:"));
  EXPECT_TRUE(clamd_address_problem("clamav.internal"));
  EXPECT_TRUE(clamd_address_problem("clamav.internal:"));
  EXPECT_TRUE(clamd_address_problem(":3310"));
  EXPECT_TRUE(clamd_address_problem("host:33x0"));
}

TEST(Clamd, NoDaemonMeansTryAgainLaterNotClean) {
  const auto file = std::filesystem::temp_directory_path() / "cw-clamd-test.txt";
  std::ofstream(file) << "hello";
  EXPECT_THROW(clamd_scan({.address = "unix:/nonexistent/clamd.sock"}, file), ScanUnavailable);
  // A port nothing listens on (1 is reserved and closed on any sane machine).
  EXPECT_THROW(clamd_scan({.address = "127.0.0.1:1", .timeout_ms = 2000}, file), ScanUnavailable);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace cw::vault
