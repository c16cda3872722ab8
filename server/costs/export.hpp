#pragma once
/// Cost exports (GET /costs/export): a breakdown as CSV — a row per group, a column per bucket,
/// as the Costs page shows it — and the cost rows themselves as a FOCUS 1.0 CSV that any FOCUS
/// tool (and CloudWeave's own import) reads. The FOCUS export is pulled in bounded memory, one
/// account-day of rows at a time, however large the range.
#include <memory>
#include <string>

#include "costs/model.hpp"
#include "http/body_source.hpp"

namespace cw::costs {

class CostRepository;

/// Header: the group dimensions (or "scope" when ungrouped), currency, one column per bucket
/// start, total, previousTotal.
std::string breakdown_csv(const CostQuery& query, const CostBreakdown& breakdown);

/// Every FOCUS 1.0 column this model keeps, by its FOCUS name.
std::string focus_csv_header();
/// One row in the header's order: numbers as written (shortest exact form), dates as RFC 3339
/// UTC, Tags as a JSON object, null as an empty field.
void append_focus_csv(std::string& out, const FocusRow& row);

/// The organization's live rows under the query's range and filters, FOCUS CSV, header first.
std::shared_ptr<http::BodySource> focus_export(CostRepository& repo, std::string organization_id, CostQuery query);

}  // namespace cw::costs
