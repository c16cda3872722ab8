#pragma once
// The costs domain below HTTP on a real database, run on SQLite (costs_sqlite_test.cpp) and
// PostgreSQL (costs_postgres_pgtest.cpp): imports, re-imports, failed imports, collections from
// the simulated cloud, breakdowns, currencies and tenant isolation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "costs/export.hpp"
#include "costs/module.hpp"
#include "costs/query.hpp"
#include "inventory/inventory_world_test_support.hpp"

namespace cw::costs::testing {

struct CostWorld : inventory::testing::InventoryWorld {
  explicit CostWorld(storage::Database& db)
      : InventoryWorld(db),
        dir(std::filesystem::temp_directory_path() /
            ("cw-costs-" + std::to_string(::getpid()) + "-" + std::to_string(++counter()))),
        costs(platform, accounts_module, CostsSettings{dir, {}}) {
    costs.add_jobs(runner);
    owner = member("Acme", "o@example.com");
  }
  ~CostWorld() { std::filesystem::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  /// A simulated account without its first sync: the costs tests load bills, not inventories.
  std::string connect(const Principal& who, const std::string& scenario = "startup", const std::string& name = "sim") {
    accounts::NewAccount a;
    a.provider = "simulated";
    a.name = name;
    a.credentials = {{"scenario", scenario}, {"seed", 7}};
    a.schedule_sync = false;
    return accounts_module.service.connect(who, a).id;
  }
  /// Uploads `text` as a FOCUS file and runs the import job; the import as it ends.
  CostImport import(const Principal& who, const std::string& account_id, const std::string& text) {
    std::filesystem::create_directories(dir);
    auto upload = dir / "incoming.csv";
    std::ofstream(upload, std::ios::binary) << text;
    auto started = costs.imports.start(who, "focus", account_id, "USD", text.size(),
                                       [&](const std::filesystem::path& to) { std::filesystem::rename(upload, to); });
    runner.run_due_jobs();
    return costs.imports.get(who, started.id);
  }
  CostBreakdown breakdown(const Principal& who, std::map<std::string, std::string> params) {
    return costs.service.breakdown(who, parse_cost_query(params, "2026-11-28"));
  }

  std::filesystem::path dir;
  CostsModule costs;
  Principal owner;
};

inline const char* kFocusHeader =
    "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ServiceName,"
    "RegionId,ChargeCategory,BillingCurrency,ResourceId\n";

inline std::string focus_row(const std::string& period, const std::string& day, double billed, double effective,
                             const std::string& service, const std::string& currency = "USD") {
  const std::string next = period == "2026-09" ? "2026-10" : period == "2026-10" ? "2026-11" : "2026-12";
  return period + "-01T00:00:00Z," + next + "-01T00:00:00Z," + day + "T00:00:00Z," + day + "T23:00:00Z," +
         std::to_string(billed) + "," + std::to_string(effective) + "," + service + ",us-east-1,Usage," + currency +
         ",i-1\n";
}

inline double series_total(const CostBreakdown& b, const std::string& dimension, const std::string& value) {
  for (const auto& s : b.series)
    if (s.key.at(dimension) == value) return s.total;
  return 0;
}

inline void check_import_rolls_up_and_reimport_replaces_the_period(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  std::string october = std::string(kFocusHeader) + focus_row("2026-10", "2026-10-01", 10, 8, "Compute") +
                        focus_row("2026-10", "2026-10-01", 5, 5, "Storage") +
                        focus_row("2026-10", "2026-10-02", 7, 6, "Compute");
  auto imp = w.import(w.owner, account, october);
  ASSERT_EQ(imp.state, "succeeded") << (imp.errors.empty() ? "" : imp.errors[0].message);
  EXPECT_EQ(imp.rows, 3);
  EXPECT_EQ(imp.periods, (std::vector<std::string>{"2026-10-01"}));

  auto by_service = w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}, {"groupBy", "service"}});
  EXPECT_EQ(by_service.currency, "USD");
  EXPECT_DOUBLE_EQ(by_service.total, 22);
  EXPECT_DOUBLE_EQ(series_total(by_service, "service", "Compute"), 17);
  EXPECT_DOUBLE_EQ(series_total(by_service, "service", "Storage"), 5);
  EXPECT_EQ(by_service.series.at(0).points.size(), 31u);
  EXPECT_DOUBLE_EQ(by_service.series.at(0).points.at(1).second, 7);  // Compute on Oct 2
  auto effective = w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}, {"metric", "amortized"}});
  EXPECT_DOUBLE_EQ(effective.total, 19);

  // The same file again: the period is replaced, not added to.
  ASSERT_EQ(w.import(w.owner, account, october).state, "succeeded");
  EXPECT_DOUBLE_EQ(w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}}).total, 22);
  EXPECT_EQ(w.costs.repository.count_rows(w.owner.organization_id), 3);

  // A file for October with other rows replaces October; September, imported apart, stays.
  ASSERT_EQ(
      w.import(w.owner, account, std::string(kFocusHeader) + focus_row("2026-09", "2026-09-30", 4, 4, "DNS")).state,
      "succeeded");
  ASSERT_EQ(
      w.import(w.owner, account, std::string(kFocusHeader) + focus_row("2026-10", "2026-10-05", 1, 1, "Compute")).state,
      "succeeded");
  auto after = w.breakdown(
      w.owner, {{"from", "2026-09-01"}, {"to", "2026-11-01"}, {"granularity", "monthly"}, {"groupBy", "service"}});
  EXPECT_DOUBLE_EQ(after.total, 5);
  EXPECT_DOUBLE_EQ(series_total(after, "service", "Storage"), 0);
  EXPECT_EQ(after.series.at(0).points.size(), 2u);
  auto october_only = w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}});
  EXPECT_DOUBLE_EQ(october_only.total, 1);
  EXPECT_DOUBLE_EQ(october_only.previous_total, 4);  // Sep 1–30, the 31 days before
}

inline void check_charges_over_several_days_are_spread(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  w.costs.service.set_tag_keys(w.owner, {{"keys", {"team"}}});
  const std::string header =
      "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,ServiceName,Tags\n";
  auto row = [](const std::string& start, const std::string& end, double cost, const std::string& service) {
    return "2026-10-01,2026-11-01," + start + "," + end + "," + std::to_string(cost) + "," + service +
           ",\"{\"\"team\"\":\"\"web\"\"}\"\n";
  };
  // A monthly support fee (the whole of October), a charge over three days from noon, and a day's usage.
  ASSERT_EQ(w.import(w.owner, account,
                     header + row("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", 310, "Support") +
                         row("2026-10-10T12:00:00Z", "2026-10-12T12:00:00Z", 30, "Transfer") +
                         row("2026-10-05T00:00:00Z", "2026-10-06T00:00:00Z", 7, "Compute"))
                .state,
            "succeeded");
  std::map<std::string, std::string> october = {
      {"from", "2026-10-01"}, {"to", "2026-11-01"}, {"granularity", "daily"}, {"groupBy", "service"}};
  auto daily = w.breakdown(w.owner, october);
  EXPECT_NEAR(daily.total, 347, 1e-9);
  auto points = [&](const CostBreakdown& b, const std::string& service) {
    std::map<std::string, double> out;
    for (const auto& s : b.series)
      if (s.key.at("service") == service)
        for (const auto& [day, amount] : s.points)
          if (amount != 0) out[day] = amount;
    return out;
  };
  auto support = points(daily, "Support");
  EXPECT_EQ(support.size(), 31u) << "one share on each day of October";
  EXPECT_NEAR(support["2026-10-01"], 10, 1e-9);
  EXPECT_NEAR(support["2026-10-31"], 10, 1e-9);
  EXPECT_EQ(points(daily, "Transfer"),
            (std::map<std::string, double>{{"2026-10-10", 10}, {"2026-10-11", 10}, {"2026-10-12", 10}}));
  EXPECT_EQ(points(daily, "Compute"), (std::map<std::string, double>{{"2026-10-05", 7}}));
  // A week's breakdown holds only that week's share; the tag rollups are spread the same way.
  EXPECT_NEAR(w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-10-08"}, {"service", "Support"}}).total, 70,
              1e-9);
  EXPECT_NEAR(
      series_total(w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-10-08"}, {"groupBy", "tag:team"}}),
                   "tag:team", "web"),
      77, 1e-9);

  // Re-importing October with the fee as a one-day charge takes the spread shares away again.
  ASSERT_EQ(
      w.import(w.owner, account, header + row("2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", 310, "Support")).state,
      "succeeded");
  auto again = w.breakdown(w.owner, october);
  EXPECT_NEAR(again.total, 310, 1e-9);
  EXPECT_EQ(points(again, "Support"), (std::map<std::string, double>{{"2026-10-01", 310}}));
}

inline void check_a_bad_file_imports_nothing_and_says_where(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  ASSERT_EQ(
      w.import(w.owner, account, std::string(kFocusHeader) + focus_row("2026-10", "2026-10-01", 10, 10, "A")).state,
      "succeeded");
  std::string bad = std::string(kFocusHeader) + focus_row("2026-10", "2026-10-02", 99, 99, "B") +
                    "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-03,2026-10-04,12abc,1,B,r,Usage,USD,i\n" +
                    "2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,10/3/26,2026-10-04,1,1,B,r,Usage,USD,i\n";
  auto failed = w.import(w.owner, account, bad);
  EXPECT_EQ(failed.state, "failed");
  ASSERT_EQ(failed.errors.size(), 2u);
  EXPECT_EQ(failed.errors[0].row, 3);
  EXPECT_EQ(failed.errors[0].column, "BilledCost");
  EXPECT_EQ(failed.errors[1].row, 4);
  EXPECT_EQ(failed.errors[1].column, "ChargePeriodStart");
  // Nothing of it landed: October is as the good import left it, and it left no rows behind.
  EXPECT_DOUBLE_EQ(w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}}).total, 10);
  EXPECT_EQ(db.execute("SELECT COUNT(*) FROM cost_rows").first().integer(0), 1);

  auto wrong_header = w.import(w.owner, account, "Date,Cost\n2026-10-01,5\n");
  EXPECT_EQ(wrong_header.state, "failed");
  EXPECT_EQ(wrong_header.errors.at(0).row, 1);
  std::string many = kFocusHeader;
  for (int i = 0; i < 150; ++i) many += "x,x,x,x,x,x,x,x,x,x,x\n";
  EXPECT_EQ(w.import(w.owner, account, many).errors.size(), 100u);
  EXPECT_EQ(w.import(w.owner, account, "").errors.at(0).message, "the file is empty");
  EXPECT_DOUBLE_EQ(w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}}).total, 10);
}

inline void check_currencies_are_not_mixed_and_tenants_are_apart(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  ASSERT_EQ(w.import(w.owner, account,
                     std::string(kFocusHeader) + focus_row("2026-10", "2026-10-01", 10, 10, "A", "USD") +
                         focus_row("2026-10", "2026-10-02", 3, 3, "A", "EUR"))
                .state,
            "succeeded");
  try {
    w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}});
    FAIL() << "USD and EUR must not be added up";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    EXPECT_NE(std::string(e.what()).find("EUR, USD"), std::string::npos) << e.what();
  }
  auto eur = w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}, {"currency", "EUR"}});
  EXPECT_EQ(eur.currency, "EUR");
  EXPECT_DOUBLE_EQ(eur.total, 3);

  Principal other = w.member("Other", "x@example.com");
  auto theirs = w.breakdown(other, {{"from", "2026-10-01"}, {"to", "2026-11-01"}});
  EXPECT_EQ(theirs.total, 0);
  EXPECT_TRUE(theirs.series.empty());
  auto mine = w.import(w.owner, account, std::string(kFocusHeader) + focus_row("2026-10", "2026-10-01", 1, 1, "A"));
  EXPECT_THROW(w.costs.imports.get(other, mine.id), ApiError);
  EXPECT_THROW(w.costs.imports.check(other, "focus", account), ApiError);
  EXPECT_THROW(w.costs.collections.request(other, account), ApiError);
}

inline void check_collection_loads_the_simulated_history_once(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  EXPECT_EQ(w.costs.collections.enqueue_due(), 0) << "not before the account's first sync";
  w.accounts_module.service.record_sync(*w.accounts_module.service.find_any(account), "connected", "", w.clock.now_ms(),
                                        25);
  EXPECT_EQ(w.costs.collections.enqueue_due(), 1);
  EXPECT_EQ(w.costs.collections.enqueue_due(), 0) << "not due again until its interval passes";
  EXPECT_EQ(w.runner.run_due_jobs(), 1);
  auto collections = w.costs.collections.list(w.owner);
  ASSERT_EQ(collections.size(), 1u);
  EXPECT_EQ(collections[0].state, "succeeded") << collections[0].error;
  EXPECT_EQ(collections[0].collected_from, "2025-11-01");
  const long long rows = collections[0].rows;
  EXPECT_GT(rows, 5000);

  std::map<std::string, std::string> year = {
      {"from", "2025-11-01"}, {"to", "2026-11-29"}, {"granularity", "monthly"}, {"groupBy", "chargeCategory"}};
  auto by_category = w.breakdown(w.owner, year);
  EXPECT_EQ(by_category.series.at(0).points.size(), 13u);
  EXPECT_GT(series_total(by_category, "chargeCategory", "Usage"), 0);
  EXPECT_GT(series_total(by_category, "chargeCategory", "Purchase"), 0);
  EXPECT_GT(series_total(by_category, "chargeCategory", "Tax"), 0);
  EXPECT_LT(series_total(by_category, "chargeCategory", "Credit"), 0);
  // Two dimensions at once add up to the same total.
  year["groupBy"] = "service,region";
  auto two = w.breakdown(w.owner, year);
  double sum = 0;
  for (const auto& s : two.series) sum += s.total;
  EXPECT_NEAR(sum, by_category.total, 1e-6 * by_category.total);

  // A resource the inventory knows (stood in for here by a row a sync would write) gets its
  // cost rows linked when they are loaded again.
  std::string external_id =
      db.execute("SELECT resource_id FROM cost_rows WHERE resource_id <> '' AND charge_day >= '2026-11-01' LIMIT 1")
          .first()
          .text(0);
  db.execute(
      "INSERT INTO resources (id, organization_id, account_id, provider, external_id, name, type, region, status,"
      " spec, tags, posture, monthly_cost, is_demo, search_text, content_hash, created_at, updated_at,"
      " last_synced_at) VALUES ('res_linked', ?, ?, 'aws', ?, 'n', 'server', 'us-east-1', 'running', '{}', '{}',"
      " '{}', 1, 0, 'n', 'h', 0, 0, 0)",
      storage::params(w.owner.organization_id, account, external_id));

  // The next run re-reads the last two months: replaced, not added.
  w.clock.advance(7LL * 3600 * 1000);
  EXPECT_EQ(w.costs.collections.enqueue_due(), 1);
  EXPECT_EQ(w.runner.run_due_jobs(), 1);
  EXPECT_EQ(w.costs.repository.count_rows(w.owner.organization_id), rows);
  EXPECT_NEAR(w.breakdown(w.owner, year).total, by_category.total, 1e-6 * by_category.total);
  auto linked =
      db.execute("SELECT COUNT(*), MIN(resource_id) FROM cost_rows WHERE inventory_resource_id = 'res_linked'");
  EXPECT_GE(linked.first().integer(0), 28) << "every day of November";
  EXPECT_EQ(linked.first().text(1), external_id);
}

inline void check_tag_breakdowns_read_the_chosen_keys(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  std::string header =
      "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,ServiceName,Tags\n";
  auto row = [](const std::string& day, double cost, const std::string& service, const std::string& tags) {
    return "2026-10-01,2026-11-01," + day + "," + day + "," + std::to_string(cost) + "," + service + ",\"" + tags +
           "\"\n";
  };
  ASSERT_EQ(
      w.import(w.owner, account,
               header + row("2026-10-01", 10, "Compute", R"({""team"":""web"",""env"":""prod""})") +
                   row("2026-10-01", 4, "Storage", R"({""team"":""data""})") + row("2026-10-02", 1, "Compute", "{}"))
          .state,
      "succeeded");
  std::map<std::string, std::string> october = {{"from", "2026-10-01"}, {"to", "2026-11-01"}, {"groupBy", "tag:team"}};
  EXPECT_THROW(w.breakdown(w.owner, october), ApiError) << "team is not a chosen key yet";

  // Choosing keys rolls up what is already there.
  EXPECT_EQ(w.costs.service.set_tag_keys(w.owner, {{"keys", {"team", "env", "team"}}}),
            (std::vector<std::string>{"env", "team"}));
  auto by_team = w.breakdown(w.owner, october);
  EXPECT_DOUBLE_EQ(by_team.total, 15);
  EXPECT_DOUBLE_EQ(series_total(by_team, "tag:team", "web"), 10);
  EXPECT_DOUBLE_EQ(series_total(by_team, "tag:team", "data"), 4);
  EXPECT_DOUBLE_EQ(series_total(by_team, "tag:team", ""), 1) << "untagged rows keep the total whole";
  auto web_by_service =
      w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-11-01"}, {"tag", "env:prod"}, {"groupBy", "service"}});
  EXPECT_DOUBLE_EQ(web_by_service.total, 10);
  EXPECT_EQ(web_by_service.series.size(), 1u);

  // A new load keeps the tag rollups in step; another organization's keys are its own.
  ASSERT_EQ(w.import(w.owner, account, header + row("2026-10-03", 2, "DNS", R"({""team"":""web""})")).state,
            "succeeded");
  EXPECT_DOUBLE_EQ(series_total(w.breakdown(w.owner, october), "tag:team", "web"), 2);
  Principal other = w.member("Other", "t@example.com");
  EXPECT_TRUE(w.costs.service.tag_keys(other).empty());
  EXPECT_THROW(w.costs.service.set_tag_keys(w.owner, {{"keys", {"bad\"key"}}}), ApiError);
}

/// Reads a streamed export to its end, in small reads as the server would.
inline std::string read_all(http::BodySource& source) {
  std::string out;
  char chunk[7];
  for (size_t n; (n = source.read(chunk, sizeof chunk)) > 0;) out.append(chunk, n);
  return out;
}

inline void check_focus_export_reimports_to_the_same_costs(storage::Database& db) {
  CostWorld w(db);
  auto first = w.connect(w.owner);
  std::string file = std::string(kFocusHeader) + focus_row("2026-09", "2026-09-30", 4, 3.5, "DNS") +
                     focus_row("2026-10", "2026-10-01", 10, 8, "Compute") +
                     focus_row("2026-10", "2026-10-01", -2.25, -2.25, "Compute") +
                     focus_row("2026-10", "2026-10-02", 5, 5, "\"Storage, \"\"cold\"\"\"");  // quoted in CSV
  ASSERT_EQ(w.import(w.owner, first, file).state, "succeeded");

  auto query = parse_cost_query({{"from", "2026-09-01"}, {"to", "2026-11-01"}}, "2026-11-28");
  std::string exported = read_all(*w.costs.service.focus_rows(w.owner, query));
  EXPECT_EQ(exported.rfind(focus_csv_header(), 0), 0u);
  EXPECT_EQ(std::count(exported.begin(), exported.end(), '\n'), 5);  // header and four rows

  // Imported into a second account, the export gives the same costs per service and metric.
  auto second = w.connect(w.owner, "startup", "sim 2");
  auto again = w.import(w.owner, second, exported);
  ASSERT_EQ(again.state, "succeeded") << (again.errors.empty() ? "" : again.errors[0].message);
  for (const char* metric : {"billed", "effective"}) {
    std::map<std::string, std::string> p = {
        {"from", "2026-09-01"}, {"to", "2026-11-01"}, {"groupBy", "service"}, {"metric", metric}};
    auto a = w.breakdown(w.owner, [&] {
      auto q = p;
      q["providerId"] = first;
      return q;
    }());
    auto b = w.breakdown(w.owner, [&] {
      auto q = p;
      q["providerId"] = second;
      return q;
    }());
    EXPECT_DOUBLE_EQ(a.total, b.total) << metric;
    for (const char* service : {"DNS", "Compute", "Storage, \"cold\""})
      EXPECT_DOUBLE_EQ(series_total(a, "service", service), series_total(b, "service", service)) << service;
  }

  // Filters apply to the rows; another organization's export holds the header only.
  auto dns = parse_cost_query({{"from", "2026-09-01"}, {"to", "2026-11-01"}, {"service", "DNS"}}, "2026-11-28");
  dns.account_id = first;
  std::string dns_only = read_all(*w.costs.service.focus_rows(w.owner, dns));
  EXPECT_EQ(std::count(dns_only.begin(), dns_only.end(), '\n'), 2);
  auto stranger = w.member("Other", "x@example.com");
  EXPECT_EQ(read_all(*w.costs.service.focus_rows(stranger, query)), focus_csv_header());

  // The breakdown by service compares with September: Compute and Storage are new, DNS gone.
  auto october = w.breakdown(
      w.owner, {{"from", "2026-10-01"}, {"to", "2026-10-31"}, {"groupBy", "service"}, {"providerId", first}});
  ASSERT_EQ(october.movers.size(), 3u);
  EXPECT_EQ(october.movers[0].key.at("service"), "Compute");
  EXPECT_DOUBLE_EQ(october.movers[0].change(), 7.75);
  EXPECT_DOUBLE_EQ(october.previous_total, 4);
}

inline std::string validation_message(const std::function<void()>& call) {
  try {
    call();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    return e.what();
  }
  ADD_FAILURE() << "no VALIDATION_ERROR";
  return "";
}

inline void check_exchange_rates_convert_several_currencies(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  ASSERT_EQ(w.import(w.owner, account,
                     std::string(kFocusHeader) + focus_row("2026-09", "2026-09-30", 4, 4, "A", "USD") +
                         focus_row("2026-10", "2026-10-01", 10, 10, "A", "USD") +
                         focus_row("2026-10", "2026-10-02", 3, 3, "B", "EUR") +
                         focus_row("2026-10", "2026-10-03", 100, 100, "B", "JPY"))
                .state,
            "succeeded");
  const std::map<std::string, std::string> october = {
      {"from", "2026-10-01"}, {"to", "2026-10-31"}, {"groupBy", "service"}};
  EXPECT_NE(validation_message([&] { w.breakdown(w.owner, october); }).find("set the organization's exchange rates"),
            std::string::npos);

  // Rates for EUR only: JPY is named as the one missing; nothing is converted halfway.
  w.costs.service.set_exchange_rates(w.owner, {{"base", "USD"}, {"rates", {{"EUR", 1.1}}}}, 1);
  EXPECT_NE(validation_message([&] { w.breakdown(w.owner, october); }).find("add an exchange rate for JPY"),
            std::string::npos);

  // Every currency has a rate: the sum is in the base, each amount converted once.
  w.costs.service.set_exchange_rates(w.owner, {{"base", "USD"}, {"rates", {{"EUR", 1.1}, {"JPY", 0.0065}}}}, 2);
  auto converted = w.breakdown(w.owner, october);
  EXPECT_EQ(converted.currency, "USD");
  EXPECT_NEAR(converted.total, 10 + 3 * 1.1 + 100 * 0.0065, 1e-9);
  EXPECT_NEAR(series_total(converted, "service", "B"), 3 * 1.1 + 100 * 0.0065, 1e-9);
  ASSERT_TRUE(converted.exchange_rates.has_value());
  EXPECT_DOUBLE_EQ(converted.exchange_rates->rates.at("JPY"), 0.0065);
  EXPECT_DOUBLE_EQ(converted.previous_total, 4);
  // One currency needs no rate, and a chosen currency is never converted.
  auto eur = w.breakdown(w.owner, {{"from", "2026-10-01"}, {"to", "2026-10-31"}, {"currency", "EUR"}});
  EXPECT_EQ(eur.currency, "EUR");
  EXPECT_DOUBLE_EQ(eur.total, 3);
  EXPECT_FALSE(eur.exchange_rates.has_value());

  // Bad input says which field; another organization has its own (none).
  for (const auto& bad : {nlohmann::json{{"base", "usd"}, {"rates", nlohmann::json::object()}},
                          nlohmann::json{{"base", "USD"}, {"rates", {{"EUR", -1}}}},
                          nlohmann::json{{"base", "USD"}, {"rates", {{"USD", 1}}}},
                          nlohmann::json{{"base", "USD"}, {"rates", {{"euro", 1}}}}})
    EXPECT_FALSE(validation_message([&] { w.costs.service.set_exchange_rates(w.owner, bad, 3); }).empty());
  EXPECT_EQ(w.costs.service.exchange_rates(w.owner).rates.size(), 2u);
  auto stranger = w.member("Other", "x@example.com");
  EXPECT_TRUE(w.costs.service.exchange_rates(stranger).base.empty());

  // Clearing them: mixed sums are refused again.
  w.costs.service.set_exchange_rates(w.owner, {{"base", "USD"}, {"rates", nlohmann::json::object()}}, 4);
  EXPECT_TRUE(w.costs.service.exchange_rates(w.owner).rates.empty());
  EXPECT_FALSE(validation_message([&] { w.breakdown(w.owner, october); }).empty());
}

/// A FOCUS row of a day of 2026-09…2026-11 with its own region and resource.
inline std::string focus_day_row(const std::string& day, double cost, const std::string& service,
                                 const std::string& region, const std::string& resource) {
  const std::string month = day.substr(0, 7);
  const std::string next = month == "2026-09" ? "2026-10" : month == "2026-10" ? "2026-11" : "2026-12";
  return month + "-01T00:00:00Z," + next + "-01T00:00:00Z," + day + "T00:00:00Z," + day + "T23:00:00Z," +
         std::to_string(cost) + "," + std::to_string(cost) + "," + service + "," + region + ",Usage,USD," + resource +
         "\n";
}

inline void check_anomalies_are_found_once_with_their_drivers(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  // 88 days of a steady bill with a weekly pattern; on 2026-11-25 one resource in another region
  // costs 400 more. Storage stays flat throughout.
  std::string file = kFocusHeader;
  for (long long n = *day_number("2026-09-01"); n <= *day_number("2026-11-27"); ++n) {
    const std::string day = day_text(n);
    const double weekday = (n % 7 == 3 || n % 7 == 4) ? 60 : 100;  // a quieter weekend
    file += focus_day_row(day, weekday + (n % 3), "Compute", "us-east-1", "i-1");
    file += focus_day_row(day, 20, "Storage", "us-east-1", "vol-1");
    if (day == "2026-11-25") file += focus_day_row(day, 400, "Compute", "us-west-2", "i-2");
  }
  ASSERT_EQ(w.import(w.owner, account, file).state, "succeeded");

  // The import's job already ran detection once; a second pass finds nothing new.
  auto found = w.costs.anomalies.list(w.owner, {});
  EXPECT_EQ(w.costs.anomalies.detect(w.owner.organization_id), 0);
  ASSERT_EQ(found.size(), 2u) << "the Compute service and the account";
  for (const auto& a : found) {
    EXPECT_EQ(a.day, "2026-11-25");
    EXPECT_EQ(a.status, "open");
    EXPECT_EQ(a.currency, "USD");
    EXPECT_NEAR(a.impact, 400, 40) << a.scope_dimension;
    EXPECT_GT(a.score, 4);
    auto names = [&](const std::string& dimension) {
      std::vector<std::string> keys;
      for (const auto& d : a.drivers)
        if (d.dimension == dimension) keys.push_back(d.key);
      return keys;
    };
    ASSERT_FALSE(names("region").empty());
    EXPECT_EQ(names("region")[0], "us-west-2");
    EXPECT_EQ(names("resource")[0], "i-2");
    EXPECT_EQ(a.scope_dimension == "service" ? names("account")[0] : names("service")[0],
              a.scope_dimension == "service" ? account : "Compute");
  }
  const auto& service_anomaly = found[0].scope_dimension == "service" ? found[0] : found[1];
  EXPECT_EQ(service_anomaly.scope_key, "Compute");

  // Dismissed with a reason, it stays dismissed when detection runs again.
  EXPECT_FALSE(validation_message([&] {
                 w.costs.anomalies.dismiss(w.owner, service_anomaly.id, {{"reason", " "}});
               }).empty());
  auto dismissed = w.costs.anomalies.dismiss(w.owner, service_anomaly.id, {{"reason", "planned load test"}});
  EXPECT_EQ(dismissed.status, "dismissed");
  EXPECT_EQ(dismissed.dismissed_reason, "planned load test");
  EXPECT_EQ(w.costs.anomalies.detect(w.owner.organization_id), 0);
  EXPECT_EQ(w.costs.anomalies.list(w.owner, {{"status", "dismissed"}}).size(), 1u);
  EXPECT_EQ(w.costs.anomalies.list(w.owner, {{"status", "open"}}).size(), 1u);
  EXPECT_THROW(w.costs.anomalies.dismiss(w.owner, service_anomaly.id, {{"reason", "again"}}), ApiError);

  // Another organization sees none of it and cannot dismiss it.
  auto stranger = w.member("Other", "x@example.com");
  EXPECT_TRUE(w.costs.anomalies.list(stranger, {}).empty());
  EXPECT_THROW(w.costs.anomalies.dismiss(stranger, found[0].id, {{"reason", "x"}}), ApiError);
}

inline void check_a_steady_bill_raises_no_anomaly(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  std::string file = kFocusHeader;
  for (long long n = *day_number("2026-09-01"); n <= *day_number("2026-11-27"); ++n)
    file += focus_day_row(day_text(n), 100 + (n % 5), "Compute", "us-east-1", "i-1");
  ASSERT_EQ(w.import(w.owner, account, file).state, "succeeded");
  EXPECT_EQ(w.costs.anomalies.detect(w.owner.organization_id), 0);
  EXPECT_TRUE(w.costs.anomalies.list(w.owner, {}).empty());
}

inline void check_budgets_cross_each_threshold_once_per_period(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  auto budget = w.costs.budgets.create(
      w.owner,
      {{"name", "Compute November"},
       {"amount", 2900},
       {"period", "monthly"},
       {"filters", {{"service", "Compute"}}},
       {"thresholds",
        {{{"percent", 50}}, {{"percent", 80}}, {{"percent", 100}}, {{"percent", 100}, {"basis", "forecast"}}}}});
  EXPECT_EQ(budget.second.period_start, "2026-11-01");
  EXPECT_EQ(budget.second.period_end, "2026-12-01");
  EXPECT_DOUBLE_EQ(budget.second.spent, 0);
  EXPECT_TRUE(budget.second.crossed.empty());

  // 100 a day of Compute up to the 27th (and Storage, outside the scope): 2,700 spent, about
  // 3,000 expected by the month's end. The import's job evaluates the budgets.
  std::string file = kFocusHeader;
  for (long long n = *day_number("2026-08-01"); n <= *day_number("2026-11-27"); ++n) {
    const std::string day = day_text(n);
    if (day < "2026-09-01") continue;
    file += focus_day_row(day, 100, "Compute", "us-east-1", "i-1");
    file += focus_day_row(day, 50, "Storage", "us-east-1", "vol-1");
  }
  ASSERT_EQ(w.import(w.owner, account, file).state, "succeeded");
  auto status = w.costs.budgets.status(budget.first);
  EXPECT_DOUBLE_EQ(status.spent, 2700);
  EXPECT_NEAR(status.percent_used, 2700.0 / 2900 * 100, 1e-9);
  ASSERT_TRUE(status.forecast.has_value());
  EXPECT_NEAR(*status.forecast, 3000, 60);
  EXPECT_EQ(status.state, "warning");
  std::vector<std::string> crossed;
  for (const auto& c : status.crossed) crossed.push_back(c.basis + " " + std::to_string(static_cast<int>(c.percent)));
  std::sort(crossed.begin(), crossed.end());
  EXPECT_EQ(crossed, (std::vector<std::string>{"actual 50", "actual 80", "forecast 100"}));

  // Evaluating again crosses nothing new; more spend crosses the last threshold, once.
  EXPECT_EQ(w.costs.budgets.evaluate(w.owner.organization_id), 0);
  ASSERT_EQ(w.import(
                 w.owner, account,
                 std::string(kFocusHeader) + focus_day_row("2026-09-30", 1, "Compute", "us-east-1", "i-1") +
                     [&] {
                       std::string rest;
                       for (long long n = *day_number("2026-11-01"); n <= *day_number("2026-11-27"); ++n)
                         rest += focus_day_row(day_text(n), 110, "Compute", "us-east-1", "i-1");
                       return rest;
                     }())
                .state,
            "succeeded");
  status = w.costs.budgets.status(budget.first);
  EXPECT_DOUBLE_EQ(status.spent, 2970);
  EXPECT_EQ(status.state, "exceeded");
  EXPECT_EQ(status.crossed.size(), 4u);
  EXPECT_EQ(w.costs.budgets.evaluate(w.owner.organization_id), 0);

  // The detail: the last periods' spend and the crossings.
  auto detail = w.costs.budgets.get(w.owner, budget.first.id);
  EXPECT_EQ(detail["history"]["crossings"].size(), 4u);
  EXPECT_EQ(detail["history"]["periods"].size(), 12u);
  EXPECT_DOUBLE_EQ(detail["history"]["periods"].back()["spent"].get<double>(), 2970);
  EXPECT_DOUBLE_EQ(detail["history"]["periods"][10]["spent"].get<double>(), 3100);  // October: 31 × 100

  // A quarterly budget's period; bad input names its field; names are unique; tenants apart.
  auto quarter = w.costs.budgets.create(w.owner, {{"name", "Q4"}, {"amount", 100000}, {"period", "quarterly"}});
  EXPECT_EQ(quarter.second.period_start, "2026-10-01");
  EXPECT_EQ(quarter.second.period_end, "2027-01-01");
  EXPECT_EQ(quarter.first.thresholds.size(), 4u) << "default thresholds";
  for (const auto& bad :
       {nlohmann::json{{"name", "x"}, {"amount", -5}},
        nlohmann::json{{"name", "x"}, {"amount", 5}, {"period", "weekly"}},
        nlohmann::json{{"name", "x"}, {"amount", 5}, {"filters", {{"team", "a"}}}},
        nlohmann::json{{"name", "x"}, {"amount", 5}, {"filters", {{"tag", "no-colon"}}}},
        nlohmann::json{{"name", "x"}, {"amount", 5}, {"thresholds", {{{"percent", 0}}}}},
        nlohmann::json{{"name", "x"}, {"amount", 5}, {"thresholds", {{{"percent", 50}, {"basis", "gut"}}}}},
        nlohmann::json{{"amount", 5}}})
    EXPECT_FALSE(validation_message([&] { w.costs.budgets.create(w.owner, bad); }).empty()) << bad.dump();
  EXPECT_THROW(w.costs.budgets.create(w.owner, {{"name", "Q4"}, {"amount", 1}}), ApiError);
  auto renamed = w.costs.budgets.update(w.owner, quarter.first.id, {{"amount", 5000}});
  EXPECT_DOUBLE_EQ(renamed.first.amount, 5000);
  EXPECT_EQ(renamed.first.name, "Q4");
  auto stranger = w.member("Other", "x@example.com");
  EXPECT_TRUE(w.costs.budgets.list(stranger).empty());
  EXPECT_THROW(w.costs.budgets.get(stranger, quarter.first.id), ApiError);
  EXPECT_THROW(w.costs.budgets.remove(stranger, quarter.first.id), ApiError);
  w.costs.budgets.remove(w.owner, quarter.first.id);
  EXPECT_EQ(w.costs.budgets.list(w.owner).size(), 1u);
}

inline void check_demo_budgets_are_sized_on_last_month(storage::Database& db) {
  CostWorld w(db);
  auto account = w.connect(w.owner);
  EXPECT_EQ(w.costs.budgets.seed_demo(w.owner.organization_id), 0) << "no spend, nothing to size on";

  // October (last month for the world's clock): 100 a day of Compute and 50 of Storage.
  std::string file = kFocusHeader;
  for (long long n = *day_number("2026-10-01"); n <= *day_number("2026-11-27"); ++n) {
    file += focus_day_row(day_text(n), 100, "Compute", "us-east-1", "i-1");
    file += focus_day_row(day_text(n), 50, "Storage", "us-east-1", "vol-1");
  }
  ASSERT_EQ(w.import(w.owner, account, file).state, "succeeded");
  EXPECT_EQ(w.costs.budgets.seed_demo(w.owner.organization_id), 2);
  auto budgets = w.costs.budgets.list(w.owner);
  ASSERT_EQ(budgets.size(), 2u);
  std::map<std::string, std::pair<Budget, BudgetStatus>> by_name;
  for (auto& b : budgets) by_name[b.first.name] = b;
  ASSERT_EQ(by_name.count("Monthly cloud spend"), 1u);
  ASSERT_EQ(by_name.count("Compute this quarter"), 1u);
  const auto& monthly = by_name["Monthly cloud spend"];
  EXPECT_DOUBLE_EQ(monthly.first.amount, 5900);  // 4,650 × 1.25, two significant figures up
  EXPECT_EQ(monthly.first.period, "monthly");
  EXPECT_TRUE(monthly.first.filters.empty());
  const auto& compute = by_name["Compute this quarter"];
  EXPECT_DOUBLE_EQ(compute.first.amount, 8100);  // 3,100 × 2.6
  EXPECT_EQ(compute.first.period, "quarterly");
  EXPECT_EQ(compute.first.filters, (std::map<std::string, std::string>{{"service", "Compute"}}));
  // The service budget is tight: its quarter's forecast (about 9,100) is over it.
  EXPECT_EQ(compute.second.state, "warning");
  // Seeding again (another demo account's collection) adds nothing.
  EXPECT_EQ(w.costs.budgets.seed_demo(w.owner.organization_id), 0);
  EXPECT_EQ(w.costs.budgets.list(w.owner).size(), 2u);
}

}  // namespace cw::costs::testing
