// The billing export's table names, query and answers. The REST envelope is checked on a genuine
// jobs.query body (server/tests/testdata/gcp, from Google's python-bigquery tests); the billing
// answers are written from the documented format: jobs.query / getQueryResults return
// {"jobComplete", "jobReference": {"projectId", "jobId", "location"}, "schema": {"fields":
// [{"name", "type", "mode"}]}, "rows": [{"f": [{"v": "<value as a string>" | null}]}],
// "pageToken"} and leave `rows` out when there are none.
#include "providers/gcp/billing_export.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"

namespace cw::providers::gcp {
namespace {

using nlohmann::json;

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ProviderError& e) { return e.code(); }
  return "";
}

const std::vector<std::string> kColumns = {"day",        "service",      "sku_id",    "sku",      "region",
                                           "project_id", "project_name", "cost_type", "currency", "unit",
                                           "quantity",   "cost",         "credits"};

/// A finished billing-export answer with `rows` (each a list of values or nulls, kColumns order).
json billing_answer(const std::vector<std::string>& columns, const json& rows, const std::string& page_token = "") {
  json fields = json::array();
  for (const auto& c : columns) fields.push_back({{"name", c}, {"type", "STRING"}, {"mode", "NULLABLE"}});
  json out = {{"kind", "bigquery#queryResponse"},
              {"schema", {{"fields", fields}}},
              {"jobReference", {{"projectId", "cloud-custodian"}, {"jobId", "job_billing-1"}, {"location", "US"}}},
              {"totalRows", std::to_string(rows.size())},
              {"jobComplete", true},
              {"cacheHit", false}};
  json f_rows = json::array();
  for (const auto& row : rows) {
    json f = json::array();
    for (const auto& v : row) f.push_back({{"v", v}});
    f_rows.push_back({{"f", f}});
  }
  if (!f_rows.empty()) out["rows"] = f_rows;
  if (!page_token.empty()) out["pageToken"] = page_token;
  return out;
}

json compute_row() {
  return {"2024-03-01",
          "Compute Engine",
          "2E27-4F75-95CD",
          "N1 Predefined Instance Core running in Americas",
          "us-central1",
          "my-project-1",
          "My Project",
          "regular",
          "USD",
          "seconds",
          "86400",
          "1.5216",
          "-0.304320000000001"};
}

TEST(BillingExportTable, AcceptsTheStandardAndResourceLevelTables) {
  auto t = parse_billing_export_table("my-billing-proj.billing_ds.gcp_billing_export_v1_01ABCD_234567_89ABCD");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->project, "my-billing-proj");
  EXPECT_EQ(t->dataset, "billing_ds");
  EXPECT_EQ(t->table, "gcp_billing_export_v1_01ABCD_234567_89ABCD");
  EXPECT_FALSE(t->resource_level);
  EXPECT_EQ(t->sql_name(), "`my-billing-proj.billing_ds.gcp_billing_export_v1_01ABCD_234567_89ABCD`");
  auto r = parse_billing_export_table("my-billing-proj.billing_ds.gcp_billing_export_resource_v1_01ABCD_234567_89ABCD");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->resource_level);
}

TEST(BillingExportTable, RefusesAnythingElseSayingWhatItMustBe) {
  for (const char* bad :
       {"", "billing_ds.gcp_billing_export_v1_01ABCD", "p.d.t.u", "my-project.ds.some_table",
        "My-Project.ds.gcp_billing_export_v1_01ABCD", "proj.ds.gcp_billing_export_v1_",
        "my-project.ds.gcp_billing_export_v1_01ABCD`; DROP TABLE x; --", "my-project.d s.gcp_billing_export_v1_01ABCD",
        "my-project..gcp_billing_export_v1_01ABCD", "my-project.ds.gcp_billing_export_v1_01AB-CD"}) {
    std::string why;
    EXPECT_FALSE(parse_billing_export_table(bad, &why)) << bad;
    EXPECT_NE(why.find("gcp_billing_export_v1_"), std::string::npos) << bad << ": " << why;
  }
}

TEST(BillingExportQuery, SumsPerDayServiceSkuRegionProjectAndResourceOnlyForTheResourceTable) {
  auto standard = *parse_billing_export_table("my-project.ds.gcp_billing_export_v1_01ABCD");
  std::string q = billing_export_query(standard);
  EXPECT_NE(q.find("FROM `my-project.ds.gcp_billing_export_v1_01ABCD`"), std::string::npos);
  EXPECT_NE(q.find("usage_start_time >= TIMESTAMP(@from_date)"), std::string::npos);
  // Partition pruning: only partitions exported since the day before the range are read.
  EXPECT_NE(q.find("WHERE _PARTITIONTIME >= TIMESTAMP(DATE_SUB(@from_date, INTERVAL 1 DAY))"), std::string::npos);
  EXPECT_NE(q.find("TIMESTAMP(DATE_ADD(@to_date, INTERVAL 1 DAY))"), std::string::npos);
  EXPECT_NE(q.find("SUM(cost) AS cost"), std::string::npos);
  EXPECT_NE(q.find("UNNEST(credits)"), std::string::npos);
  EXPECT_NE(q.find("GROUP BY day, service, sku_id, sku, region, project_id"), std::string::npos);
  EXPECT_EQ(q.find("resource."), std::string::npos);
  auto resource = *parse_billing_export_table("my-project.ds.gcp_billing_export_resource_v1_01ABCD");
  std::string rq = billing_export_query(resource);
  EXPECT_NE(rq.find("resource.global_name AS resource_global_name"), std::string::npos);
  EXPECT_NE(rq.find("resource_global_name, resource_name"), std::string::npos);
}

TEST(QueryResponse, ReadsTheGenuineJobsQueryEnvelope) {
  QueryResultPage page =
      parse_query_response(cw::testing::read_project_testdata("gcp/bigquery_jobs-query-response_python-bigquery.json"));
  EXPECT_TRUE(page.complete);
  EXPECT_EQ(page.job_id, "job_ocd3cb-N62QIslU7R5qKKa2_427J");
  EXPECT_EQ(page.location, "US");
  EXPECT_EQ(page.page_token, "");
  EXPECT_EQ(page.columns, (std::vector<std::string>{"name", "number"}));
  ASSERT_EQ(page.rows.size(), 9u);
  EXPECT_EQ(page.rows[1][0], "Timothy");
  EXPECT_EQ(page.rows[1][1], "325");  // INTEGER columns come as strings too
  EXPECT_EQ(page.rows[8][0], "Tiffani");
  // Not billing-export columns: mapping it says which column is missing instead of guessing.
  EXPECT_EQ(code_of([&] { billing_export_cost_lines(page); }), "InvalidResponse");
}

TEST(QueryResponse, AnUnfinishedQueryCarriesItsJobToPollThenTheFinishedOneItsRows) {
  QueryResultPage waiting = parse_query_response(
      R"({"kind": "bigquery#queryResponse", "jobReference": {"projectId": "my-project-1", "jobId": "job_billing-1",)"
      R"( "location": "EU"}, "jobComplete": false})");
  EXPECT_FALSE(waiting.complete);
  EXPECT_EQ(waiting.job_id, "job_billing-1");
  EXPECT_EQ(waiting.location, "EU");
  EXPECT_TRUE(waiting.rows.empty());

  QueryResultPage done = parse_query_response(billing_answer(kColumns, json::array({compute_row()})).dump());
  EXPECT_TRUE(done.complete);
  ASSERT_EQ(done.rows.size(), 1u);
  EXPECT_EQ(done.rows[0][4], "us-central1");
  // An empty result leaves `rows` out.
  QueryResultPage empty = parse_query_response(billing_answer(kColumns, json::array()).dump());
  EXPECT_TRUE(empty.complete);
  EXPECT_TRUE(empty.rows.empty());
}

TEST(QueryResponse, TwoPagesMapToCostLinesAfterTheFocusConvertersRules) {
  json tax = {"2024-03-01", "Invoice", nullptr, "Tax",   nullptr, nullptr, nullptr,
              "tax",        "USD",     nullptr, nullptr, "0.42",  "0"};
  QueryResultPage first =
      parse_query_response(billing_answer(kColumns, json::array({compute_row()}), "BHO3XPDN2AAQAAASA").dump());
  QueryResultPage second = parse_query_response(billing_answer(kColumns, json::array({tax})).dump());
  EXPECT_EQ(first.page_token, "BHO3XPDN2AAQAAASA");
  EXPECT_EQ(second.page_token, "");

  auto lines = billing_export_cost_lines(first);
  ASSERT_EQ(lines.size(), 1u);
  const CostLine& c = lines[0];
  EXPECT_EQ(c.date, "2024-03-01");
  EXPECT_EQ(c.provider, "gcp");
  EXPECT_EQ(c.service, "Compute Engine");
  EXPECT_EQ(c.description, "N1 Predefined Instance Core running in Americas");
  EXPECT_EQ(c.sku_id, "2E27-4F75-95CD");
  EXPECT_EQ(c.region, "us-central1");
  EXPECT_EQ(c.sub_account_id, "my-project-1");
  EXPECT_EQ(c.sub_account_name, "My Project");
  EXPECT_EQ(c.charge_category, "Usage");
  EXPECT_EQ(c.currency, "USD");
  EXPECT_DOUBLE_EQ(c.amount, 1.5216);  // BilledCost = cost
  ASSERT_TRUE(c.effective_amount && c.list_amount);
  EXPECT_NEAR(*c.effective_amount, 1.5216 - 0.304320000000001, 1e-12);  // + credits
  EXPECT_DOUBLE_EQ(*c.list_amount, 1.5216);
  ASSERT_TRUE(c.quantity);
  EXPECT_DOUBLE_EQ(*c.quantity, 86400);
  EXPECT_EQ(c.unit, "seconds");
  EXPECT_EQ(c.resource_external_id, "");

  auto taxes = billing_export_cost_lines(second);
  ASSERT_EQ(taxes.size(), 1u);
  EXPECT_EQ(taxes[0].charge_category, "Tax");
  EXPECT_EQ(taxes[0].region, "");  // null
  EXPECT_FALSE(taxes[0].quantity);
  EXPECT_DOUBLE_EQ(*taxes[0].effective_amount, 0.42);
}

TEST(QueryResponse, ResourceLevelRowsNameTheResourceByItsGlobalName) {
  std::vector<std::string> columns = kColumns;
  columns.insert(columns.begin() + 7, {"resource_global_name", "resource_name"});
  json row = compute_row();
  row.insert(row.begin() + 7, "//compute.googleapis.com/projects/my-project-1/zones/us-central1-a/instances/123");
  row.insert(row.begin() + 8, "web-1");
  json no_global = row;
  no_global[7] = nullptr;
  auto lines = billing_export_cost_lines(parse_query_response(billing_answer(columns, {row, no_global}).dump()));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].resource_external_id,
            "//compute.googleapis.com/projects/my-project-1/zones/us-central1-a/instances/123");
  EXPECT_EQ(lines[0].resource_name, "web-1");
  EXPECT_EQ(lines[1].resource_external_id, "web-1");
}

TEST(QueryResponse, MalformedOrHostileAnswersAreInvalidResponseNeverACrash) {
  auto parse_and_map = [](const std::string& body) {
    return code_of([&] { billing_export_cost_lines(parse_query_response(body)); });
  };
  auto with_row = [](const json& row) { return billing_answer(kColumns, json::array({row})).dump(); };
  auto row_with = [](size_t column, json value) {
    json row = compute_row();
    row[column] = std::move(value);
    return row;
  };
  std::string deep(100'000, '[');
  for (const std::string& body :
       {std::string("not json"),
        std::string("[]"),
        std::string("null"),
        deep,
        std::string(R"({"jobComplete": "yes"})"),
        std::string(R"({"jobComplete": false})"),
        std::string(R"({"jobComplete": false, "jobReference": "job_1"})"),
        std::string(R"({"jobComplete": false, "jobReference": {"jobId": 7}})"),
        std::string(R"({"jobComplete": true})"),
        std::string(R"({"jobComplete": true, "schema": {"fields": {}}})"),
        std::string(R"({"jobComplete": true, "schema": {"fields": [{"type": "STRING"}]}})"),
        std::string(R"({"jobComplete": true, "schema": {"fields": [{"name": "day"}]}, "rows": {}})"),
        std::string(R"({"jobComplete": true, "schema": {"fields": [{"name": "day"}]}, "rows": [{"f": []}]})"),
        std::string(R"({"jobComplete": true, "schema": {"fields": [{"name": "day"}]}, "rows": [["2024-01-01"]]})"),
        std::string(R"({"jobComplete": true, "schema": {"fields": [{"name": "day"}]}, "pageToken": 5})"),
        with_row(row_with(0, "2024-13-01")),
        with_row(row_with(0, "01/03/2024")),
        with_row(row_with(0, nullptr)),
        with_row(row_with(11, "abc")),
        with_row(row_with(11, "1.5 USD")),
        with_row(row_with(11, "nan")),
        with_row(row_with(11, "inf")),
        with_row(row_with(11, "1e999")),
        with_row(row_with(11, nullptr)),
        with_row(row_with(12, "-")),
        with_row(row_with(10, "")),
        with_row(row_with(8, "usd")),
        with_row(row_with(1, json{{"v", "nested"}})),
        with_row(row_with(1, json::array({"a"}))),
        with_row(row_with(1, 12))})
    EXPECT_EQ(parse_and_map(body), "InvalidResponse") << body.substr(0, 200);
  // A well-formed answer whose query lacks `day` or `cost` cannot be placed.
  std::vector<std::string> no_cost(kColumns.begin(), kColumns.end() - 2);
  json short_row = compute_row();
  short_row.erase(short_row.end() - 2, short_row.end());
  EXPECT_EQ(parse_and_map(billing_answer(no_cost, json::array({short_row})).dump()), "InvalidResponse");
}

}  // namespace
}  // namespace cw::providers::gcp
