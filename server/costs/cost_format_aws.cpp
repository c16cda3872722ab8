// AWS Cost and Usage Reports as FOCUS rows: the legacy CUR (`lineItem/UnblendedCost`, …) and
// CUR 2.0 / Data Exports (`line_item_unblended_cost`, …, `product` and `resource_tags` as JSON
// maps), after the FOCUS converters' aws-cur rules.
#include <nlohmann/json.hpp>

#include "costs/cost_format_columns.hpp"

namespace cw::costs {

namespace {

/// The column names of one CUR generation.
struct CurNames {
  const char *unblended, *usage_start, *usage_end, *period_start, *period_end, *line_item_type, *currency, *payer,
      *usage_account, *product_code, *product_name, *region, *zone, *resource, *sku, *description, *usage_amount,
      *pricing_unit, *public_cost, *sp_effective, *ri_effective, *sp_arn, *ri_arn;
};

constexpr CurNames kLegacy{"lineItem/UnblendedCost",
                           "lineItem/UsageStartDate",
                           "lineItem/UsageEndDate",
                           "bill/BillingPeriodStartDate",
                           "bill/BillingPeriodEndDate",
                           "lineItem/LineItemType",
                           "lineItem/CurrencyCode",
                           "bill/PayerAccountId",
                           "lineItem/UsageAccountId",
                           "lineItem/ProductCode",
                           "product/ProductName",
                           "product/region",
                           "lineItem/AvailabilityZone",
                           "lineItem/ResourceId",
                           "product/sku",
                           "lineItem/LineItemDescription",
                           "lineItem/UsageAmount",
                           "pricing/unit",
                           "pricing/publicOnDemandCost",
                           "savingsPlan/SavingsPlanEffectiveCost",
                           "reservation/EffectiveCost",
                           "savingsPlan/SavingsPlanARN",
                           "reservation/ReservationARN"};

constexpr CurNames kCur2{"line_item_unblended_cost",
                         "line_item_usage_start_date",
                         "line_item_usage_end_date",
                         "bill_billing_period_start_date",
                         "bill_billing_period_end_date",
                         "line_item_line_item_type",
                         "line_item_currency_code",
                         "bill_payer_account_id",
                         "line_item_usage_account_id",
                         "line_item_product_code",
                         "product_product_name",
                         "product_region_code",
                         "line_item_availability_zone",
                         "line_item_resource_id",
                         "product_sku",
                         "line_item_line_item_description",
                         "line_item_usage_amount",
                         "pricing_unit",
                         "pricing_public_on_demand_cost",
                         "savings_plan_savings_plan_effective_cost",
                         "reservation_effective_cost",
                         "savings_plan_savings_plan_a_r_n",
                         "reservation_reservation_a_r_n"};

/// lineItem/LineItemType → FOCUS ChargeCategory (the converters' table; Credit and Refund are
/// FOCUS 1.0 Credits rather than the converters' Adjustment, so credits show as credits).
std::string charge_category(const std::string& type) {
  if (type == "Tax") return "Tax";
  if (type == "Fee" || type == "RIFee" || type == "SavingsPlanUpfrontFee" || type == "SavingsPlanRecurringFee")
    return "Purchase";
  if (type == "Credit" || type == "Refund") return "Credit";
  return "Usage";  // Usage, DiscountedUsage, SavingsPlanCoveredUsage, SavingsPlanNegation, discounts
}

class AwsCurLayout final : public ColumnLayout {
 public:
  AwsCurLayout(const std::vector<std::string>& header, bool cur2, const std::string& currency)
      : ColumnLayout(header, cur2 ? "aws-cur2" : "aws-cur",
                     {(cur2 ? kCur2 : kLegacy).unblended, (cur2 ? kCur2 : kLegacy).usage_start,
                      (cur2 ? kCur2 : kLegacy).period_start},
                     currency),
        n_(cur2 ? kCur2 : kLegacy),
        cur2_(cur2),
        tags_(prefixed(cur2 ? "resource_tags_user_" : "resourceTags/user:")) {}

  bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
             std::vector<ImportProblem>& problems, size_t max_problems) const override {
    if (!width_ok(fields, line, problems, max_problems)) return false;
    Record r(*this, fields, line, problems, max_problems);
    row = FocusRow{};
    auto billed = r.number(n_.unblended);
    auto start = r.time(n_.usage_start);
    auto end = r.time(n_.usage_end, true);
    auto period_start = r.time(n_.period_start);
    auto period_end = r.time(n_.period_end, true);
    if (!r.ok()) return false;
    const std::string type = r.text(n_.line_item_type);
    row.billed_cost = *billed;
    // Amortised: what a commitment-covered line really cost; a negation line cancels the
    // on-demand cost the covered line replaces.
    row.effective_cost = *billed;
    if (type == "SavingsPlanCoveredUsage") row.effective_cost = r.number(n_.sp_effective, true).value_or(0);
    if (type == "DiscountedUsage") row.effective_cost = r.number(n_.ri_effective, true).value_or(0);
    if (type == "SavingsPlanNegation") row.effective_cost = 0;
    row.list_cost = r.number(n_.public_cost, true).value_or(*billed);
    row.contracted_cost = *billed;
    row.charge_period_start = *start;
    row.charge_period_end = end.value_or(*start);
    row.billing_period_start = *period_start;
    row.billing_period_end = period_end.value_or(next_month_of(*period_start));
    row.billing_currency = r.text(n_.currency).empty() ? default_currency() : r.text(n_.currency);
    row.charge_category = charge_category(type);
    row.charge_frequency = row.charge_category == "Usage" ? "Usage-Based" : "One-Time";
    row.charge_description = r.text(n_.description);
    row.billing_account_id = r.text(n_.payer);
    row.sub_account_id = r.text(n_.usage_account);
    row.provider_name = row.publisher_name = row.invoice_issuer_name = "AWS";
    row.resource_id = r.text(n_.resource);
    row.availability_zone = r.text(n_.zone);
    row.sku_id = r.text(n_.sku);
    row.consumed_quantity = r.number(n_.usage_amount, true);
    row.pricing_unit = r.text(n_.pricing_unit);
    row.commitment_discount_id = r.text(n_.sp_arn).empty() ? r.text(n_.ri_arn) : r.text(n_.sp_arn);
    if (!row.commitment_discount_id.empty())
      row.commitment_discount_type = r.text(n_.sp_arn).empty() ? "Reservation" : "Savings Plan";
    nlohmann::json product = cur2_ ? nlohmann::json::parse(r.text("product"), nullptr, false) : nlohmann::json();
    row.service_name = r.text(n_.product_name);
    if (row.service_name.empty()) row.service_name = json_text(product, "product_name");
    if (row.service_name.empty()) row.service_name = r.text(n_.product_code);
    row.region_id = r.text(n_.region);
    if (row.region_id.empty()) row.region_id = json_text(product, "region");
    for (const auto& [key, index] : tags_) {
      const std::string& v = fields[static_cast<size_t>(index)];
      if (!v.empty()) row.tags[key] = v;
    }
    if (cur2_) {
      auto tags = nlohmann::json::parse(r.text("resource_tags"), nullptr, false);
      if (tags.is_object())
        for (const auto& [key, value] : tags.items()) {
          std::string k = key.rfind("user_", 0) == 0 ? key.substr(5) : key;
          if (value.is_string() && !value.get<std::string>().empty()) row.tags[k] = value;
        }
    }
    return r.ok();
  }

 private:
  const CurNames& n_;
  bool cur2_;
  std::map<std::string, int> tags_;
};

}  // namespace

std::unique_ptr<RowLayout> make_aws_cur_layout(const std::vector<std::string>& header, bool cur2,
                                               const std::string& currency) {
  return std::make_unique<AwsCurLayout>(header, cur2, currency);
}

}  // namespace cw::costs
