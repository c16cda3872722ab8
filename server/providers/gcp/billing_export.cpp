#include "providers/gcp/billing_export.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include "core/json_parse.hpp"

namespace cw::providers::gcp {
namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& what) {
  throw ProviderError("InvalidResponse", "unexpected answer from BigQuery: " + what);
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// A project id: 6–30 of lower-case letters, digits and hyphens, starting with a letter, not
/// ending with a hyphen (cloud.google.com/resource-manager/docs/creating-managing-projects).
bool valid_project_id(std::string_view p) {
  if (p.size() < 6 || p.size() > 30 || !(p.front() >= 'a' && p.front() <= 'z') || p.back() == '-') return false;
  for (char c : p)
    if (!is_lower_alnum(c) && c != '-') return false;
  return true;
}

/// A dataset id: letters, digits and underscores, at most 1,024.
bool valid_dataset_id(std::string_view d) {
  if (d.empty() || d.size() > 1024) return false;
  for (char c : d)
    if (!is_word(c)) return false;
  return true;
}

/// "2024-01-31" (the query formats days with %F).
bool valid_day(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/// A FLOAT64 or NUMERIC as BigQuery writes it ("12.5", "-1.0E-4", "0"); nullopt otherwise.
std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string string_at(const json& j, const char* key, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (!it->is_string()) invalid(std::string(what) + "." + key + " is not a string");
  return it->get<std::string>();
}

}  // namespace

std::string focus_charge_category(std::string_view cost_type) {
  if (cost_type == "tax") return "Tax";
  if (cost_type == "adjustment" || cost_type == "rounding_error") return "Adjustment";
  if (cost_type == "credit") return "Credit";
  return "Usage";
}

std::string focus_resource_id(const std::string& global_name, const std::string& name) {
  return global_name.empty() ? name : global_name;
}

std::optional<BillingExportTable> parse_billing_export_table(const std::string& text, std::string* why) {
  auto fail = [&](const std::string& reason) -> std::optional<BillingExportTable> {
    if (why) *why = reason;
    return std::nullopt;
  };
  const std::string form =
      "must be project.dataset.gcp_billing_export_v1_<id> or "
      "project.dataset.gcp_billing_export_resource_v1_<id> (the BigQuery table of the Cloud Billing export)";
  size_t first = text.find('.');
  size_t second = first == std::string::npos ? first : text.find('.', first + 1);
  if (second == std::string::npos || text.find('.', second + 1) != std::string::npos) return fail(form);
  BillingExportTable t{text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
  if (!valid_project_id(t.project))
    return fail(form + "; '" + t.project + "' is not a project id (6–30 lower-case letters, digits, hyphens)");
  if (!valid_dataset_id(t.dataset))
    return fail(form + "; '" + t.dataset + "' is not a dataset id (letters, digits, underscores)");
  static const std::string kStandard = "gcp_billing_export_v1_", kResource = "gcp_billing_export_resource_v1_";
  std::string suffix;
  if (t.table.rfind(kResource, 0) == 0) {
    t.resource_level = true;
    suffix = t.table.substr(kResource.size());
  } else if (t.table.rfind(kStandard, 0) == 0) {
    suffix = t.table.substr(kStandard.size());
  } else {
    return fail(form);
  }
  // The billing account id with '-' written as '_' (01ABCD_234567_89ABCD).
  if (suffix.empty() || suffix.size() > 100 || !std::all_of(suffix.begin(), suffix.end(), is_word)) return fail(form);
  return t;
}

std::string billing_export_query(const BillingExportTable& table) {
  std::string resource_columns, resource_groups;
  if (table.resource_level) {
    resource_columns = "  resource.global_name AS resource_global_name,\n  resource.name AS resource_name,\n";
    resource_groups = ", resource_global_name, resource_name";
  }
  return "SELECT\n"
         "  FORMAT_DATE('%F', DATE(usage_start_time)) AS day,\n"
         "  service.description AS service,\n"
         "  sku.id AS sku_id,\n"
         "  sku.description AS sku,\n"
         "  location.region AS region,\n"
         "  project.id AS project_id,\n"
         "  project.name AS project_name,\n" +
         resource_columns +
         "  cost_type,\n"
         "  currency,\n"
         "  usage.unit AS unit,\n"
         "  SUM(usage.amount) AS quantity,\n"
         "  SUM(cost) AS cost,\n"
         "  SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0)) AS credits\n"
         "FROM " +
         table.sql_name() +
         "\n"
         // The export tables are partitioned by the day a row was exported, never before its usage
         // (a day's slack for the export's Pacific-time days): without this filter every query
         // would read, and bill, the whole table.
         "WHERE _PARTITIONTIME >= TIMESTAMP(DATE_SUB(@from_date, INTERVAL 1 DAY))\n"
         "  AND usage_start_time >= TIMESTAMP(@from_date)\n"
         "  AND usage_start_time < TIMESTAMP(DATE_ADD(@to_date, INTERVAL 1 DAY))\n"
         "GROUP BY day, service, sku_id, sku, region, project_id, project_name" +
         resource_groups + ", cost_type, currency, unit";
}

QueryResultPage parse_query_response(const std::string& body) {
  json j = parse_untrusted_json(body);
  if (j.is_discarded() || !j.is_object()) invalid("the query answer is not a JSON object");
  QueryResultPage page;
  auto complete = j.find("jobComplete");
  if (complete != j.end() && !complete->is_boolean()) invalid("jobComplete is not a boolean");
  page.complete = complete != j.end() && complete->get<bool>();
  auto ref = j.find("jobReference");
  if (ref != j.end() && !ref->is_null()) {
    if (!ref->is_object()) invalid("jobReference is not an object");
    page.job_id = string_at(*ref, "jobId", "jobReference");
    page.location = string_at(*ref, "location", "jobReference");
  }
  if (!page.complete) {
    if (page.job_id.empty()) invalid("an unfinished query without jobReference.jobId");
    return page;
  }
  page.page_token = string_at(j, "pageToken", "the answer");
  auto schema = j.find("schema");
  if (schema == j.end() || !schema->is_object() || !schema->contains("fields") || !(*schema)["fields"].is_array())
    invalid("a finished query without schema.fields");
  for (const auto& field : (*schema)["fields"]) {
    if (!field.is_object()) invalid("a schema field is not an object");
    std::string name = string_at(field, "name", "schema field");
    if (name.empty()) invalid("a schema field without a name");
    page.columns.push_back(std::move(name));
  }
  auto rows = j.find("rows");
  if (rows == j.end() || rows->is_null()) return page;  // BigQuery leaves `rows` out of an empty page
  if (!rows->is_array()) invalid("rows is not an array");
  page.rows.reserve(rows->size());
  for (const auto& row : *rows) {
    if (!row.is_object() || !row.contains("f") || !row["f"].is_array() || row["f"].size() != page.columns.size())
      invalid("a row whose f does not match the schema's " + std::to_string(page.columns.size()) + " fields");
    std::vector<std::optional<std::string>> values;
    values.reserve(page.columns.size());
    for (const auto& cell : row["f"]) {
      if (!cell.is_object()) invalid("a row cell is not an object");
      auto v = cell.find("v");
      if (v == cell.end() || v->is_null())
        values.emplace_back(std::nullopt);
      else if (v->is_string())
        values.emplace_back(v->get<std::string>());
      else
        invalid("a row value is not a string or null (a RECORD or REPEATED column?)");
    }
    page.rows.push_back(std::move(values));
  }
  return page;
}

std::vector<CostLine> billing_export_cost_lines(const QueryResultPage& page) {
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < page.columns.size(); ++i) column.emplace(page.columns[i], i);
  auto index = [&](const char* name, bool required) -> std::optional<size_t> {
    auto it = column.find(name);
    if (it != column.end()) return it->second;
    if (required) invalid(std::string("the billing export query answered without a ") + name + " column");
    return std::nullopt;
  };
  const auto day = index("day", true), cost = index("cost", true), credits = index("credits", false),
             service = index("service", false), sku_id = index("sku_id", false), sku = index("sku", false),
             region = index("region", false), project_id = index("project_id", false),
             project_name = index("project_name", false), global_name = index("resource_global_name", false),
             resource_name = index("resource_name", false), cost_type = index("cost_type", false),
             currency = index("currency", false), unit = index("unit", false), quantity = index("quantity", false);
  std::vector<CostLine> lines;
  lines.reserve(page.rows.size());
  for (size_t r = 0; r < page.rows.size(); ++r) {
    const auto& row = page.rows[r];
    auto text = [&](std::optional<size_t> c) -> std::string { return c && row[*c] ? *row[*c] : ""; };
    auto number = [&](std::optional<size_t> c, const char* name, bool required) -> std::optional<double> {
      if (!c || !row[*c]) {
        if (required) invalid("row " + std::to_string(r + 1) + " has no " + name);
        return std::nullopt;
      }
      auto v = parse_number(*row[*c]);
      if (!v) invalid("row " + std::to_string(r + 1) + " has a " + name + " that is not a number");
      return v;
    };
    CostLine line;
    line.provider = "gcp";
    line.date = text(day);
    if (!valid_day(line.date)) invalid("row " + std::to_string(r + 1) + " has a day that is not YYYY-MM-DD");
    double billed = *number(cost, "cost", true);
    double credit = number(credits, "credits", false).value_or(0);
    line.amount = billed;
    line.effective_amount = focus_effective_cost(billed, credit);
    line.list_amount = billed;
    line.service = text(service);
    line.sku_id = text(sku_id);
    line.description = text(sku);
    line.region = text(region);
    line.sub_account_id = text(project_id);
    line.sub_account_name = text(project_name);
    line.resource_external_id = focus_resource_id(text(global_name), text(resource_name));
    line.resource_name = text(resource_name);
    line.charge_category = focus_charge_category(text(cost_type));
    if (std::string c = text(currency); !c.empty()) {
      if (c.size() != 3 || !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
        invalid("row " + std::to_string(r + 1) + " has a currency that is not an ISO 4217 code");
      line.currency = c;
    }
    line.quantity = number(quantity, "quantity", false);
    line.unit = text(unit);
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace cw::providers::gcp
