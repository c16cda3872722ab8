#pragma once
/// KMS (JSON 1.1, TrentService) for the provider: a region's keys as "key" records, AWS managed and
/// customer managed alike (the inventory shows both), named by an alias when they have one.
/// posture.keyRotationEnabled is read only where rotation applies (kms_responses.hpp,
/// key_rotation_applies). Reads the credentials may not do leave facts unknown, never fail the sync.
#include <string>

#include "providers/aws/aws_client.hpp"
#include "providers/aws/kms_responses.hpp"

namespace cw::providers::aws {

/// One ListKeys page of `region` (`marker`: KMS's NextMarker, "" first), each key described
/// (DescribeKey), its rotation read (GetKeyRotationStatus) where it applies, and the region's
/// aliases (ListAliases, all pages) for names. ListKeys denied: an empty page.
ResourcePage kms_list(AwsClient& aws, const std::string& region, const std::string& marker, int page_size);

/// One ListKeys page (`limit` 1–1000); errors are thrown (the connection test's probe).
KmsKeyPage kms_list_keys(AwsClient& aws, const std::string& region, const std::string& marker, int limit);

}  // namespace cw::providers::aws
