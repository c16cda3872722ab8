#include "accounts/provider_failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cw::accounts {
namespace {

TEST(ProviderFailure, ClientInputIsAValidationError) {
  for (const char* code : {"InvalidParameterValue", "InvalidParameter", "ValidationError", "MissingParameter",
                           "UnsupportedOperation", "INVALID_ARGUMENT", "InvalidInstanceID.Malformed"})
    EXPECT_EQ(classify_provider_code(code), ErrorCode::kValidation) << code;
}

TEST(ProviderFailure, StateConflictsAreConflicts) {
  for (const char* code :
       {"IncorrectInstanceState", "IncorrectState", "InvalidState", "ResourceInUse", "Conflict", "AlreadyExists",
        "BucketAlreadyExists", "InvalidGroup.Duplicate", "ALREADY_EXISTS", "FAILED_PRECONDITION"})
    EXPECT_EQ(classify_provider_code(code), ErrorCode::kConflict) << code;
}

TEST(ProviderFailure, MissingResourcesAreNotFound) {
  for (const char* code :
       {"NotFound", "ResourceNotFound", "InvalidInstanceID.NotFound", "ResourceNotFoundException", "NOT_FOUND"})
    EXPECT_EQ(classify_provider_code(code), ErrorCode::kNotFound) << code;
}

TEST(ProviderFailure, TheCloudFailingStaysExternal) {
  for (const char* code :
       {"QuotaExceeded", "InsufficientInstanceCapacity", "Throttling", "RequestLimitExceeded", "AuthFailure",
        "AccessDenied", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "HTTP 500", "CircuitOpen", "InvalidResponse", ""})
    EXPECT_EQ(classify_provider_code(code), ErrorCode::kExternalService) << code;
}

TEST(ProviderFailure, KeepsProviderDetailsAndNamesTheFieldOnValidation) {
  ApiError bad = provider_failure(
      providers::ProviderError("UnsupportedOperation", "A storage resource cannot be stopped."), "simulated", "action");
  EXPECT_EQ(bad.code(), ErrorCode::kValidation);
  EXPECT_EQ(std::string(bad.what()), "A storage resource cannot be stopped.");
  EXPECT_EQ(bad.details()["providerCode"], "UnsupportedOperation");
  EXPECT_EQ(bad.details()["provider"], "simulated");
  EXPECT_EQ(bad.details()["retryable"], false);
  EXPECT_EQ(bad.details()["fields"]["action"], "A storage resource cannot be stopped.");

  ApiError busy = provider_failure(providers::ProviderError("IncorrectState", "changing state", true), "aws");
  EXPECT_EQ(busy.code(), ErrorCode::kConflict);
  EXPECT_EQ(busy.details()["retryable"], true);
  EXPECT_FALSE(busy.details().contains("fields"));

  ApiError quota = provider_failure(providers::ProviderError("QuotaExceeded", "quota"), "gcp");
  EXPECT_EQ(quota.code(), ErrorCode::kExternalService);
  EXPECT_EQ(error_code_status(quota.code()), 502);
  EXPECT_EQ(quota.details()["providerCode"], "QuotaExceeded");
}

}  // namespace
}  // namespace cw::accounts
