#include "costs/export.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>

#include "core/clock.hpp"
#include "core/csv.hpp"
#include "core/json_text.hpp"
#include "costs/focus_format.hpp"
#include "costs/repository.hpp"

namespace cw::costs {

namespace {

std::string number(double value) {
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return {buffer, result.ptr};
}

std::string number(const std::optional<double>& value) { return value ? number(*value) : ""; }

std::string focus_value(const FocusRow& r, FocusColumn column) {
  switch (column) {
    case kBilledCost:
      return number(r.billed_cost);
    case kBillingAccountId:
      return csv_field(r.billing_account_id);
    case kBillingAccountName:
      return csv_field(r.billing_account_name);
    case kBillingCurrency:
      return csv_field(r.billing_currency);
    case kBillingPeriodEnd:
      return format_rfc3339(r.billing_period_end);
    case kBillingPeriodStart:
      return format_rfc3339(r.billing_period_start);
    case kChargeCategory:
      return csv_field(r.charge_category);
    case kChargeClass:
      return csv_field(r.charge_class);
    case kChargeDescription:
      return csv_field(r.charge_description);
    case kChargeFrequency:
      return csv_field(r.charge_frequency);
    case kChargePeriodEnd:
      return format_rfc3339(r.charge_period_end);
    case kChargePeriodStart:
      return format_rfc3339(r.charge_period_start);
    case kCommitmentDiscountCategory:
      return csv_field(r.commitment_discount_category);
    case kCommitmentDiscountId:
      return csv_field(r.commitment_discount_id);
    case kCommitmentDiscountName:
      return csv_field(r.commitment_discount_name);
    case kCommitmentDiscountQuantity:
      return number(r.commitment_discount_quantity);
    case kCommitmentDiscountStatus:
      return csv_field(r.commitment_discount_status);
    case kCommitmentDiscountType:
      return csv_field(r.commitment_discount_type);
    case kCommitmentDiscountUnit:
      return csv_field(r.commitment_discount_unit);
    case kConsumedQuantity:
      return number(r.consumed_quantity);
    case kConsumedUnit:
      return csv_field(r.consumed_unit);
    case kContractedCost:
      return number(r.contracted_cost);
    case kContractedUnitPrice:
      return number(r.contracted_unit_price);
    case kEffectiveCost:
      return number(r.effective_cost);
    case kInvoiceIssuerName:
      return csv_field(r.invoice_issuer_name);
    case kListCost:
      return number(r.list_cost);
    case kListUnitPrice:
      return number(r.list_unit_price);
    case kPricingCategory:
      return csv_field(r.pricing_category);
    case kPricingQuantity:
      return number(r.pricing_quantity);
    case kPricingUnit:
      return csv_field(r.pricing_unit);
    case kProviderName:
      return csv_field(r.provider_name);
    case kPublisherName:
      return csv_field(r.publisher_name);
    case kRegionId:
      return csv_field(r.region_id);
    case kRegionName:
      return csv_field(r.region_name);
    case kAvailabilityZone:
      return csv_field(r.availability_zone);
    case kResourceId:
      return csv_field(r.resource_id);
    case kResourceName:
      return csv_field(r.resource_name);
    case kResourceType:
      return csv_field(r.resource_type);
    case kServiceCategory:
      return csv_field(r.service_category);
    case kServiceName:
      return csv_field(r.service_name);
    case kSkuId:
      return csv_field(r.sku_id);
    case kSkuPriceId:
      return csv_field(r.sku_price_id);
    case kSubAccountId:
      return csv_field(r.sub_account_id);
    case kSubAccountName:
      return csv_field(r.sub_account_name);
    case kTags:
      return csv_field(dump_json(r.tags));
    case kFocusColumnCount:
      break;
  }
  return "";
}

/// Does the row carry the query's tag (KEY:VALUE; an empty VALUE means rows without KEY)?
bool has_tag(const FocusRow& row, const CostQuery& q) {
  if (!q.tag_key) return true;
  auto it = row.tags.find(*q.tag_key);
  std::string value = it == row.tags.end() ? "" : it->is_string() ? it->get<std::string>() : it->dump();
  return !q.tag_value || value == *q.tag_value;
}

class FocusExport final : public http::BodySource {
 public:
  FocusExport(CostRepository& repo, std::string organization_id, CostQuery query)
      : repo_(repo), organization_id_(std::move(organization_id)), query_(std::move(query)) {
    auto days = repo_.account_days(organization_id_, query_);
    pending_.assign(days.begin(), days.end());
    buffer_ = focus_csv_header();
  }

  std::optional<uint64_t> size() const override { return std::nullopt; }

  size_t read(char* out, size_t capacity) override {
    // Refill one account-day at a time: a day of one account is the most held in memory.
    while (offset_ == buffer_.size() && !pending_.empty()) {
      buffer_.clear();
      offset_ = 0;
      auto [account_id, day] = pending_.front();
      pending_.pop_front();
      for (const auto& row : repo_.live_rows(organization_id_, account_id, day, query_))
        if (has_tag(row, query_)) append_focus_csv(buffer_, row);
    }
    size_t n = std::min(capacity, buffer_.size() - offset_);
    std::memcpy(out, buffer_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  CostRepository& repo_;
  std::string organization_id_;
  CostQuery query_;
  std::deque<std::pair<std::string, std::string>> pending_;
  std::string buffer_;
  size_t offset_ = 0;
};

}  // namespace

std::string breakdown_csv(const CostQuery& query, const CostBreakdown& b) {
  std::string out;
  auto cell = [&](const std::string& text, bool first = false) {
    if (!first) out += ',';
    out += text;
  };
  bool first = true;
  for (const auto& dimension : query.group_by) {
    cell(csv_field(dimension), first);
    first = false;
  }
  if (query.group_by.empty()) cell("scope", true);
  cell("currency");
  if (!b.series.empty())
    for (const auto& [date, amount] : b.series.front().points) cell(date);
  cell("total");
  cell("previousTotal");
  out += "\r\n";
  for (const auto& s : b.series) {
    first = true;
    for (const auto& dimension : query.group_by) {
      cell(csv_field(s.key.at(dimension)), first);
      first = false;
    }
    if (query.group_by.empty()) cell("all", true);
    cell(csv_field(b.currency));
    for (const auto& [date, amount] : s.points) cell(number(amount));
    cell(number(s.total));
    cell(number(query.group_by.empty() ? b.previous_total : s.previous_total));
    out += "\r\n";
  }
  return out;
}

std::string focus_csv_header() {
  std::string out;
  for (int c = 0; c < kFocusColumnCount; ++c) {
    if (c) out += ',';
    out += focus_column_name(static_cast<FocusColumn>(c));
  }
  return out + "\r\n";
}

void append_focus_csv(std::string& out, const FocusRow& row) {
  for (int c = 0; c < kFocusColumnCount; ++c) {
    if (c) out += ',';
    out += focus_value(row, static_cast<FocusColumn>(c));
  }
  out += "\r\n";
}

std::shared_ptr<http::BodySource> focus_export(CostRepository& repo, std::string organization_id, CostQuery query) {
  return std::make_shared<FocusExport>(repo, std::move(organization_id), std::move(query));
}

}  // namespace cw::costs
