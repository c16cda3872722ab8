#pragma once
/// A provider's CostLine as a FOCUS row: the line's day is the charge period, its calendar month
/// the billing period; the account is the billing account; amounts absent from the line are the
/// billed amount (list price, no discount).
#include "costs/model.hpp"
#include "providers/provider.hpp"

namespace cw::costs {

struct LineAccount {
  std::string id, name, kind;  // CloudWeave's account id and name, the provider kind ("aws", "simulated")
};

/// Throws std::invalid_argument when the line's date is not YYYY-MM-DD (a provider bug).
FocusRow focus_row(const providers::CostLine& line, const LineAccount& account);

/// Start of the calendar month (UTC) a day falls in, and of the next one.
Millis month_start(Millis day);
Millis next_month_start(Millis day);

}  // namespace cw::costs
