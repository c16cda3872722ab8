#pragma once
/// Google Cloud JSON answers → our records: Compute Engine aggregated lists (instances, disks;
/// items keyed by scope, empty scopes carry a `warning` instead), firewall lists, Cloud Storage
/// bucket lists, Cloud Monitoring time series, the project, regions, and the Google error
/// envelope {"error": {"code", "message", "status"}}. A malformed answer throws
/// ProviderError("InvalidResponse") — never half a page.
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::gcp {

/// One page of records and the cloud's own nextPageToken ("" on the last page).
struct RecordPage {
  std::vector<ResourceRecord> items;
  std::string next_page_token;
};

RecordPage parse_instance_aggregated_list(const std::string& body);
RecordPage parse_disk_aggregated_list(const std::string& body);
RecordPage parse_firewall_list(const std::string& body);
RecordPage parse_bucket_list(const std::string& body);

/// Single resources (instances.get, disks.get, firewalls.get, buckets.get).
ResourceRecord parse_instance(const std::string& body);
ResourceRecord parse_disk(const std::string& body);
ResourceRecord parse_firewall(const std::string& body);
ResourceRecord parse_bucket(const std::string& body);
/// A bucket's getIamPolicy answer: does a binding grant anything to allUsers or
/// allAuthenticatedUsers (anyone on the internet, or any Google account)?
bool iam_policy_is_public(const std::string& body);

/// Compute Engine instance status → one of kResourceStatuses. TERMINATED means stopped in GCP.
std::string instance_status(const std::string& gcp_status);
/// "us-central1-a" (or a zone URL) → "us-central1".
std::string region_of_zone(const std::string& zone);

struct TimeSeriesPage {
  std::vector<MetricPoint> points;  // oldest first, values multiplied by `scale`
  std::string next_page_token;
};
TimeSeriesPage parse_time_series(const std::string& body, double scale);

/// A page of many series, each named by one of its metric labels (collection reads many
/// instances in one call, grouped by `metric.labels.instance_name`).
struct LabelledSeriesPage {
  std::vector<std::pair<std::string, std::vector<MetricPoint>>> series;  // label value → points, oldest first
  std::string next_page_token;
};
LabelledSeriesPage parse_time_series_by(const std::string& body, const std::string& metric_label, double scale);

struct ProjectInfo {
  std::string project_id, project_number, name, lifecycle_state;
  Millis created_at = 0;  // createTime; 0 when absent
};
/// Cloud Resource Manager v1 projects.get.
ProjectInfo parse_project(const std::string& body);
/// Compute Engine regions.list → region names.
std::vector<std::string> parse_region_names(const std::string& body);
/// The numeric id of an instances.get answer (Cloud Monitoring labels instances by it).
std::string parse_instance_id(const std::string& body);

struct GoogleError {
  int code = 0;
  std::string status;  // PERMISSION_DENIED, NOT_FOUND, …
  std::string message;
};
std::optional<GoogleError> parse_google_error(const std::string& body);
/// A non-2xx answer → ProviderError: code = the Google status (or "HTTP <n>"), retryable for
/// 429/5xx.
ProviderError error_from_response(long http_status, const std::string& body);

}  // namespace cw::providers::gcp
