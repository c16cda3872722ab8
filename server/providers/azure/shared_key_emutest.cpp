// Shared Key against azurite's Blob service, which verifies signatures for real (account
// devstoreaccount1, its well-known key). Needs CLOUDWEAVE_TEST_AZURITE_BLOB_URL from
// scripts/start-emulators; skipped without it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "core/crypto.hpp"
#include "providers/azure/shared_key.hpp"
#include "providers/provider.hpp"

namespace cw::providers::azure {
namespace {

const char* kKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

class AzuriteBlob : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("CLOUDWEAVE_TEST_AZURITE_BLOB_URL");
    if (!url) GTEST_SKIP() << "CLOUDWEAVE_TEST_AZURITE_BLOB_URL not set (scripts/start-emulators)";
    url_ = url;
  }
  BlobContainers containers(const std::string& key) {
    return BlobContainers(http, clock, "acc-azurite", url_, "devstoreaccount1", key);
  }
  SystemClock clock;
  common::HttpClient http{common::HttpClientSettings{.allow_private_addresses = true}, {clock, nullptr, nullptr}};
  std::string url_;
};

TEST_F(AzuriteBlob, CreateListDeleteContainerWithTheRightKey) {
  auto blobs = containers(kKey);
  std::string name = "cw-" + crypto::to_hex(crypto::random_bytes(6));
  blobs.create(name);
  auto names = blobs.list();
  EXPECT_NE(std::find(names.begin(), names.end(), name), names.end());
  blobs.remove(name);
  names = blobs.list();
  EXPECT_EQ(std::find(names.begin(), names.end(), name), names.end());
}

// Azure answers a bad signature with 403 AuthenticationFailed; azurite with 403
// AuthorizationFailure. Either way the service's own code reaches the caller.
TEST_F(AzuriteBlob, WrongKeyIsRejectedWith403) {
  // A valid base64 key of the right length, but not the account's.
  auto blobs = containers("AAAAvdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");
  try {
    blobs.list();
    FAIL() << "azurite accepted a wrong key";
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "AuthorizationFailure");
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find(kKey), std::string::npos);
  }
  EXPECT_THROW(blobs.create("cw-never"), ProviderError);
}

TEST_F(AzuriteBlob, BadContainerNameIsRefusedBeforeAnyRequest) {
  auto blobs = containers(kKey);
  try {
    blobs.create("Bad_Name");
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidParameterValue"); }
}

}  // namespace
}  // namespace cw::providers::azure
