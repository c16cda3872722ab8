#include "costs/focus_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cw::costs {

namespace {

constexpr const char* kNames[kFocusColumnCount] = {"BilledCost",
                                                   "BillingAccountId",
                                                   "BillingAccountName",
                                                   "BillingCurrency",
                                                   "BillingPeriodEnd",
                                                   "BillingPeriodStart",
                                                   "ChargeCategory",
                                                   "ChargeClass",
                                                   "ChargeDescription",
                                                   "ChargeFrequency",
                                                   "ChargePeriodEnd",
                                                   "ChargePeriodStart",
                                                   "CommitmentDiscountCategory",
                                                   "CommitmentDiscountId",
                                                   "CommitmentDiscountName",
                                                   "CommitmentDiscountQuantity",
                                                   "CommitmentDiscountStatus",
                                                   "CommitmentDiscountType",
                                                   "CommitmentDiscountUnit",
                                                   "ConsumedQuantity",
                                                   "ConsumedUnit",
                                                   "ContractedCost",
                                                   "ContractedUnitPrice",
                                                   "EffectiveCost",
                                                   "InvoiceIssuerName",
                                                   "ListCost",
                                                   "ListUnitPrice",
                                                   "PricingCategory",
                                                   "PricingQuantity",
                                                   "PricingUnit",
                                                   "ProviderName",
                                                   "PublisherName",
                                                   "RegionId",
                                                   "RegionName",
                                                   "AvailabilityZone",
                                                   "ResourceId",
                                                   "ResourceName",
                                                   "ResourceType",
                                                   "ServiceCategory",
                                                   "ServiceName",
                                                   "SkuId",
                                                   "SkuPriceId",
                                                   "SubAccountId",
                                                   "SubAccountName",
                                                   "Tags"};

/// Without these a row cannot be placed in time or summed.
constexpr FocusColumn kRequired[] = {kBilledCost, kBillingPeriodStart, kBillingPeriodEnd, kChargePeriodStart,
                                     kChargePeriodEnd};
/// The rest of FOCUS 1.0's mandatory columns: their absence is a warning.
constexpr FocusColumn kMandatory[] = {kBillingAccountId,  kBillingAccountName, kBillingCurrency, kChargeCategory,
                                      kChargeClass,       kChargeDescription,  kContractedCost,  kEffectiveCost,
                                      kInvoiceIssuerName, kListCost,           kPricingQuantity, kPricingUnit,
                                      kProviderName,      kPublisherName,      kServiceCategory, kServiceName};

constexpr Millis kEarliest = 946'684'800'000;  // 2000-01-01T00:00:00Z
constexpr Millis kLatest = 4'102'444'800'000;  // 2100-01-01T00:00:00Z

constexpr const char* kChargeCategories[] = {"Usage", "Purchase", "Tax", "Credit", "Adjustment"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_null(std::string_view s) {
  s = trim(s);
  return s.empty() || s == "null" || s == "NULL" || s == "Null";
}

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string shorten(std::string_view s) {
  return s.size() <= 60 ? std::string(s) : std::string(s.substr(0, 57)) + "...";
}

}  // namespace

const char* focus_column_name(FocusColumn column) { return kNames[column]; }

std::optional<Millis> parse_focus_datetime(std::string_view text) {
  std::string_view s = trim(text);
  int y, m, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' || !digits(s, 8, 2, d))
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  std::string full(s);
  if (full.size() == 10) {
    full += "T00:00:00Z";
  } else {
    if (full.size() == 16) full += ":00";  // 2024-05-01T10:00
    char last = full.back();
    bool zoned = last == 'Z' || last == 'z' ||
                 (full.size() > 19 && (full[full.size() - 6] == '+' || full[full.size() - 6] == '-'));
    if (!zoned) full += 'Z';
  }
  return parse_rfc3339(full);
}

std::optional<double> parse_focus_number(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

FocusLayout::FocusLayout(const std::vector<std::string>& header, std::string default_currency)
    : width_(header.size()), default_currency_(std::move(default_currency)) {
  index_.fill(-1);
  std::vector<std::string> seen;
  for (size_t i = 0; i < header.size(); ++i) {
    // Names compare without case: the FOCUS spec's own examples spell "SkuPriceid".
    std::string name = lower(trim(header[i]));
    if (std::find(seen.begin(), seen.end(), name) != seen.end() && !name.empty()) {
      header_problems_.push_back({1, std::string(trim(header[i])), "the column appears twice in the header"});
      continue;
    }
    seen.push_back(name);
    for (int c = 0; c < kFocusColumnCount; ++c)
      if (name == lower(kNames[c])) index_[c] = static_cast<int>(i);
  }
  // A file with none of the columns every FOCUS row has is another format (an EA export, a CUR):
  // one clear problem instead of five "missing" ones.
  bool any = false;
  for (FocusColumn c : kRequired) any = any || index_[c] >= 0;
  if (!any) {
    header_problems_.push_back({1, "",
                                "the first line is not a FOCUS header: it has none of the columns BilledCost, "
                                "BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd"});
    return;
  }
  for (FocusColumn c : kRequired)
    if (index_[c] < 0)
      header_problems_.push_back(
          {1, kNames[c], "the FOCUS column " + std::string(kNames[c]) + " is missing from the header"});
  std::string absent;
  for (FocusColumn c : kMandatory)
    if (index_[c] < 0) absent += (absent.empty() ? "" : ", ") + std::string(kNames[c]);
  if (!absent.empty())
    warnings_.push_back("The file lacks these FOCUS 1.0 mandatory columns: " + absent +
                        ". Costs default to BilledCost, the currency to " + default_currency_ +
                        ", ChargeCategory to Usage, the rest to empty.");
}

bool FocusLayout::parse(const std::vector<std::string>& f, long long line, FocusRow& row,
                        std::vector<ImportProblem>& problems, size_t max_problems) const {
  bool bad = false;
  auto problem = [&](FocusColumn c, std::string message) {
    bad = true;
    if (problems.size() < max_problems)
      problems.push_back({line, c == kFocusColumnCount ? "" : kNames[c], std::move(message)});
  };
  if (f.size() != width_) {
    problem(kFocusColumnCount,
            "the row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(width_));
    return false;
  }
  auto raw = [&](FocusColumn c) -> std::string_view { return index_[c] < 0 ? std::string_view() : f[index_[c]]; };
  auto text = [&](FocusColumn c) -> std::string {
    std::string_view v = raw(c);
    return is_null(v) ? std::string() : std::string(trim(v));
  };
  auto time = [&](FocusColumn c, Millis& out) {
    std::string_view v = raw(c);
    if (is_null(v)) return problem(c, "is required");
    auto t = parse_focus_datetime(v);
    if (!t) return problem(c, "'" + shorten(v) + "' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    // Billing data from before 2000 or after 2099 is a typo, not history (and would make the
    // rollups of one import span millennia).
    if (*t < kEarliest || *t >= kLatest) return problem(c, "'" + shorten(v) + "' is outside the years 2000 to 2099");
    out = *t;
  };
  auto number = [&](FocusColumn c) -> std::optional<double> {
    std::string_view v = raw(c);
    if (is_null(v)) return std::nullopt;
    auto n = parse_focus_number(v);
    if (!n) problem(c, "'" + shorten(v) + "' is not a decimal number");
    return n;
  };
  auto cost = [&](FocusColumn c, double fallback) -> double {
    if (index_[c] < 0) return fallback;
    if (is_null(raw(c))) {
      problem(c, "is required");
      return 0;
    }
    return number(c).value_or(0);
  };

  time(kBillingPeriodStart, row.billing_period_start);
  time(kBillingPeriodEnd, row.billing_period_end);
  time(kChargePeriodStart, row.charge_period_start);
  time(kChargePeriodEnd, row.charge_period_end);
  if (!bad) {
    if (row.billing_period_end <= row.billing_period_start)
      problem(kBillingPeriodEnd, "is not after BillingPeriodStart");
    if (row.charge_period_end < row.charge_period_start) problem(kChargePeriodEnd, "is before ChargePeriodStart");
  }
  row.billed_cost = cost(kBilledCost, 0);
  row.effective_cost = cost(kEffectiveCost, row.billed_cost);
  row.list_cost = cost(kListCost, row.billed_cost);
  row.contracted_cost = cost(kContractedCost, row.billed_cost);
  row.pricing_quantity = number(kPricingQuantity);
  row.list_unit_price = number(kListUnitPrice);
  row.contracted_unit_price = number(kContractedUnitPrice);
  row.consumed_quantity = number(kConsumedQuantity);
  row.commitment_discount_quantity = number(kCommitmentDiscountQuantity);

  row.billing_currency = index_[kBillingCurrency] < 0 ? default_currency_ : text(kBillingCurrency);
  if (row.billing_currency.size() != 3 || !std::all_of(row.billing_currency.begin(), row.billing_currency.end(),
                                                       [](char c) { return c >= 'A' && c <= 'Z'; }))
    problem(kBillingCurrency, row.billing_currency.empty()
                                  ? std::string("is required")
                                  : "'" + shorten(row.billing_currency) + "' is not an ISO 4217 currency code");
  row.charge_category = index_[kChargeCategory] < 0 ? "Usage" : text(kChargeCategory);
  if (std::find(std::begin(kChargeCategories), std::end(kChargeCategories), row.charge_category) ==
      std::end(kChargeCategories))
    problem(kChargeCategory,
            row.charge_category.empty()
                ? std::string("is required")
                : "'" + shorten(row.charge_category) + "' is not one of Usage, Purchase, Tax, Credit, Adjustment");

  row.billing_account_id = text(kBillingAccountId);
  row.billing_account_name = text(kBillingAccountName);
  row.sub_account_id = text(kSubAccountId);
  row.sub_account_name = text(kSubAccountName);
  row.charge_class = text(kChargeClass);
  row.charge_description = text(kChargeDescription);
  row.charge_frequency = text(kChargeFrequency);
  row.pricing_category = text(kPricingCategory);
  row.pricing_unit = text(kPricingUnit);
  row.consumed_unit = text(kConsumedUnit);
  row.provider_name = text(kProviderName);
  row.publisher_name = text(kPublisherName);
  row.invoice_issuer_name = text(kInvoiceIssuerName);
  row.region_id = text(kRegionId);
  row.region_name = text(kRegionName);
  row.availability_zone = text(kAvailabilityZone);
  row.resource_id = text(kResourceId);
  row.resource_name = text(kResourceName);
  row.resource_type = text(kResourceType);
  row.service_name = text(kServiceName);
  row.service_category = text(kServiceCategory);
  row.sku_id = text(kSkuId);
  row.sku_price_id = text(kSkuPriceId);
  row.commitment_discount_id = text(kCommitmentDiscountId);
  row.commitment_discount_name = text(kCommitmentDiscountName);
  row.commitment_discount_category = text(kCommitmentDiscountCategory);
  row.commitment_discount_type = text(kCommitmentDiscountType);
  row.commitment_discount_status = text(kCommitmentDiscountStatus);
  row.commitment_discount_unit = text(kCommitmentDiscountUnit);

  row.tags = nlohmann::json::object();
  std::string tags = text(kTags);
  if (!tags.empty()) {
    auto parsed = nlohmann::json::parse(tags, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
      problem(kTags, "is not a JSON object");
    else
      row.tags = std::move(parsed);
  }
  return !bad;
}

}  // namespace cw::costs
