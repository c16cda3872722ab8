#pragma once
/// The FOCUS CSV format: which column of a file's header holds which FOCUS 1.0 column, and one
/// record → FocusRow with every problem named (line, column, reason). FOCUS 1.1+ columns and
/// provider extensions (x_…) are accepted and ignored. Values are strict: decimal numbers
/// ("1234.5", not "$1,234.50"), ISO 8601 dates ("2024-05-01" or "2024-05-01T00:00:00Z", not
/// "5/1/24"); an empty field or the literal "null" is null.
///
/// Of the FOCUS 1.0 mandatory columns a file must have the five without which a row cannot be
/// placed: BilledCost, BillingPeriodStart/End and ChargePeriodStart/End. Others may be absent
/// (the spec's own examples omit many); the import then warns and uses: EffectiveCost, ListCost,
/// ContractedCost = BilledCost; BillingCurrency = the import's currency; ChargeCategory = Usage;
/// text columns empty.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costs/model.hpp"

namespace cw::costs {

/// "2024-05-01", "2024-05-01T10:00:00Z", "2024-05-01 10:00:00", "2024-05-01T10:00:00.5+02:00";
/// nullopt for anything else, including impossible dates (2024-02-30).
std::optional<Millis> parse_focus_datetime(std::string_view text);
/// A finite decimal number ("12", "-0.5", "1e-3"), surrounding blanks allowed; nullopt otherwise.
std::optional<double> parse_focus_number(std::string_view text);

enum FocusColumn : int {
  kBilledCost,
  kBillingAccountId,
  kBillingAccountName,
  kBillingCurrency,
  kBillingPeriodEnd,
  kBillingPeriodStart,
  kChargeCategory,
  kChargeClass,
  kChargeDescription,
  kChargeFrequency,
  kChargePeriodEnd,
  kChargePeriodStart,
  kCommitmentDiscountCategory,
  kCommitmentDiscountId,
  kCommitmentDiscountName,
  kCommitmentDiscountQuantity,
  kCommitmentDiscountStatus,
  kCommitmentDiscountType,
  kCommitmentDiscountUnit,
  kConsumedQuantity,
  kConsumedUnit,
  kContractedCost,
  kContractedUnitPrice,
  kEffectiveCost,
  kInvoiceIssuerName,
  kListCost,
  kListUnitPrice,
  kPricingCategory,
  kPricingQuantity,
  kPricingUnit,
  kProviderName,
  kPublisherName,
  kRegionId,
  kRegionName,
  kAvailabilityZone,
  kResourceId,
  kResourceName,
  kResourceType,
  kServiceCategory,
  kServiceName,
  kSkuId,
  kSkuPriceId,
  kSubAccountId,
  kSubAccountName,
  kTags,
  kFocusColumnCount
};

/// The column's FOCUS name ("BilledCost").
const char* focus_column_name(FocusColumn column);

class FocusLayout {
 public:
  /// Reads the header. Problems (row 1) when a required column is missing or a name repeats;
  /// warnings name the FOCUS 1.0 mandatory columns the file lacks.
  FocusLayout(const std::vector<std::string>& header, std::string default_currency);
  const std::vector<ImportProblem>& header_problems() const { return header_problems_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

  /// Fills `row` from a record starting on `line`. Appends its problems (at most up to
  /// `max_problems` in all) and returns false when it has any.
  bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
             std::vector<ImportProblem>& problems, size_t max_problems) const;

 private:
  std::array<int, kFocusColumnCount> index_{};
  size_t width_ = 0;
  std::string default_currency_;
  std::vector<ImportProblem> header_problems_;
  std::vector<std::string> warnings_;
};

}  // namespace cw::costs
