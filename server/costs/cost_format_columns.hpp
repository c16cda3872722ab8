#pragma once
/// The shared part of the non-FOCUS cost formats (cost_format_*.cpp): columns found by name
/// (without case), and a record reader that turns bad values into problems with line and column.
#include <nlohmann/json.hpp>

#include <map>

#include "costs/cost_formats.hpp"

namespace cw::costs {

class ColumnLayout : public RowLayout {
 public:
  /// `required`: the columns a row cannot be placed without; a header lacking one is a problem
  /// (with a hint when the header looks like another format).
  ColumnLayout(const std::vector<std::string>& header, const std::string& format,
               const std::vector<std::string>& required, std::string default_currency);
  const std::vector<ImportProblem>& header_problems() const override { return header_problems_; }
  const std::vector<std::string>& warnings() const override { return warnings_; }

 protected:
  /// One record being read: values by column name; a bad value becomes a problem.
  class Record {
   public:
    Record(const ColumnLayout& layout, const std::vector<std::string>& fields, long long line,
           std::vector<ImportProblem>& problems, size_t max_problems)
        : layout_(layout), fields_(fields), line_(line), problems_(problems), max_(max_problems) {}
    bool has(std::string_view column) const { return layout_.index(column) >= 0; }
    /// The trimmed text ("" when the column is absent, empty or "null").
    std::string text(std::string_view column) const;
    /// A number; nullopt (and a problem unless empty and `optional`) otherwise.
    std::optional<double> number(std::string_view column, bool optional = false);
    /// A date or time; as number().
    std::optional<Millis> time(std::string_view column, bool optional = false);
    void problem(std::string_view column, const std::string& message);
    bool ok() const { return ok_; }

   private:
    const ColumnLayout& layout_;
    const std::vector<std::string>& fields_;
    long long line_;
    std::vector<ImportProblem>& problems_;
    size_t max_;
    bool ok_ = true;
  };

  int index(std::string_view column) const;
  /// Columns named `prefix` + key (e.g. "resourceTags/user:"), as key → column index.
  std::map<std::string, int> prefixed(std::string_view prefix) const;
  const std::string& default_currency() const { return default_currency_; }
  /// The common end of a parse: rows need a width matching the header.
  bool width_ok(const std::vector<std::string>& fields, long long line, std::vector<ImportProblem>& problems,
                size_t max_problems) const;

 private:
  std::map<std::string, int> columns_;  // lower-case name → index
  std::vector<std::string> names_;      // lower case
  std::vector<std::string> original_;   // as the header spells them (tag keys keep their case)
  size_t width_ = 0;
  std::string default_currency_;
  std::vector<ImportProblem> header_problems_;
  std::vector<std::string> warnings_;
};

/// A member of a JSON object from a file, read without trusting its type: "" or 0 when it is
/// absent or of another type (a hostile file must not throw out of the import).
std::string json_text(const nlohmann::json& object, const char* key);
double json_number(const nlohmann::json& object, const char* key);

/// The first day of the month `t` falls in, and of the next one (UTC).
Millis month_start_of(Millis t);
Millis next_month_of(Millis t);

std::unique_ptr<RowLayout> make_aws_cur_layout(const std::vector<std::string>& header, bool cur2,
                                               const std::string& currency);
std::unique_ptr<RowLayout> make_azure_layout(const std::vector<std::string>& header, const std::string& currency);
std::unique_ptr<RowLayout> make_gcp_layout(const std::vector<std::string>& header, const std::string& currency);
std::unique_ptr<RowLayout> make_oci_layout(const std::vector<std::string>& header, const std::string& currency);

}  // namespace cw::costs
