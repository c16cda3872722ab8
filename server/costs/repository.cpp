#include "costs/repository.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/json_text.hpp"
#include "costs/query.hpp"
#include "storage/dialect.hpp"

namespace cw::costs {

namespace {
using storage::params;
using storage::Params;

constexpr const char* kRowColumns =
    "organization_id, account_id, load_id, inventory_resource_id, provider, charge_day, billing_period_start, "
    "billing_period_end,"
    " charge_period_start, charge_period_end, billed_cost, effective_cost, list_cost, contracted_cost,"
    " billing_currency, billing_account_id, billing_account_name, sub_account_id, sub_account_name,"
    " charge_category, charge_class, charge_description, charge_frequency, pricing_category, pricing_quantity,"
    " pricing_unit, list_unit_price, contracted_unit_price, consumed_quantity, consumed_unit, provider_name,"
    " publisher_name, invoice_issuer_name, region_id, region_name, availability_zone, resource_id, resource_name,"
    " resource_type, service_name, service_category, sku_id, sku_price_id, commitment_discount_id,"
    " commitment_discount_name, commitment_discount_category, commitment_discount_type,"
    " commitment_discount_status, commitment_discount_quantity, commitment_discount_unit, tags, charge_days";
constexpr int kRowColumnCount = 52;
constexpr size_t kRowsPerInsert = 200;  // 10,400 parameters: under SQLite's 32,766 and PostgreSQL's 65,535

void append_row(Params& v, const FocusRow& r, const std::map<std::string, std::string>& inventory_ids) {
  v.emplace_back(r.organization_id);
  v.emplace_back(r.account_id);
  v.emplace_back(r.load_id);
  auto linked = inventory_ids.find(r.resource_id);
  v.push_back(linked == inventory_ids.end() ? storage::Value(nullptr) : storage::Value(linked->second));
  v.emplace_back(r.provider);
  v.emplace_back(utc_day(r.charge_period_start));
  for (Millis t : {r.billing_period_start, r.billing_period_end, r.charge_period_start, r.charge_period_end})
    v.emplace_back(static_cast<std::int64_t>(t));
  for (double d : {r.billed_cost, r.effective_cost, r.list_cost, r.contracted_cost}) v.emplace_back(d);
  for (const std::string* s :
       {&r.billing_currency, &r.billing_account_id, &r.billing_account_name, &r.sub_account_id, &r.sub_account_name,
        &r.charge_category, &r.charge_class, &r.charge_description, &r.charge_frequency, &r.pricing_category})
    v.emplace_back(*s);
  v.push_back(storage::param(r.pricing_quantity));
  v.emplace_back(r.pricing_unit);
  v.push_back(storage::param(r.list_unit_price));
  v.push_back(storage::param(r.contracted_unit_price));
  v.push_back(storage::param(r.consumed_quantity));
  for (const std::string* s :
       {&r.consumed_unit, &r.provider_name, &r.publisher_name, &r.invoice_issuer_name, &r.region_id, &r.region_name,
        &r.availability_zone, &r.resource_id, &r.resource_name, &r.resource_type, &r.service_name, &r.service_category,
        &r.sku_id, &r.sku_price_id, &r.commitment_discount_id, &r.commitment_discount_name,
        &r.commitment_discount_category, &r.commitment_discount_type, &r.commitment_discount_status})
    v.emplace_back(*s);
  v.push_back(storage::param(r.commitment_discount_quantity));
  v.emplace_back(r.commitment_discount_unit);
  v.emplace_back(dump_json(r.tags));
  v.emplace_back(static_cast<std::int64_t>(charge_days(r)));
}

std::string insert_sql(size_t rows) {
  std::string one = "(";
  for (int i = 0; i < kRowColumnCount; ++i) one += i ? ",?" : "?";
  one += ")";
  std::string sql = std::string("INSERT INTO cost_rows (") + kRowColumns + ") VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    if (i) sql += ",";
    sql += one;
  }
  return sql;
}

/// Rows that count: their load is the live one for their billing period.
constexpr const char* kLiveJoin =
    " JOIN cost_load_periods lp ON lp.load_id = r.load_id AND lp.billing_period_start = r.billing_period_start"
    " AND lp.live = 1";
constexpr const char* kLoadDays = "SELECT DISTINCT charge_day FROM cost_rows WHERE load_id = ?";
constexpr const char* kDeleteLoadDay = "DELETE FROM cost_rows WHERE load_id = ? AND charge_day = ?";
constexpr const char* kDeleteLoadPeriodDay =
    "DELETE FROM cost_rows WHERE load_id = ? AND charge_day = ? AND billing_period_start = ?";
constexpr const char* kKillPeriods =
    "UPDATE cost_load_periods SET live = 0 WHERE account_id = ? AND live = 1 AND billing_period_start IN ";
constexpr const char* kLivePeriod =
    "INSERT INTO cost_load_periods (load_id, account_id, billing_period_start, live) VALUES (?, ?, ?, 1)"
    " ON CONFLICT (load_id, billing_period_start) DO UPDATE SET live = 1";
constexpr const char* kDeadLoads =
    "SELECT load_id, billing_period_start FROM cost_load_periods WHERE account_id = ? AND live = 0";
constexpr const char* kForgetLoadPeriod =
    "DELETE FROM cost_load_periods WHERE load_id = ? AND billing_period_start = ? AND live = 0";
// The inventory's table, read only: resources.external_id is the cloud's id, as FOCUS ResourceId.
constexpr const char* kInventoryIds = "SELECT external_id, id FROM resources WHERE account_id = ? AND external_id IN ";
/// The live rows counting on one day, as a derived table `s` (day, the rollup dimensions, the
/// four costs, tags): the day's own rows, and its share of the charges spread over several days
/// (model.hpp charge_days). Parameters: account, day, day, account, the day's start and end (ms).
constexpr const char* kDayRows =
    "(SELECT r.organization_id, r.account_id, r.charge_day AS day, r.provider, r.service_name, r.region_id,"
    " r.resource_type, r.resource_id, r.inventory_resource_id, r.charge_category, r.billing_currency,"
    " r.billed_cost, r.effective_cost, r.list_cost, r.contracted_cost, r.tags"
    " FROM cost_rows r JOIN cost_load_periods lp ON lp.load_id = r.load_id"
    " AND lp.billing_period_start = r.billing_period_start AND lp.live = 1"
    " WHERE r.account_id = ? AND r.charge_day = ? AND r.charge_days = 1"
    " UNION ALL"
    " SELECT r.organization_id, r.account_id, CAST(? AS TEXT), r.provider, r.service_name, r.region_id,"
    " r.resource_type, r.resource_id, r.inventory_resource_id, r.charge_category, r.billing_currency,"
    " r.billed_cost / r.charge_days, r.effective_cost / r.charge_days, r.list_cost / r.charge_days,"
    " r.contracted_cost / r.charge_days, r.tags"
    " FROM cost_rows r JOIN cost_load_periods lp ON lp.load_id = r.load_id"
    " AND lp.billing_period_start = r.billing_period_start AND lp.live = 1"
    " WHERE r.account_id = ? AND r.charge_days > 1 AND r.charge_period_end > ? AND r.charge_period_start < ?) s";

Params day_rows_params(const std::string& account_id, const std::string& day) {
  const auto start = static_cast<std::int64_t>(*day_number(day)) * 86'400'000;
  return params(account_id, day, day, account_id, start, start + 86'400'000);
}

constexpr const char* kDeleteRollups = "DELETE FROM cost_daily WHERE account_id = ? AND day >= ? AND day <= ?";
const std::string kInsertRollups =
    std::string(
        "INSERT INTO cost_daily (organization_id, account_id, day, provider, service_name, region_id,"
        " resource_type, resource_id, inventory_resource_id, charge_category, billing_currency, billed_cost,"
        " effective_cost, list_cost, contracted_cost, row_count)"
        " SELECT s.organization_id, s.account_id, s.day, s.provider, s.service_name, s.region_id,"
        " s.resource_type, s.resource_id, MAX(s.inventory_resource_id), s.charge_category,"
        " s.billing_currency, SUM(s.billed_cost), SUM(s.effective_cost), SUM(s.list_cost),"
        " SUM(s.contracted_cost), COUNT(*) FROM ") +
    kDayRows +
    " GROUP BY s.organization_id, s.account_id, s.day, s.provider, s.service_name, s.region_id, s.resource_type,"
    " s.resource_id, s.charge_category, s.billing_currency";
constexpr const char* kDeleteSummary = "DELETE FROM cost_daily_summary WHERE account_id = ? AND day >= ? AND day <= ?";
constexpr const char* kInsertSummary =
    "INSERT INTO cost_daily_summary (organization_id, account_id, day, provider, service_name, region_id,"
    " resource_type, charge_category, billing_currency, billed_cost, effective_cost, list_cost, contracted_cost,"
    " row_count)"
    " SELECT organization_id, account_id, day, provider, service_name, region_id, resource_type, charge_category,"
    " billing_currency, SUM(billed_cost), SUM(effective_cost), SUM(list_cost), SUM(contracted_cost), SUM(row_count)"
    " FROM cost_daily WHERE account_id = ? AND day >= ? AND day <= ?"
    " GROUP BY organization_id, account_id, day, provider, service_name, region_id, resource_type, charge_category,"
    " billing_currency";
constexpr const char* kDeleteTagRollups = "DELETE FROM cost_daily_tags WHERE account_id = ? AND day >= ? AND day <= ?";
constexpr const char* kDeleteOrgTagRollups = "DELETE FROM cost_daily_tags WHERE organization_id = ?";
constexpr const char* kSelectTagKeys = "SELECT tag_key FROM cost_tag_keys WHERE organization_id = ? ORDER BY tag_key";
constexpr const char* kDeleteTagKeys = "DELETE FROM cost_tag_keys WHERE organization_id = ?";
constexpr const char* kInsertTagKey = "INSERT INTO cost_tag_keys (organization_id, tag_key) VALUES (?, ?)";

/// cost_daily per chosen tag key, from one day's live rows (kDayRows' parameters).
std::string insert_tag_rollups_sql(storage::Backend backend) {
  return "INSERT INTO cost_daily_tags (organization_id, account_id, day, tag_key, tag_value, provider, service_name,"
         " region_id, resource_type, resource_id, charge_category, billing_currency, billed_cost, effective_cost,"
         " list_cost, contracted_cost, row_count)"
         " SELECT s.organization_id, s.account_id, s.day, k.tag_key, COALESCE(" +
         storage::json_text_field(backend, "s.tags", "k.tag_key") +
         ", ''), s.provider, s.service_name, s.region_id, s.resource_type, s.resource_id, s.charge_category,"
         " s.billing_currency, SUM(s.billed_cost), SUM(s.effective_cost), SUM(s.list_cost), SUM(s.contracted_cost),"
         " COUNT(*) FROM " +
         std::string(kDayRows) + " JOIN cost_tag_keys k ON k.organization_id = s.organization_id" +
         " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12";
}

constexpr const char* kImportColumns =
    "id, organization_id, account_id, format, file_name, file_bytes, state, job_id, row_count, periods, errors,"
    " warnings, created_by, created_at, updated_at, finished_at";

CostImport import_from(storage::Row& row) {
  CostImport i;
  i.id = row.text(0);
  i.organization_id = row.text(1);
  i.account_id = row.text(2);
  i.format = row.text(3);
  i.file_name = row.text(4);
  i.file_bytes = row.integer(5);
  i.state = row.text(6);
  i.job_id = row.text(7);
  i.rows = row.integer(8);
  i.periods = nlohmann::json::parse(row.take_text(9)).get<std::vector<std::string>>();
  for (const auto& e : nlohmann::json::parse(row.take_text(10)))
    i.errors.push_back({e.value("row", 0LL), e.value("column", ""), e.value("message", "")});
  i.warnings = nlohmann::json::parse(row.take_text(11)).get<std::vector<std::string>>();
  i.created_by = row.text(12);
  i.created_at = row.integer(13);
  i.updated_at = row.integer(14);
  i.finished_at = row.opt_integer(15);
  return i;
}

std::string errors_text(const CostImport& i) {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : i.errors) errors.push_back({{"row", e.row}, {"column", e.column}, {"message", e.message}});
  return dump_json(errors);
}

constexpr const char* kCollectionColumns =
    "account_id, organization_id, state, error, row_count, collected_from, last_run_at, next_run_at, updated_at";

CostCollection collection_from(const storage::Row& row) {
  CostCollection c;
  c.account_id = row.text(0);
  c.organization_id = row.text(1);
  c.state = row.text(2);
  c.error = row.text(3);
  c.rows = row.integer(4);
  c.collected_from = row.text(5);
  c.last_run_at = row.opt_integer(6);
  c.next_run_at = row.integer(7);
  c.updated_at = row.integer(8);
  return c;
}

}  // namespace

void DayRange::include(const std::string& day) {
  if (day.empty()) return;
  if (first.empty() || day < first) first = day;
  if (last.empty() || day > last) last = day;
}

void DayRange::include(const DayRange& other) {
  include(other.first);
  include(other.last);
}

void CostRepository::insert_rows(const std::vector<FocusRow>& rows) {
  if (rows.empty()) return;
  static const std::string kFullBatch = insert_sql(kRowsPerInsert);
  // The inventory ids of the batch's resources, in one read.
  std::map<std::string, std::string> inventory_ids;
  std::set<std::string> wanted;
  for (const auto& r : rows)
    if (!r.resource_id.empty()) wanted.insert(r.resource_id);
  if (!wanted.empty()) {
    Params v = params(rows.front().account_id);
    for (const auto& id : wanted) v.emplace_back(id);
    for (auto& row :
         db_.execute(std::string(kInventoryIds) + "(" + storage::placeholder_list(wanted.size()) + ")", v).rows)
      inventory_ids[row.text(0)] = row.text(1);
  }
  Params values;
  for (size_t at = 0; at < rows.size(); at += kRowsPerInsert) {
    size_t n = std::min(kRowsPerInsert, rows.size() - at);
    values.clear();
    values.reserve(n * kRowColumnCount);
    for (size_t i = at; i < at + n; ++i) append_row(values, rows[i], inventory_ids);
    db_.execute(n == kRowsPerInsert ? kFullBatch : insert_sql(n), values);
  }
}

void CostRepository::delete_load_rows(const std::string& load_id, std::optional<Millis> period_start) {
  std::vector<std::string> days;
  for (auto& row : db_.execute(kLoadDays, params(load_id)).rows) days.push_back(row.text(0));
  // One day per transaction: a big load goes without one statement holding all its rows.
  for (const auto& day : days) {
    if (period_start)
      db_.execute(kDeleteLoadPeriodDay, params(load_id, day, static_cast<std::int64_t>(*period_start)));
    else
      db_.execute(kDeleteLoadDay, params(load_id, day));
  }
}

DayRange CostRepository::live_days(const std::string& account_id, const std::vector<Millis>& period_starts) {
  DayRange days;
  if (period_starts.empty()) return days;
  Params v = params(account_id);
  for (Millis p : period_starts) v.emplace_back(static_cast<std::int64_t>(p));
  auto result = db_.execute(std::string("SELECT MIN(r.charge_day), MAX(r.charge_day),"
                                        " MAX(CASE WHEN r.charge_days > 1 THEN r.charge_period_end END)"
                                        " FROM cost_rows r") +
                                kLiveJoin + " WHERE r.account_id = ? AND r.billing_period_start IN (" +
                                storage::placeholder_list(period_starts.size()) + ")",
                            v);
  if (!result.empty() && !result.first().is_null(0)) {
    days.include(result.first().text(0));
    days.include(result.first().text(1));
    // The last day of the longest spread charge (its end is exclusive).
    if (!result.first().is_null(2)) days.include(utc_day(result.first().integer(2) - 1));
  }
  return days;
}

void CostRepository::make_live(const std::string& account_id, const std::vector<Millis>& period_starts,
                               const std::string& load_id) {
  if (period_starts.empty()) return;
  Params v = params(account_id);
  for (Millis p : period_starts) v.emplace_back(static_cast<std::int64_t>(p));
  db_.execute(std::string(kKillPeriods) + "(" + storage::placeholder_list(period_starts.size()) + ")", v);
  for (Millis p : period_starts) db_.execute(kLivePeriod, params(load_id, account_id, static_cast<std::int64_t>(p)));
}

void CostRepository::purge_dead_loads(const std::string& account_id) {
  for (auto& row : db_.execute(kDeadLoads, params(account_id)).rows) {
    const std::string load_id = row.text(0);
    const Millis period = row.integer(1);
    delete_load_rows(load_id, period);
    db_.execute(kForgetLoadPeriod, params(load_id, static_cast<std::int64_t>(period)));
  }
}

void CostRepository::rebuild_rollups(const std::string& account_id, const DayRange& days) {
  if (days.empty()) return;
  static const std::string kInsertTags[] = {insert_tag_rollups_sql(storage::Backend::kSqlite),
                                            insert_tag_rollups_sql(storage::Backend::kPostgres)};
  const std::string& insert_tags = kInsertTags[db_.backend() == storage::Backend::kPostgres];
  // Day by day: each GROUP BY sorts one day's rows, so a big load's rebuild needs little memory
  // (SQLite keeps its sorts in memory: temp_store=MEMORY).
  const long long last = *day_number(days.last);
  for (long long n = *day_number(days.first); n <= last; ++n) {
    const std::string day = day_text(n);
    db_.execute(kDeleteRollups, params(account_id, day, day));
    db_.execute(kInsertRollups, day_rows_params(account_id, day));
    db_.execute(kDeleteSummary, params(account_id, day, day));
    db_.execute(kInsertSummary, params(account_id, day, day));
    db_.execute(kDeleteTagRollups, params(account_id, day, day));
    db_.execute(insert_tags, day_rows_params(account_id, day));
  }
}

std::vector<std::string> CostRepository::tag_keys(const std::string& organization_id) {
  std::vector<std::string> out;
  for (auto& row : db_.execute(kSelectTagKeys, params(organization_id)).rows) out.push_back(row.text(0));
  return out;
}

void CostRepository::set_tag_keys(const std::string& organization_id, const std::vector<std::string>& keys) {
  static const std::string kInsertTags[] = {insert_tag_rollups_sql(storage::Backend::kSqlite),
                                            insert_tag_rollups_sql(storage::Backend::kPostgres)};
  const std::string& insert_tags = kInsertTags[db_.backend() == storage::Backend::kPostgres];
  atomically([&] {
    db_.execute(kDeleteTagKeys, params(organization_id));
    for (const auto& k : keys) db_.execute(kInsertTagKey, params(organization_id, k));
    db_.execute(kDeleteOrgTagRollups, params(organization_id));
    // One account-day per statement, as loads do: one statement over every row of a big bill
    // would sort them all in memory at once.
    auto days = db_.execute("SELECT DISTINCT account_id, day FROM cost_daily WHERE organization_id = ?",
                            params(organization_id));
    for (auto& row : days.rows) db_.execute(insert_tags, day_rows_params(row.text(0), row.text(1)));
  });
}

long long CostRepository::count_rows(const std::string& organization_id, const std::optional<std::string>& account_id) {
  std::string sql = std::string("SELECT COUNT(*) FROM cost_rows r") + kLiveJoin + " WHERE r.organization_id = ?";
  Params v = params(organization_id);
  if (account_id) {
    sql += " AND r.account_id = ?";
    v.emplace_back(*account_id);
  }
  return db_.execute(sql, v).first().integer(0);
}

const char* CostRepository::dimension_column(const std::string& d) {
  if (d == "service") return "service_name";
  if (d == "account") return "account_id";
  if (d == "region") return "region_id";
  if (d == "resourceType") return "resource_type";
  if (d == "resource") return "resource_id";
  if (d == "chargeCategory") return "charge_category";
  if (d == "provider") return "provider";
  if (d.rfind("tag:", 0) == 0) return "tag_value";
  throw std::invalid_argument("unknown cost dimension " + d);
}

const char* CostRepository::metric_column(const std::string& m) {
  if (m == "billed") return "billed_cost";
  if (m == "effective" || m == "amortized") return "effective_cost";
  if (m == "list") return "list_cost";
  if (m == "contracted") return "contracted_cost";
  throw std::invalid_argument("unknown cost metric " + m);
}

std::string CostRepository::filter_sql(const std::string& organization_id, const CostQuery& q, const std::string& from,
                                       const std::string& to, Params& v) {
  // The smallest rollup that can answer: the tag rollups for a tag, cost_daily when the query
  // names resources, else the summary without them.
  const bool by_resource =
      q.resource_id || std::find(q.group_by.begin(), q.group_by.end(), "resource") != q.group_by.end();
  const char* table = q.tag_key ? "cost_daily_tags" : by_resource ? "cost_daily" : "cost_daily_summary";
  std::string where = std::string(" FROM ") + table + " WHERE organization_id = ? AND day >= ? AND day < ?";
  v.emplace_back(organization_id);
  v.emplace_back(from);
  v.emplace_back(to);
  auto add = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    where += std::string(" AND ") + column + " = ?";
    v.emplace_back(*value);
  };
  add("tag_key", q.tag_key);
  add("tag_value", q.tag_value);
  add("provider", q.provider);
  add("account_id", q.account_id);
  add("service_name", q.service);
  add("region_id", q.region);
  add("inventory_resource_id", q.resource_id);
  add("billing_currency", q.currency);
  return where;
}

std::vector<DailyAmount> CostRepository::daily_amounts(const std::string& organization_id, const CostQuery& q,
                                                       const std::string& from, const std::string& to) {
  std::string keys;
  for (const auto& d : q.group_by) keys += std::string(", ") + dimension_column(d);
  Params v;
  std::string sql = "SELECT day, billing_currency, SUM(" + std::string(metric_column(q.metric)) + ")" + keys +
                    filter_sql(organization_id, q, from, to, v) + " GROUP BY day, billing_currency" + keys;
  std::vector<DailyAmount> out;
  for (auto& row : db_.execute(sql, v).rows) {
    DailyAmount a;
    a.day = row.text(0);
    a.currency = row.text(1);
    a.amount = row.real(2);
    for (size_t i = 0; i < q.group_by.size(); ++i) a.key.push_back(row.text(3 + i));
    out.push_back(std::move(a));
  }
  return out;
}

std::map<std::string, double> CostRepository::totals(const std::string& organization_id, const CostQuery& q,
                                                     const std::string& from, const std::string& to) {
  Params v;
  std::string sql = "SELECT billing_currency, SUM(" + std::string(metric_column(q.metric)) + ")" +
                    filter_sql(organization_id, q, from, to, v) + " GROUP BY billing_currency";
  std::map<std::string, double> out;
  for (auto& row : db_.execute(sql, v).rows) out[row.text(0)] = row.real(1);
  return out;
}

void CostRepository::insert_import(const CostImport& i) {
  db_.execute(
      std::string("INSERT INTO cost_imports (") + kImportColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params(i.id, i.organization_id, i.account_id, i.format, i.file_name, i.file_bytes, i.state,
             i.job_id.empty() ? std::nullopt : std::optional<std::string>(i.job_id), i.rows, dump_json(i.periods),
             errors_text(i), dump_json(i.warnings), i.created_by, i.created_at, i.updated_at, i.finished_at));
}

void CostRepository::update_import(const CostImport& i) {
  db_.execute(
      "UPDATE cost_imports SET state = ?, job_id = ?, row_count = ?, periods = ?, errors = ?, warnings = ?,"
      " updated_at = ?, finished_at = ? WHERE id = ?",
      params(i.state, i.job_id.empty() ? std::nullopt : std::optional<std::string>(i.job_id), i.rows,
             dump_json(i.periods), errors_text(i), dump_json(i.warnings), i.updated_at, i.finished_at, i.id));
}

std::optional<CostImport> CostRepository::find_import(const std::string& organization_id, const std::string& id) {
  auto r =
      db_.execute(std::string("SELECT ") + kImportColumns + " FROM cost_imports WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (r.empty()) return std::nullopt;
  return import_from(r.rows.front());
}

std::optional<CostImport> CostRepository::find_import_any(const std::string& id) {
  auto r = db_.execute(std::string("SELECT ") + kImportColumns + " FROM cost_imports WHERE id = ?", params(id));
  if (r.empty()) return std::nullopt;
  return import_from(r.rows.front());
}

std::vector<CostImport> CostRepository::list_imports(const std::string& organization_id, int limit, long long offset) {
  std::vector<CostImport> out;
  for (auto& row : db_.execute(std::string("SELECT ") + kImportColumns +
                                   " FROM cost_imports WHERE organization_id = ? ORDER BY created_at DESC, id DESC"
                                   " LIMIT ? OFFSET ?",
                               params(organization_id, limit, offset))
                       .rows)
    out.push_back(import_from(row));
  return out;
}

long long CostRepository::count_imports(const std::string& organization_id) {
  return db_.execute("SELECT COUNT(*) FROM cost_imports WHERE organization_id = ?", params(organization_id))
      .first()
      .integer(0);
}

std::optional<CostCollection> CostRepository::find_collection(const std::string& account_id) {
  auto r = db_.execute(std::string("SELECT ") + kCollectionColumns + " FROM cost_collections WHERE account_id = ?",
                       params(account_id));
  if (r.empty()) return std::nullopt;
  return collection_from(r.first());
}

void CostRepository::save_collection(const CostCollection& c) {
  db_.execute(std::string("INSERT INTO cost_collections (") + kCollectionColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET state = excluded.state,"
                  " error = excluded.error, row_count = excluded.row_count, collected_from = excluded.collected_from,"
                  " last_run_at = excluded.last_run_at, next_run_at = excluded.next_run_at,"
                  " updated_at = excluded.updated_at",
              params(c.account_id, c.organization_id, c.state,
                     c.error.empty() ? std::nullopt : std::optional<std::string>(c.error), c.rows,
                     c.collected_from.empty() ? std::nullopt : std::optional<std::string>(c.collected_from),
                     c.last_run_at, c.next_run_at, c.updated_at));
}

std::vector<CostCollection> CostRepository::list_collections(const std::string& organization_id) {
  std::vector<CostCollection> out;
  for (auto& row : db_.execute(std::string("SELECT ") + kCollectionColumns +
                                   " FROM cost_collections WHERE organization_id = ? ORDER BY account_id",
                               params(organization_id))
                       .rows)
    out.push_back(collection_from(row));
  return out;
}

std::map<std::string, Millis> CostRepository::collection_schedule() {
  std::map<std::string, Millis> out;
  for (auto& row : db_.execute("SELECT account_id, next_run_at FROM cost_collections").rows)
    out[row.text(0)] = row.integer(1);
  return out;
}

std::vector<std::pair<std::string, std::string>> CostRepository::account_days(const std::string& organization_id,
                                                                              const CostQuery& query) {
  CostQuery q = query;
  q.tag_key.reset();
  q.tag_value.reset();
  Params v;
  std::string sql =
      "SELECT DISTINCT account_id, day" + filter_sql(organization_id, q, q.from, q.to, v) + " ORDER BY day, account_id";
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& row : db_.execute(sql, v).rows) out.emplace_back(row.take_text(0), row.take_text(1));
  return out;
}

namespace {

std::optional<double> opt_real(const storage::Row& row, size_t i) {
  return row.is_null(i) ? std::nullopt : std::optional<double>(row.real(i));
}

/// A row as kRowColumns lists its columns.
FocusRow focus_row_of(storage::Row& row) {
  FocusRow r;
  r.organization_id = row.take_text(0);
  r.account_id = row.take_text(1);
  r.load_id = row.take_text(2);
  r.provider = row.take_text(4);
  r.billing_period_start = row.integer(6);
  r.billing_period_end = row.integer(7);
  r.charge_period_start = row.integer(8);
  r.charge_period_end = row.integer(9);
  r.billed_cost = row.real(10);
  r.effective_cost = row.real(11);
  r.list_cost = row.real(12);
  r.contracted_cost = row.real(13);
  size_t i = 14;
  for (std::string* t :
       {&r.billing_currency, &r.billing_account_id, &r.billing_account_name, &r.sub_account_id, &r.sub_account_name,
        &r.charge_category, &r.charge_class, &r.charge_description, &r.charge_frequency, &r.pricing_category})
    *t = row.take_text(i++);
  r.pricing_quantity = opt_real(row, 24);
  r.pricing_unit = row.take_text(25);
  r.list_unit_price = opt_real(row, 26);
  r.contracted_unit_price = opt_real(row, 27);
  r.consumed_quantity = opt_real(row, 28);
  i = 29;
  for (std::string* t :
       {&r.consumed_unit, &r.provider_name, &r.publisher_name, &r.invoice_issuer_name, &r.region_id, &r.region_name,
        &r.availability_zone, &r.resource_id, &r.resource_name, &r.resource_type, &r.service_name, &r.service_category,
        &r.sku_id, &r.sku_price_id, &r.commitment_discount_id, &r.commitment_discount_name,
        &r.commitment_discount_category, &r.commitment_discount_type, &r.commitment_discount_status})
    *t = row.take_text(i++);
  r.commitment_discount_quantity = opt_real(row, 48);
  r.commitment_discount_unit = row.take_text(49);
  r.tags = nlohmann::json::parse(row.take_text(50), nullptr, false);
  if (!r.tags.is_object()) r.tags = nlohmann::json::object();
  return r;
}

}  // namespace

std::vector<FocusRow> CostRepository::live_rows(const std::string& organization_id, const std::string& account_id,
                                                const std::string& day, const CostQuery& q) {
  // EXISTS rather than the live join, so kRowColumns' bare names name cost_rows' columns only.
  std::string sql = std::string("SELECT ") + kRowColumns +
                    " FROM cost_rows r WHERE r.account_id = ? AND r.charge_day = ? AND r.organization_id = ?"
                    " AND EXISTS (SELECT 1 FROM cost_load_periods lp WHERE lp.load_id = r.load_id"
                    " AND lp.billing_period_start = r.billing_period_start AND lp.live = 1)";
  Params v = params(account_id, day, organization_id);
  auto add = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    sql += std::string(" AND r.") + column + " = ?";
    v.emplace_back(*value);
  };
  add("provider", q.provider);
  add("service_name", q.service);
  add("region_id", q.region);
  add("inventory_resource_id", q.resource_id);
  add("billing_currency", q.currency);
  sql += " ORDER BY r.charge_period_start, r.resource_id";
  std::vector<FocusRow> out;
  for (auto& row : db_.execute(sql, v).rows) out.push_back(focus_row_of(row));
  return out;
}

}  // namespace cw::costs
