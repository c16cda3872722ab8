// Azure cost details (EA and MCA exports, actual cost) as FOCUS rows, after the FOCUS converters'
// azure rules. One deviation: a row's charge period is its own day (`Date`), not the billing
// period's start, so daily breakdowns place it where it was used.
#include <nlohmann/json.hpp>

#include "costs/cost_format_columns.hpp"

namespace cw::costs {

namespace {

constexpr Millis kDay = 86'400'000;

/// ChargeType → ChargeCategory (the converters' table; Refund is a Credit rather than the
/// default Adjustment).
std::string charge_category(const std::string& type) {
  if (type == "Usage" || type == "UnusedReservation" || type == "UnusedSavingsPlan") return "Usage";
  if (type == "Purchase") return "Purchase";
  if (type == "Tax") return "Tax";
  if (type == "Refund") return "Credit";
  return "Adjustment";
}

/// EA exports write tags without braces: "tagA": "valueA","tagB": "valueB".
nlohmann::json tags_of(const std::string& text) {
  if (text.empty()) return nlohmann::json::object();
  auto parsed = nlohmann::json::parse(text.front() == '{' ? text : "{" + text + "}", nullptr, false);
  nlohmann::json out = nlohmann::json::object();
  if (parsed.is_object())
    for (const auto& [k, v] : parsed.items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

class AzureLayout final : public ColumnLayout {
 public:
  /// `cost`: CostInBillingCurrency (EA, MCA) or, in older MCA exports, Cost.
  AzureLayout(const std::vector<std::string>& header, const std::string& currency, std::string cost)
      : ColumnLayout(header, "azure", {"Date", cost}, currency), cost_(std::move(cost)) {}

  bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
             std::vector<ImportProblem>& problems, size_t max_problems) const override {
    if (!width_ok(fields, line, problems, max_problems)) return false;
    Record r(*this, fields, line, problems, max_problems);
    row = FocusRow{};
    auto cost = r.number(cost_);
    auto day = r.time("Date");
    auto period_start = r.time("BillingPeriodStartDate", true);
    auto period_end = r.time("BillingPeriodEndDate", true);
    if (!r.ok()) return false;
    row.billed_cost = row.effective_cost = row.contracted_cost = *cost;
    auto payg = r.number("PayGPrice", true);
    auto quantity = r.number("Quantity", true);
    row.list_cost = payg && quantity ? *payg * *quantity : *cost;
    row.charge_period_start = *day;
    row.charge_period_end = *day + kDay;
    row.billing_period_start = period_start.value_or(month_start_of(*day));
    // The export's end date is the period's last day; FOCUS ends are exclusive.
    row.billing_period_end = period_end ? *period_end + kDay : next_month_of(*day);
    std::string currency = r.text("BillingCurrencyCode");
    if (currency.empty()) currency = r.text("BillingCurrency");
    row.billing_currency = currency.empty() ? default_currency() : currency;
    row.charge_category = charge_category(r.text("ChargeType").empty() ? "Usage" : r.text("ChargeType"));
    row.charge_frequency = r.text("Frequency") == "OneTime"     ? "One-Time"
                           : r.text("Frequency") == "Recurring" ? "Recurring"
                                                                : "Usage-Based";
    row.charge_description = r.text("ProductName");
    row.billing_account_id = r.text("BillingAccountId");
    row.billing_account_name = r.text("BillingAccountName");
    row.sub_account_id = r.text("SubscriptionId");
    row.sub_account_name = r.text("SubscriptionName");
    row.provider_name = row.invoice_issuer_name = "Microsoft";
    row.publisher_name = r.text("PublisherName").empty() ? "Microsoft" : r.text("PublisherName");
    row.service_name = r.text("MeterCategory").empty() ? r.text("ConsumedService") : r.text("MeterCategory");
    row.service_category = r.text("ServiceFamily");
    row.region_id = r.text("ResourceLocation");
    row.availability_zone = r.text("AvailabilityZone");
    row.resource_id = r.text("ResourceId");
    row.resource_name = r.text("ResourceName");
    row.sku_id = r.text("MeterId");
    row.pricing_category = r.text("PricingModel");
    row.consumed_quantity = quantity;
    row.consumed_unit = r.text("UnitOfMeasure");
    row.commitment_discount_id = r.text("benefitId").empty() ? r.text("ReservationId") : r.text("benefitId");
    row.commitment_discount_name = r.text("benefitName").empty() ? r.text("ReservationName") : r.text("benefitName");
    row.tags = tags_of(r.text("Tags"));
    return r.ok();
  }

 private:
  std::string cost_;
};

}  // namespace

std::unique_ptr<RowLayout> make_azure_layout(const std::vector<std::string>& header, const std::string& currency) {
  bool old_mca = false;
  for (const auto& h : header) {
    if (h == "CostInBillingCurrency" || h == "costInBillingCurrency")
      return std::make_unique<AzureLayout>(header, currency, h);
    old_mca = old_mca || h == "Cost";
  }
  return std::make_unique<AzureLayout>(header, currency, old_mca ? "Cost" : "CostInBillingCurrency");
}

}  // namespace cw::costs
