#include "costs/cost_lines.hpp"

#include <cstdio>
#include <stdexcept>

#include "costs/focus_format.hpp"

namespace cw::costs {

namespace {
constexpr Millis kDayMs = 86'400'000;

/// FOCUS ProviderName of a flavour.
std::string provider_name(const std::string& flavour, const std::string& kind) {
  if (flavour == "aws") return "AWS";
  if (flavour == "azure") return "Microsoft";
  if (flavour == "gcp") return "Google Cloud";
  return kind == "simulated" ? "CloudWeave Simulated Cloud" : kind;
}

/// FOCUS 1.0 ServiceCategory of the service names our providers use.
std::string service_category(const std::string& service) {
  if (service == "Compute" || service == "Containers" || service == "Serverless") return "Compute";
  if (service == "Database" || service == "Cache") return "Databases";
  if (service == "Storage") return "Storage";
  if (service == "Networking" || service == "Load Balancing" || service == "DNS" || service == "Data Transfer")
    return "Networking";
  if (service == "Messaging") return "Integration";
  if (service == "Support") return "Other";
  return service.empty() ? "" : "Other";
}
}  // namespace

Millis month_start(Millis day) {
  std::string text = utc_day(day);
  return *parse_focus_datetime(text.substr(0, 8) + "01");
}

Millis next_month_start(Millis day) {
  std::string text = utc_day(day);
  int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2));
  if (++m == 13) {
    m = 1;
    ++y;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
  return *parse_focus_datetime(buf);
}

FocusRow focus_row(const providers::CostLine& l, const LineAccount& account) {
  auto day = l.date.size() == 10 ? parse_focus_datetime(l.date) : std::nullopt;
  if (!day) throw std::invalid_argument("cost line with a bad date '" + l.date + "'");
  FocusRow r;
  r.charge_period_start = *day;
  r.charge_period_end = *day + kDayMs;
  r.billing_period_start = month_start(*day);
  r.billing_period_end = next_month_start(*day);
  r.billed_cost = l.amount;
  r.effective_cost = l.effective_amount.value_or(l.amount);
  r.list_cost = l.list_amount.value_or(l.amount);
  r.contracted_cost = r.effective_cost;
  r.billing_currency = l.currency.empty() ? "USD" : l.currency;
  r.billing_account_id = account.id;
  r.billing_account_name = account.name;
  r.sub_account_id = l.sub_account_id.empty() ? account.id : l.sub_account_id;
  r.sub_account_name = l.sub_account_id.empty() ? account.name : l.sub_account_name;
  r.charge_category = l.charge_category.empty() ? "Usage" : l.charge_category;
  r.charge_description = l.description;
  r.charge_frequency = l.charge_frequency;
  r.pricing_category = l.commitment_id.empty() ? "Standard" : "Committed";
  r.pricing_quantity = l.quantity;
  r.pricing_unit = l.unit;
  r.consumed_quantity = l.quantity;
  r.consumed_unit = l.unit;
  r.provider = l.provider.empty() ? account.kind : l.provider;
  r.provider_name = provider_name(l.provider, account.kind);
  r.publisher_name = r.provider_name;
  r.invoice_issuer_name = r.provider_name;
  r.region_id = l.region;
  r.region_name = l.region;
  r.resource_id = l.resource_external_id;
  r.resource_name = l.resource_name;
  r.resource_type = l.resource_type;
  r.service_name = l.service;
  r.service_category = service_category(l.service);
  r.sku_id = l.sku_id;
  r.commitment_discount_id = l.commitment_id;
  r.commitment_discount_type = l.commitment_type;
  r.commitment_discount_category = l.commitment_category;
  r.commitment_discount_status = l.commitment_status;
  if (l.tags.is_object()) r.tags = l.tags;
  return r;
}

}  // namespace cw::costs
