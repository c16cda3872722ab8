#pragma once
/// The "gcp" provider kind: Google Cloud REST APIs through the shared HTTP client (retries, the
/// per-account breaker and rate limit apply), authenticated with a service-account JWT exchanged
/// for an OAuth 2.0 access token.
///
/// Credentials: {serviceAccountJson: "<the key file's JSON>"} (unknown fields rejected).
/// Settings: {regions?: ["us-central1", …] (filters zonal resources; default: all),
/// endpoints?: {"oauth2", "compute", "storage", "monitoring", "resourcemanager", "bigquery", "iam",
/// "cloudkms": URL},
/// billingExportTable?: "project.dataset.gcp_billing_export_[resource_]v1_…"} — an endpoint
/// override replaces the scheme and host of that service (the key's token_uri otherwise).
///
/// Inventory: Compute Engine instances and disks (aggregated lists), firewall rules, Cloud
/// Storage buckets, then the project's security scope (the project as an "account" record, IAM
/// service accounts as "identity", Cloud KMS crypto keys as "key"; security_scope.hpp), paged
/// with a cursor "<phase>:<Google pageToken>". Actions: start, stop,
/// reboot (= reset) and delete on instances; metrics from Cloud Monitoring; costs from the
/// BigQuery billing export (jobs.query in the key's project) — a cost capability only when the
/// account names its export table. No change feed; create/update answer UnsupportedOperation.
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"

namespace cw::providers::gcp {

/// `http` is the app's shared client; it must outlive every provider created from the kind.
ProviderKind gcp_kind(common::HttpClient& http);

}  // namespace cw::providers::gcp
