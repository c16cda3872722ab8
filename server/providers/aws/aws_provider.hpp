#pragma once
/// The "aws" provider kind: real AWS wire protocols (SigV4; STS, EC2, RDS, CloudWatch, IAM query
/// APIs; S3 rest-xml; Lambda rest-json; Cost Explorer, CloudTrail, KMS JSON 1.1) through the
/// shared HTTP client, so retries, the per-account breaker and rate limit apply. One small module
/// per service (ec2.hpp, s3.hpp, rds.hpp, lambda.hpp, cloudwatch.hpp, cost_explorer.hpp, iam.hpp,
/// cloudtrail.hpp, kms.hpp; account.hpp joins IAM and CloudTrail) over AwsClient.
///
/// Credentials: {accessKeyId, secretAccessKey, sessionToken?, roleArn?, externalId?} (unknown
/// fields are rejected); with roleArn every call uses the role's temporary credentials
/// (STS AssumeRole). Settings: {regions: ["us-east-1", …] (default ["us-east-1"]),
/// services: what to read (default all of "ec2", "s3", "rds", "lambda", "cloudwatch", "ce",
/// "iam", "cloudtrail", "kms"), endpoints: {"ec2": URL, "s3": URL, "sts": URL, "rds", "lambda",
/// "monitoring", "ce", "iam", "cloudtrail", "kms"}} — an endpoint override points a service at an
/// emulator or a replay server.
///
/// Inventory: S3 buckets, the account (IAM and CloudTrail facts), IAM users (credential report),
/// then per region EC2 instances, volumes, snapshots, Elastic IPs, security groups, VPCs, RDS DB
/// instances, Lambda functions and KMS keys. Create: server (RunInstances), storage (CreateBucket); delete:
/// instances (TerminateInstances) and buckets; actions start/stop/reboot on instances; metrics of
/// instances (CloudWatch GetMetricData); daily costs per service (Cost Explorer). update_resource
/// answers UnsupportedOperation; there is no change feed capability.
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"

namespace cw::providers::aws {

/// `http` is the app's shared client; it must outlive every provider created from the kind.
ProviderKind aws_kind(common::HttpClient& http);

/// Shape problems by field. `endpoints`: the account's overrides; AWS's key-id format applies only
/// without them (real AWS).
std::map<std::string, std::string> validate_credentials(const nlohmann::json& credentials,
                                                        const nlohmann::json& endpoints = nullptr);

}  // namespace cw::providers::aws
