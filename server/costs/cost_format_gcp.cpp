// The Google Cloud billing export (BigQuery standard usage cost table, exported as CSV with
// dotted column names: `service.description`, `location.region`, …) as FOCUS rows, after the
// FOCUS converters' gcp rules, shared with the provider's BigQuery collection
// (providers/gcp/billing_export.hpp): EffectiveCost is the cost plus its credits (negative).
#include <nlohmann/json.hpp>

#include "costs/cost_format_columns.hpp"
#include "providers/gcp/billing_export.hpp"

namespace cw::costs {

namespace {

using providers::gcp::focus_charge_category;

class GcpLayout final : public ColumnLayout {
 public:
  GcpLayout(const std::vector<std::string>& header, const std::string& currency)
      : ColumnLayout(header, "gcp", {"cost", "usage_start_time"}, currency), labels_(prefixed("labels.")) {}

  bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
             std::vector<ImportProblem>& problems, size_t max_problems) const override {
    if (!width_ok(fields, line, problems, max_problems)) return false;
    Record r(*this, fields, line, problems, max_problems);
    row = FocusRow{};
    auto cost = r.number("cost");
    auto start = r.time("usage_start_time");
    auto end = r.time("usage_end_time", true);
    if (!r.ok()) return false;
    double credits = 0;
    if (r.has("credits.amount")) {
      credits = r.number("credits.amount", true).value_or(0);
    } else if (std::string text = r.text("credits"); !text.empty()) {
      auto list = nlohmann::json::parse(text, nullptr, false);
      if (!list.is_array()) r.problem("credits", "is not a JSON array of {name, amount}");
      for (const auto& c : list.is_array() ? list : nlohmann::json::array()) credits += json_number(c, "amount");
    }
    row.billed_cost = row.contracted_cost = *cost;
    row.effective_cost = providers::gcp::focus_effective_cost(*cost, credits);
    row.list_cost = *cost;
    row.charge_period_start = *start;
    row.charge_period_end = end.value_or(*start);
    // invoice.month is YYYYMM: the billing period.
    std::string month = r.text("invoice.month");
    Millis period = month_start_of(*start);
    if (month.size() == 6) {
      if (auto t = parse_export_datetime(month.substr(0, 4) + "-" + month.substr(4, 2) + "-01"))
        period = *t;
      else
        r.problem("invoice.month", "'" + month + "' is not YYYYMM");
    }
    row.billing_period_start = period;
    row.billing_period_end = next_month_of(period);
    row.billing_currency = r.text("currency").empty() ? default_currency() : r.text("currency");
    row.charge_category = focus_charge_category(r.text("cost_type"));
    row.charge_description = r.text("sku.description");
    row.billing_account_id = r.text("billing_account_id");
    row.sub_account_id = r.text("project.id");
    row.sub_account_name = r.text("project.name");
    row.provider_name = row.publisher_name = row.invoice_issuer_name = providers::gcp::kFocusProviderName;
    row.service_name = r.text("service.description");
    row.sku_id = r.text("sku.id");
    row.region_id = r.text("location.region");
    row.availability_zone = r.text("location.zone");
    row.resource_id = providers::gcp::focus_resource_id(r.text("resource.global_name"), r.text("resource.name"));
    row.resource_name = r.text("resource.name");
    row.consumed_quantity = r.number("usage.amount", true);
    row.consumed_unit = r.text("usage.unit");
    auto labels = nlohmann::json::parse(r.text("labels"), nullptr, false);
    if (labels.is_array())  // [{"key": "env", "value": "prod"}]
      for (const auto& l : labels)
        if (std::string key = json_text(l, "key"); !key.empty()) row.tags[key] = json_text(l, "value");
    for (const auto& [key, index] : labels_) {
      const std::string& v = fields[static_cast<size_t>(index)];
      if (!v.empty()) row.tags[key] = v;
    }
    return r.ok();
  }

 private:
  std::map<std::string, int> labels_;
};

}  // namespace

std::unique_ptr<RowLayout> make_gcp_layout(const std::vector<std::string>& header, const std::string& currency) {
  return std::make_unique<GcpLayout>(header, currency);
}

}  // namespace cw::costs
