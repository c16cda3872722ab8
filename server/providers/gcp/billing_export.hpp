#pragma once
/// The Cloud Billing export to BigQuery, in one place: what its columns mean in FOCUS terms (the
/// FinOps FOCUS converters' gcp rules — used both by the CSV import, costs/cost_format_gcp.cpp, and
/// by the provider's collection), the export table an account names, the standard-SQL query that
/// sums it per day, and the BigQuery jobs.query / getQueryResults answers it comes back in
/// ({"schema": {"fields": [{"name"}]}, "rows": [{"f": [{"v": "text"}]}]}, every value a string or
/// null). A malformed or hostile answer throws ProviderError("InvalidResponse") — never half a page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::gcp {

// --- FOCUS mapping of the export's columns (the converters' gcp rules).

/// FOCUS ProviderName, PublisherName and InvoiceIssuerName of every GCP charge.
inline constexpr const char* kFocusProviderName = "Google Cloud";
/// `cost_type` → ChargeCategory: tax → Tax; adjustment, rounding_error → Adjustment; credit →
/// Credit; regular (and anything else) → Usage.
std::string focus_charge_category(std::string_view cost_type);
/// ResourceId: `resource.global_name`, else `resource.name` (resource-level export only).
std::string focus_resource_id(const std::string& global_name, const std::string& name);
/// EffectiveCost: the cost plus its credits (credit amounts are negative); BilledCost and
/// ListCost are the cost itself.
inline double focus_effective_cost(double cost, double credits) { return cost + credits; }

// --- The export table an account names (settings.billingExportTable).

struct BillingExportTable {
  std::string project, dataset, table;
  bool resource_level = false;  // gcp_billing_export_resource_v1_…: resource.name/global_name exist
  /// `project.dataset.table`, quoted for standard SQL.
  std::string sql_name() const { return "`" + project + "." + dataset + "." + table + "`"; }
};

/// "project.dataset.gcp_billing_export_v1_XXXX" (standard usage cost) or
/// "project.dataset.gcp_billing_export_resource_v1_XXXX" (detailed, per resource); nullopt with
/// `why` set otherwise. Only these forms are accepted, so the name is safe inside the query.
std::optional<BillingExportTable> parse_billing_export_table(const std::string& text, std::string* why = nullptr);

/// The standard-SQL query summing cost and credits (and usage) per UTC day × service × SKU ×
/// region × project × cost type × currency (× resource for the resource-level table) over
/// usage_start_time in [@from_date, @to_date] (DATE parameters, both days included).
std::string billing_export_query(const BillingExportTable& table);

// --- BigQuery REST answers.

/// One answer of jobs.query or jobs.getQueryResults.
struct QueryResultPage {
  bool complete = false;  // jobComplete; when false there are no rows yet: poll with the job id
  std::string job_id, location;
  std::string page_token;                                     // "" on the last page
  std::vector<std::string> columns;                           // schema field names (when complete)
  std::vector<std::vector<std::optional<std::string>>> rows;  // row × column, null = nullopt
};
QueryResultPage parse_query_response(const std::string& body);

/// The rows of billing_export_query() as cost lines (flavour gcp): date = day, amount = cost,
/// effective = cost + credits, list = cost, ServiceName = service.description, description and
/// SKU from sku, the project as sub account, ChargeCategory from cost_type. Columns are found by
/// name; a missing column, a bad day or a non-numeric amount throws InvalidResponse.
std::vector<CostLine> billing_export_cost_lines(const QueryResultPage& page);

}  // namespace cw::providers::gcp
