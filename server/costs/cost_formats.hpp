#pragma once
/// Cost files other than FOCUS — AWS CUR (legacy and 2.0), Azure EA/MCA cost details, the GCP
/// billing export and the OCI cost report — read as FOCUS 1.0 rows with the FinOps FOCUS
/// converters' mapping rules (deviations and the column table per format in docs/costs.md).
/// Every format is a RowLayout: the import job validates and loads through it exactly as it does
/// FOCUS files (every problem with line, column and reason; nothing imported on any problem).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costs/model.hpp"

namespace cw::costs {

class RowLayout {
 public:
  virtual ~RowLayout() = default;
  virtual const std::vector<ImportProblem>& header_problems() const = 0;
  virtual const std::vector<std::string>& warnings() const = 0;
  /// Fills `row` from a record starting on `line`; appends problems (up to `max_problems`).
  virtual bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
                     std::vector<ImportProblem>& problems, size_t max_problems) const = 0;
};

/// The formats POST /costs/imports and `cloudweave costs import --format` take.
inline constexpr const char* kCostFormats[] = {"focus", "aws-cur", "aws-cur2", "azure", "gcp", "oci"};

/// The layout of `format` for this header (its problems name a missing column, and a header of
/// another known format: "this looks like an AWS CUR file: use format=aws-cur").
std::unique_ptr<RowLayout> make_row_layout(const std::string& format, const std::vector<std::string>& header,
                                           const std::string& default_currency);

/// The format a header looks like ("" when none): the hint of a wrong `format`.
std::string guess_format(const std::vector<std::string>& header);

/// Dates as billing exports write them: ISO 8601 with or without seconds or zone
/// ("2023-11-13T10:00Z"), "2023-01-01 00:00:00 UTC" (GCP), "9/2/2023" (Azure EA, month first).
std::optional<Millis> parse_export_datetime(std::string_view text);

}  // namespace cw::costs
