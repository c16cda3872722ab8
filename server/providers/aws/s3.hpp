#pragma once
/// S3 (rest-xml) for the provider: buckets as "storage" resources with their region, default
/// encryption, public-access block and versioning; creating and deleting buckets. Buckets are
/// global: their external id is "arn:aws:s3:::<name>". Requests are virtual-hosted style on AWS
/// and path style when the "s3" endpoint is overridden (emulators, replay servers).
#include <optional>
#include <string>
#include <vector>

#include "providers/aws/aws_client.hpp"
#include "providers/aws/s3_responses.hpp"

namespace cw::providers::aws {

inline const std::string kS3ArnPrefix = "arn:aws:s3:::";

std::vector<S3Bucket> s3_list_buckets(AwsClient& aws);

/// The bucket's record: GetBucketLocation, then encryption, public-access block and versioning in
/// the bucket's region. A setting S3 will not tell (AccessDenied, NotImplemented) is left out of
/// posture and listed in posture.unknown; "no configuration" answers mean "not set".
ResourceRecord s3_describe_bucket(AwsClient& aws, const S3Bucket& bucket);

/// nullopt when the bucket does not exist.
std::optional<ResourceRecord> s3_find_bucket(AwsClient& aws, const std::string& name);

/// CreateBucket in `resource.region` (default: the account's first region); the name must follow
/// S3's bucket naming rules.
ResourceRecord s3_create_bucket(AwsClient& aws, const NewResource& resource);

/// DeleteBucket (S3 refuses non-empty buckets with BucketNotEmpty); the record comes back terminated.
ResourceRecord s3_delete_bucket(AwsClient& aws, const std::string& name);

}  // namespace cw::providers::aws
