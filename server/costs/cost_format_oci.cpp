// The OCI cost report (`lineItem/…`, `product/…`, `cost/…`, `tags/…`) as FOCUS rows, after the
// FOCUS converters' oci rules. One deviation: BilledCost is `cost/myCost` plus any
// `cost/myCostOverage` (the converters take the overage alone, which is empty in ordinary rows).
#include "costs/cost_format_columns.hpp"

namespace cw::costs {

namespace {

class OciLayout final : public ColumnLayout {
 public:
  OciLayout(const std::vector<std::string>& header, const std::string& currency)
      : ColumnLayout(header, "oci", {"cost/myCost", "lineItem/intervalUsageStart"}, currency),
        tags_(prefixed("tags/")) {}

  bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
             std::vector<ImportProblem>& problems, size_t max_problems) const override {
    if (!width_ok(fields, line, problems, max_problems)) return false;
    Record r(*this, fields, line, problems, max_problems);
    row = FocusRow{};
    auto cost = r.number("cost/myCost");
    auto overage = r.number("cost/myCostOverage", true);
    auto start = r.time("lineItem/intervalUsageStart");
    auto end = r.time("lineItem/intervalUsageEnd", true);
    if (!r.ok()) return false;
    row.billed_cost = row.effective_cost = row.contracted_cost = row.list_cost = *cost + overage.value_or(0);
    row.charge_period_start = *start;
    row.charge_period_end = end.value_or(*start);
    row.billing_period_start = month_start_of(*start);
    row.billing_period_end = next_month_of(*start);
    row.billing_currency = r.text("cost/currencyCode").empty() ? default_currency() : r.text("cost/currencyCode");
    row.charge_class = r.text("lineItem/isCorrection") == "true" ? "Correction" : "";
    row.charge_description = r.text("product/Description");
    row.billing_account_id = r.text("cost/subscriptionId");
    row.sub_account_id = r.text("lineItem/tenantId");
    row.sub_account_name = r.text("product/compartmentName");
    row.provider_name = row.publisher_name = row.invoice_issuer_name = "Oracle";
    row.service_name = r.text("product/service");
    row.region_id = r.text("product/region");
    row.availability_zone = r.text("product/availabilityDomain");
    row.resource_id = r.text("product/resourceId");
    row.sku_id = r.text("cost/productSku");
    row.list_unit_price = r.number("cost/unitPrice", true);
    row.consumed_quantity = r.number("usage/billedQuantity", true);
    row.consumed_unit = row.pricing_unit = r.text("cost/skuUnitDescription");
    for (const auto& [key, index] : tags_) {
      const std::string& v = fields[static_cast<size_t>(index)];
      if (!v.empty()) row.tags[key] = v;
    }
    return r.ok();
  }

 private:
  std::map<std::string, int> tags_;
};

}  // namespace

std::unique_ptr<RowLayout> make_oci_layout(const std::vector<std::string>& header, const std::string& currency) {
  return std::make_unique<OciLayout>(header, currency);
}

}  // namespace cw::costs
