#pragma once
/// The costs domain's records: a cost row in FOCUS 1.0 columns, a file import, an account's
/// cost collection, and the question and answer of a breakdown (GET /costs).
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "costs/exchange_rates.hpp"

namespace cw::costs {

/// One cost row. Field names follow the FOCUS 1.0 columns (BilledCost → billed_cost, …);
/// nullable FOCUS numbers are optional. The loader (loader.hpp) sets whose row it is.
struct FocusRow {
  std::string organization_id, account_id, load_id;
  Millis billing_period_start = 0, billing_period_end = 0;
  Millis charge_period_start = 0, charge_period_end = 0;
  double billed_cost = 0, effective_cost = 0, list_cost = 0, contracted_cost = 0;
  std::string billing_currency = "USD";
  std::string billing_account_id, billing_account_name, sub_account_id, sub_account_name;
  std::string charge_category = "Usage", charge_class, charge_description, charge_frequency = "Usage-Based";
  std::string pricing_category;
  std::optional<double> pricing_quantity, list_unit_price, contracted_unit_price, consumed_quantity;
  std::string pricing_unit, consumed_unit;
  std::string provider_name, publisher_name, invoice_issuer_name;
  std::string region_id, region_name, availability_zone;
  std::string resource_id, resource_name, resource_type;
  std::string service_name, service_category, sku_id, sku_price_id;
  std::string commitment_discount_id, commitment_discount_name, commitment_discount_category, commitment_discount_type,
      commitment_discount_status, commitment_discount_unit;
  std::optional<double> commitment_discount_quantity;
  nlohmann::json tags = nlohmann::json::object();
  /// Rollup dimension "provider": aws | azure | gcp | oci … (provider_kind() of ProviderName, or
  /// the account's kind when the name says nothing).
  std::string provider;
};

/// The UTC day (YYYY-MM-DD) of a time.
std::string utc_day(Millis ms);

/// How many UTC days a row's charge period touches (at least 1). A charge over several days — a
/// monthly fee, a bill exported at monthly granularity — is spread evenly over them in the daily
/// rollups, instead of landing whole on its first day.
int charge_days(const FocusRow& row);
/// The last UTC day a row's charge counts on.
std::string last_charge_day(const FocusRow& row);
/// "AWS" → aws, "Microsoft" → azure, "Google Cloud" → gcp, "Oracle" → oci; "" when unknown.
std::string provider_kind(const std::string& provider_name);

/// A problem with an import's file: the line where the row starts (1 = header), the column
/// ("" when the problem is the whole row or file) and what is wrong.
struct ImportProblem {
  long long row = 0;
  std::string column, message;
};

struct CostImport {
  std::string id, organization_id, account_id, format, file_name;
  long long file_bytes = 0;
  std::string state = "queued";  // queued | validating | importing | succeeded | failed
  std::string job_id;
  long long rows = 0;
  std::vector<std::string> periods;  // billing period starts, YYYY-MM-DD
  std::vector<ImportProblem> errors;
  std::vector<std::string> warnings;
  std::string created_by;
  Millis created_at = 0, updated_at = 0;
  std::optional<Millis> finished_at;
};
nlohmann::json to_json(const CostImport& import);

struct CostCollection {
  std::string account_id, organization_id;
  std::string state = "queued";  // queued | succeeded | failed | unsupported
  std::string error;
  long long rows = 0;
  std::string collected_from;  // first day collected so far
  std::optional<Millis> last_run_at;
  Millis next_run_at = 0, updated_at = 0;
};
nlohmann::json to_json(const CostCollection& collection);

/// GET /costs parameters, validated (service.cpp parse_query does that).
struct CostQuery {
  std::string from, to;               // YYYY-MM-DD, to exclusive
  std::string granularity = "daily";  // daily | weekly | monthly
  std::vector<std::string>
      group_by;                   // service, account, region, resourceType, resource, chargeCategory, provider, tag:KEY
  std::string metric = "billed";  // billed | effective | list | amortized (= effective)
  std::optional<std::string> provider, account_id, service, region, currency;
  /// An inventory resource's id (resources.id, not the cloud's ResourceId): its own costs.
  std::optional<std::string> resource_id;
  /// The one tag key a query may use (groupBy tag:KEY and/or tag=KEY:VALUE): it then reads the
  /// tag rollups. tag_value filters (empty: rows without the tag).
  std::optional<std::string> tag_key, tag_value;
  int limit = 100;  // series
  /// Also read the equally long period before (previous totals, movers); callers that only
  /// want the range (the forecast) skip that second read.
  bool with_previous_period = true;
};

/// One row a breakdown reads: a day, the group key values, the currency and the summed metric.
struct DailyAmount {
  std::string day;
  std::vector<std::string> key;
  std::string currency;
  double amount = 0;
};

struct CostSeries {
  std::map<std::string, std::string> key;  // dimension → value
  std::vector<std::pair<std::string, double>> points;
  double total = 0;
  double previous_total = 0;  // the same group in the period just before
};

/// A group whose cost changed between the previous period and this one.
struct CostMover {
  std::map<std::string, std::string> key;
  double total = 0, previous_total = 0;
  double change() const { return total - previous_total; }
};

struct CostBreakdown {
  std::string currency;
  double total = 0, previous_total = 0;
  std::string previous_from, previous_to;
  std::vector<CostSeries> series;
  long long series_count = 0;     // before the limit
  std::vector<CostMover> movers;  // grouped breakdowns only
  /// Set when amounts in several currencies were converted into `currency` with these rates.
  std::optional<ExchangeRates> exchange_rates;
};
nlohmann::json to_json(const CostBreakdown& breakdown);

}  // namespace cw::costs
