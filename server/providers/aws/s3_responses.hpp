#pragma once
/// Parsers for the S3 (rest-xml) answers the provider reads: ListBuckets, GetBucketLocation,
/// GetBucketEncryption, GetPublicAccessBlock and GetBucketVersioning. Malformed input throws
/// ProviderError("MalformedResponse").
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace cw::providers::aws {

struct S3Bucket {
  std::string name;
  Millis created_at = 0;
};
std::vector<S3Bucket> parse_list_buckets(std::string_view body);

/// The bucket's region: "" (us-east-1) and the legacy "EU" (eu-west-1) are normalised.
std::string parse_bucket_location(std::string_view body);

/// The default encryption algorithm ("AES256", "aws:kms", …); "" when no rule sets one.
std::string parse_bucket_encryption(std::string_view body);

/// True when all four public-access blocks are on (nothing can make the bucket public).
bool parse_public_access_block(std::string_view body);

/// "Enabled", "Suspended", or "" for a bucket that never had versioning.
std::string parse_bucket_versioning(std::string_view body);

/// GetBucketPolicyStatus: does the bucket policy make the bucket public (`IsPublic`)?
bool parse_policy_status(std::string_view body);

/// GetBucketLogging: is server access logging on (a `LoggingEnabled` element)?
bool parse_bucket_logging(std::string_view body);

/// GetBucketPolicy (a JSON policy): does a statement deny requests made without TLS
/// (`Effect: Deny` with `Bool: {aws:SecureTransport: false}`)?
bool policy_denies_insecure_transport(std::string_view policy);

}  // namespace cw::providers::aws
