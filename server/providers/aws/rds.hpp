#pragma once
/// RDS (query protocol, version 2014-10-31) for the provider: DB instances as "database" resources
/// with engine, instance class, storage and posture (encrypted, publicAccess).
#include <optional>
#include <string>

#include "providers/aws/aws_client.hpp"

namespace cw::providers::aws {

/// One DescribeDBInstances page of `region`; `marker` is RDS's Marker ("" first).
ResourcePage rds_list(AwsClient& aws, const std::string& region, const std::string& marker, int page_size);

/// The DB instance named by its ARN (arn:aws:rds:<region>:<account>:db:<id>); nullopt when gone.
std::optional<ResourceRecord> rds_find(AwsClient& aws, const std::string& arn);

/// Parses a DescribeDBInstances answer. Old answers carry no DBInstanceArn: the id is then built
/// as arn:aws:rds:<region>::db:<identifier> (no account number) so it still names the region.
ResourcePage parse_describe_db_instances(std::string_view body, const std::string& region);

/// RDS status → CloudWeave status (creating → provisioning, stopped/stopping → stopped,
/// deleting → terminated, failed/incompatible-…/storage-full/inaccessible-… → error, else running).
std::string map_db_status(const std::string& status);

}  // namespace cw::providers::aws
