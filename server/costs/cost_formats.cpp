#include "costs/cost_formats.hpp"

#include <algorithm>
#include <cctype>

#include "costs/cost_format_columns.hpp"
#include "costs/cost_lines.hpp"
#include "costs/focus_format.hpp"

namespace cw::costs {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

const char* format_label(const std::string& format) {
  if (format == "aws-cur") return "an AWS CUR (legacy)";
  if (format == "aws-cur2") return "an AWS CUR 2.0 / Data Exports";
  if (format == "azure") return "an Azure cost details";
  if (format == "gcp") return "a Google Cloud billing export";
  if (format == "oci") return "an OCI cost report";
  return "a FOCUS";
}

/// FocusLayout as a RowLayout.
class FocusRowLayout final : public RowLayout {
 public:
  FocusRowLayout(const std::vector<std::string>& header, const std::string& currency)
      : layout_(header, currency), problems_(layout_.header_problems()) {
    std::string looks = guess_format(header);
    if (!problems_.empty() && !looks.empty() && looks != "focus")
      problems_.push_back(
          {1, "", std::string("this looks like ") + format_label(looks) + " file: import it with format=" + looks});
  }
  const std::vector<ImportProblem>& header_problems() const override { return problems_; }
  const std::vector<std::string>& warnings() const override { return layout_.warnings(); }
  bool parse(const std::vector<std::string>& fields, long long line, FocusRow& row,
             std::vector<ImportProblem>& problems, size_t max_problems) const override {
    return layout_.parse(fields, line, row, problems, max_problems);
  }

 private:
  FocusLayout layout_;
  std::vector<ImportProblem> problems_;
};

}  // namespace

std::string guess_format(const std::vector<std::string>& header) {
  bool cur = false, cur2 = false, azure = false, gcp = false, oci = false, focus = false;
  for (const auto& h : header) {
    std::string n = lower(trim(h));
    cur = cur || n == "lineitem/unblendedcost";
    cur2 = cur2 || n == "line_item_unblended_cost";
    azure = azure || n == "costinbillingcurrency" || n == "metercategory";
    gcp = gcp || n == "usage_start_time" || n == "service.description";
    oci = oci || n == "cost/mycost";
    focus = focus || n == "billedcost";
  }
  if (focus) return "focus";
  if (cur) return "aws-cur";
  if (cur2) return "aws-cur2";
  if (oci) return "oci";
  if (azure) return "azure";
  if (gcp) return "gcp";
  return "";
}

std::optional<Millis> parse_export_datetime(std::string_view text) {
  std::string s(trim(text));
  if (s.size() >= 4 && s.compare(s.size() - 4, 4, " UTC") == 0) s = s.substr(0, s.size() - 4) + "Z";
  // Month-first US dates of Azure EA exports: 9/2/2023, 09/02/2023 00:00:00.
  auto slash = s.find('/');
  if (slash != std::string::npos && slash <= 2) {
    int month = 0, day = 0, year = 0;
    char rest[2] = {};
    if (std::sscanf(s.c_str(), "%d/%d/%d%1s", &month, &day, &year, rest) < 3 || year < 1000) return std::nullopt;
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
    s = iso;
  }
  if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
  // 2023-11-13T10:00Z: minutes without seconds.
  if (s.size() == 17 && s[13] == ':' && (s[16] == 'Z' || s[16] == 'z')) s.insert(16, ":00");
  return parse_focus_datetime(s);
}

std::unique_ptr<RowLayout> make_row_layout(const std::string& format, const std::vector<std::string>& header,
                                           const std::string& default_currency) {
  if (format == "aws-cur") return make_aws_cur_layout(header, false, default_currency);
  if (format == "aws-cur2") return make_aws_cur_layout(header, true, default_currency);
  if (format == "azure") return make_azure_layout(header, default_currency);
  if (format == "gcp") return make_gcp_layout(header, default_currency);
  if (format == "oci") return make_oci_layout(header, default_currency);
  return std::make_unique<FocusRowLayout>(header, default_currency);
}

ColumnLayout::ColumnLayout(const std::vector<std::string>& header, const std::string& format,
                           const std::vector<std::string>& required, std::string default_currency)
    : width_(header.size()), default_currency_(std::move(default_currency)) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = lower(trim(header[i]));
    if (i == 0 && name.rfind("\xef\xbb\xbf", 0) == 0) name = name.substr(3);  // a UTF-8 BOM
    names_.push_back(name);
    original_.emplace_back(trim(header[i]));
    if (!columns_.emplace(name, static_cast<int>(i)).second && !name.empty())
      header_problems_.push_back({1, std::string(trim(header[i])), "the column appears twice in the header"});
  }
  std::string missing;
  for (const auto& r : required)
    if (index(r) < 0) {
      header_problems_.push_back({1, r, std::string("is missing: ") + format_label(format) + " file has this column"});
      missing = r;
    }
  if (!missing.empty()) {
    std::string looks = guess_format(header);
    if (!looks.empty() && looks != format)
      header_problems_.push_back(
          {1, "", std::string("this looks like ") + format_label(looks) + " file: import it with format=" + looks});
  }
}

int ColumnLayout::index(std::string_view column) const {
  auto it = columns_.find(lower(column));
  return it == columns_.end() ? -1 : it->second;
}

std::map<std::string, int> ColumnLayout::prefixed(std::string_view prefix) const {
  std::map<std::string, int> out;
  const std::string p = lower(prefix);
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i].size() > p.size() && names_[i].compare(0, p.size(), p) == 0)
      out[original_[i].substr(p.size())] = static_cast<int>(i);
  return out;
}

bool ColumnLayout::width_ok(const std::vector<std::string>& fields, long long line,
                            std::vector<ImportProblem>& problems, size_t max_problems) const {
  if (fields.size() == width_) return true;
  if (problems.size() < max_problems)
    problems.push_back(
        {line, "", "the row has " + std::to_string(fields.size()) + " fields, the header " + std::to_string(width_)});
  return false;
}

std::string ColumnLayout::Record::text(std::string_view column) const {
  int i = layout_.index(column);
  if (i < 0 || static_cast<size_t>(i) >= fields_.size()) return "";
  std::string_view v = trim(fields_[static_cast<size_t>(i)]);
  return v == "null" || v == "NULL" ? "" : std::string(v);
}

void ColumnLayout::Record::problem(std::string_view column, const std::string& message) {
  ok_ = false;
  if (problems_.size() < max_) problems_.push_back({line_, std::string(column), message});
}

std::optional<double> ColumnLayout::Record::number(std::string_view column, bool optional) {
  std::string v = text(column);
  if (v.empty()) {
    if (!optional) problem(column, "is empty: a number is needed");
    return std::nullopt;
  }
  auto n = parse_focus_number(v);
  if (!n) problem(column, "'" + v + "' is not a number");
  return n;
}

std::optional<Millis> ColumnLayout::Record::time(std::string_view column, bool optional) {
  std::string v = text(column);
  if (v.empty()) {
    if (!optional) problem(column, "is empty: a date is needed");
    return std::nullopt;
  }
  auto t = parse_export_datetime(v);
  if (!t) problem(column, "'" + v + "' is not a date");
  return t;
}

namespace {
constexpr Millis kDayMs = 86'400'000;
}

std::string json_text(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

double json_number(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0;
}

Millis month_start_of(Millis t) { return month_start(t - t % kDayMs); }
Millis next_month_of(Millis t) { return next_month_start(t - t % kDayMs); }

}  // namespace cw::costs
