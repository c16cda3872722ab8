#include "app/config.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace cw::app {
namespace {

TEST(Config, EnvOverridesFileAndFlagsOverrideEnv) {
  std::string path = testing::TempDir() + "cw-config-test.env";
  std::ofstream(path) << "# comment\nCLOUDWEAVE_PORT=9000\nCLOUDWEAVE_LOG_LEVEL=\"warn\"\nCLOUDWEAVE_RATE_LIMIT=5\n";
  Config c;
  auto errors =
      load_config(c, path, {{"CLOUDWEAVE_PORT", "9100"}, {"CLOUDWEAVE_CORS_ORIGINS", "https://a.io, http://b.io"}},
                  {{"CLOUDWEAVE_DATA_DIR", "/tmp/x"}});
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.log_level, "warn");
  EXPECT_EQ(c.rate_limit, 5);
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a.io", "http://b.io"}));
  EXPECT_EQ(c.database_url, "sqlite:///tmp/x/cloudweave.db");
}

TEST(Config, ReportsEveryBadValue) {
  Config c;
  auto errors = load_config(c, "",
                            {{"CLOUDWEAVE_PORT", "70000"},
                             {"CLOUDWEAVE_DATABASE_URL", "mysql://x"},
                             {"CLOUDWEAVE_MAX_BODY_BYTES", "lots"},
                             {"CLOUDWEAVE_JWT_SECRET", "short"},
                             {"CLOUDWEAVE_LOG_LEVEL", "chatty"},
                             {"CLOUDWEAVE_REDIS_URL", "http://x"},
                             {"CLOUDWEAVE_TYPO", "1"}},
                            {});
  EXPECT_EQ(errors.size(), 7u);
}

TEST(Config, VaultBucketSettingsAreCheckedTogether) {
  Config c;
  auto errors = load_config(c, "",
                            {{"CLOUDWEAVE_VAULT_S3_BUCKET", "cw-vault"},
                             {"CLOUDWEAVE_VAULT_S3_REGION", "eu-west-1"},
                             {"CLOUDWEAVE_VAULT_S3_ENDPOINT", "http://minio:9000/"},
                             {"CLOUDWEAVE_VAULT_S3_PREFIX", "prod/vault"},
                             {"CLOUDWEAVE_VAULT_S3_CREDENTIALS", "v1:key:sealed"}},
                            {});
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(c.vault_s3_endpoint, "http://minio:9000");
  EXPECT_EQ(c.vault_s3_prefix, "prod/vault/");

  Config bad;
  errors = load_config(bad, "",
                       {{"CLOUDWEAVE_VAULT_S3_BUCKET", "Not_A_Bucket"},
                        {"CLOUDWEAVE_VAULT_S3_REGION", "EU West"},
                        {"CLOUDWEAVE_VAULT_S3_ENDPOINT", "minio:9000"},
                        {"CLOUDWEAVE_VAULT_S3_PREFIX", "../up"},
                        {"CLOUDWEAVE_VAULT_S3_CREDENTIALS", "AKIA-plain-secret"}},
                       {});
  EXPECT_EQ(errors.size(), 5u);

  Config lonely;
  errors = load_config(lonely, "", {{"CLOUDWEAVE_VAULT_S3_PREFIX", "vault"}}, {});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("needs CLOUDWEAVE_VAULT_S3_BUCKET"), std::string::npos);
}

TEST(Config, RedactsPasswordsInUrls) {
  EXPECT_EQ(redact_url("postgresql://app:s3cret@db:5432/cw"), "postgresql://app:***@db:5432/cw");
  EXPECT_EQ(redact_url("postgresql://app@db/cw"), "postgresql://app@db/cw");
}

}  // namespace
}  // namespace cw::app
