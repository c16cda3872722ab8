#include "inventory/resource_repository.hpp"

#include <algorithm>

namespace cw::inventory {

using storage::params;

namespace {
constexpr const char* kSelectKnown = "SELECT external_id, id, content_hash FROM resources WHERE account_id = ?";
// The upsert of `rows` value tuples. Rows go 50 to a statement: on PostgreSQL each statement is
// a round trip, and one per row made the client's CPU and the wall time of a first sync of
// 50,000 resources about half again as big.
std::string upsert_sql(size_t rows) {
  std::string sql =
      "INSERT INTO resources (id, organization_id, account_id, provider, external_id, name, type, region,"
      " status, spec, tags, posture, monthly_cost, is_demo, search_text, content_hash, created_at,"
      " updated_at, last_synced_at) VALUES ";
  for (size_t i = 0; i < rows; ++i)
    sql += i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
             : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return sql +
         " ON CONFLICT (account_id, external_id) DO UPDATE SET provider = excluded.provider,"
         " name = excluded.name, type = excluded.type, region = excluded.region, status = excluded.status,"
         " spec = excluded.spec, tags = excluded.tags, posture = excluded.posture,"
         " monthly_cost = excluded.monthly_cost, search_text = excluded.search_text,"
         " content_hash = excluded.content_hash, updated_at = excluded.updated_at,"
         " last_synced_at = excluded.last_synced_at";
}
constexpr size_t kRowsPerUpsert = 50;
constexpr size_t kUpsertColumns = 19;
constexpr const char* kDeleteResource = "DELETE FROM resources WHERE organization_id = ? AND id = ?";
constexpr const char* kDeleteUnlisted = "DELETE FROM resources WHERE organization_id = ? AND id = ? AND updated_at < ?";
constexpr const char* kBumpVersion = "UPDATE organizations SET inventory_version = inventory_version + 1 WHERE id = ?";
constexpr const char* kSelectVersion = "SELECT inventory_version FROM organizations WHERE id = ?";
constexpr const char* kResourceColumns =
    "SELECT id, organization_id, account_id, provider, external_id, name, type, region, status, spec,"
    " tags, posture, monthly_cost, is_demo, created_at, updated_at, last_synced_at FROM resources ";
constexpr const char* kSelectContentHash = "SELECT content_hash FROM resources WHERE id = ?";
constexpr const char* kCountForAccount = "SELECT COUNT(*) FROM resources WHERE account_id = ?";

Resource resource_from(const storage::Row& r) {
  Resource x;
  x.id = r.text(0);
  x.organization_id = r.text(1);
  x.account_id = r.text(2);
  x.provider = r.text(3);
  x.external_id = r.text(4);
  x.name = r.text(5);
  x.type = r.text(6);
  x.region = r.text(7);
  x.status = r.text(8);
  x.spec = nlohmann::json::parse(r.text(9), nullptr, false);
  x.tags = nlohmann::json::parse(r.text(10), nullptr, false);
  x.posture = nlohmann::json::parse(r.text(11), nullptr, false);
  x.monthly_cost = r.real(12);
  x.is_demo = r.boolean(13);
  x.created_at = r.integer(14);
  x.updated_at = r.integer(15);
  x.last_synced_at = r.integer(16);
  return x;
}

// The client's text as a LIKE pattern that matches it literally (% _ and \ escaped).
std::string like_literal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string where(const std::string& org, const ResourceFilter& f, storage::Params& args, bool keyset) {
  std::string w = "WHERE organization_id = ?";
  args.push_back(org);
  // With a sort other than by name, the filter indexes (organization, type|status, name) cannot
  // deliver rows in order: the planner would read every match and sort. Writing the filter as an
  // expression keeps it off those indexes, so the sort column's index is walked in order and
  // stops after one page. (Works the same on SQLite and PostgreSQL.)
  bool filter_by_index = !keyset || f.sort_column == "name";
  auto eq = [&](const char* column, const std::optional<std::string>& v) {
    if (!v) return;
    w += filter_by_index ? std::string(" AND ") + column + " = ?" : std::string(" AND (") + column + " || '') = ?";
    args.push_back(*v);
  };
  eq("provider", f.provider);
  eq("account_id", f.account_id);
  eq("type", f.type);
  eq("status", f.status);
  eq("region", f.region);
  if (f.tag) {
    w += " AND search_text LIKE ? ESCAPE '\\'";
    args.push_back("%" + like_literal(tag_token(f.tag->first, f.tag->second)) + "%");
  }
  if (f.text) {
    std::string lowered;
    for (unsigned char c : *f.text) lowered += c == ' ' ? '_' : static_cast<char>(std::tolower(c));
    w += " AND search_text LIKE ? ESCAPE '\\'";
    args.push_back("%" + like_literal(lowered) + "%");
  }
  if (keyset && f.after) {
    const char* op = f.descending ? "<" : ">";
    w += " AND (" + f.sort_column + " " + op + " ? OR (" + f.sort_column + " = ? AND id " + op + " ?))";
    storage::Value v = !f.sort_numeric        ? storage::Value(f.after->first)
                       : f.sorts_by_integer() ? storage::Value(static_cast<std::int64_t>(std::stoll(f.after->first)))
                                              : storage::Value(std::stod(f.after->first));
    args.push_back(v);
    args.push_back(v);
    args.push_back(f.after->second);
  }
  return w;
}
}  // namespace

std::unordered_map<std::string, KnownResource> ResourceRepository::known(const std::string& account_id) {
  std::unordered_map<std::string, KnownResource> out;
  auto r = db_.execute(kSelectKnown, params(account_id));
  out.reserve(r.rows.size());
  for (auto& row : r.rows) out.emplace(row.take_text(0), KnownResource{row.take_text(1), row.take_text(2)});
  return out;
}

void ResourceRepository::upsert(const std::string& org, const std::string& account_id, bool is_demo,
                                const std::vector<ResourceRow>& rows, Millis now) {
  if (rows.empty()) return;
  // Written in name order: three of the list indexes lead with (organization, [type|status,] name),
  // so consecutive rows land on the same index pages instead of all over them — a quarter faster
  // for a big batch.
  std::vector<const ResourceRow*> ordered;
  ordered.reserve(rows.size());
  for (const auto& row : rows) ordered.push_back(&row);
  std::ranges::sort(ordered, {},
                    [](const ResourceRow* row) -> const std::string& { return row->stored->record->name; });
  static const std::string kUpsertOne = upsert_sql(1), kUpsertMany = upsert_sql(kRowsPerUpsert);
  db_.transaction([&](storage::Connection& conn) {
    // First, so concurrent writers of one organization queue on its row before touching others.
    conn.execute(kBumpVersion, params(org));
    storage::Params many(kUpsertColumns * kRowsPerUpsert), one(kUpsertColumns);
    for (size_t next = 0; next < ordered.size();) {
      size_t n = ordered.size() - next >= kRowsPerUpsert ? kRowsPerUpsert : 1;
      storage::Params& p = n == 1 ? one : many;
      for (size_t row = 0; row < n; ++row) {
        const std::string& id = ordered[next + row]->id;
        const StoredRecord& s = *ordered[next + row]->stored;
        const auto& r = *s.record;
        auto* v = &p[row * kUpsertColumns];
        v[0] = id;
        v[1] = org;
        v[2] = account_id;
        v[3] = r.provider;
        v[4] = r.external_id;
        v[5] = r.name;
        v[6] = r.type;
        v[7] = r.region;
        v[8] = r.status;
        v[9] = s.spec;
        v[10] = s.tags;
        v[11] = s.posture;
        v[12] = r.monthly_cost;
        v[13] = static_cast<std::int64_t>(is_demo ? 1 : 0);
        v[14] = s.search_text;
        v[15] = s.content_hash;
        v[16] = r.created_at ? r.created_at : now;
        v[17] = now;
        v[18] = now;
      }
      conn.execute(n == 1 ? kUpsertOne : kUpsertMany, p);
      next += n;
    }
  });
}

void ResourceRepository::remove(const std::string& org, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  db_.transaction([&](storage::Connection& conn) {
    conn.execute(kBumpVersion, params(org));
    for (const auto& id : ids) conn.execute(kDeleteResource, params(org, id));
  });
}

std::vector<std::string> ResourceRepository::remove_unlisted(const std::string& org,
                                                             const std::vector<std::string>& ids,
                                                             Millis listing_started) {
  std::vector<std::string> removed;
  if (ids.empty()) return removed;
  db_.transaction([&](storage::Connection& conn) {
    conn.execute(kBumpVersion, params(org));
    for (const auto& id : ids)
      if (conn.execute(kDeleteUnlisted, params(org, id, listing_started)).affected > 0) removed.push_back(id);
  });
  return removed;
}

std::int64_t ResourceRepository::version(const std::string& org) {
  auto r = db_.execute(kSelectVersion, params(org));
  return r.empty() ? 0 : r.first().integer(0);
}

void ResourceRepository::touch(const std::string& org) { db_.execute(kBumpVersion, params(org)); }

std::vector<Resource> ResourceRepository::list(const std::string& org, const ResourceFilter& f) {
  storage::Params args;
  std::string dir = f.descending ? " DESC" : " ASC";
  std::string sql = std::string(kResourceColumns) + where(org, f, args, true) + " ORDER BY " + f.sort_column + dir +
                    ", id" + dir + " LIMIT ?";
  args.push_back(static_cast<std::int64_t>(f.limit));
  std::vector<Resource> out;
  for (const auto& row : db_.execute(sql, args).rows) out.push_back(resource_from(row));
  return out;
}

long long ResourceRepository::count(const std::string& org, const ResourceFilter& f, std::int64_t version) {
  storage::Params args;
  std::string sql = "SELECT COUNT(*) FROM resources " + where(org, f, args, false);
  // The statement and its arguments, each length-prefixed: a region filter "x" and an account
  // filter "x" are different counts, and no argument's text can pass for another's.
  std::string key = sql;
  for (const auto& a : args) {
    const std::string& text = std::get<std::string>(a);  // where() binds text only when counting
    key.append(std::to_string(text.size())).append(":").append(text);
  }
  {
    std::lock_guard lock(cache_mutex_);
    auto it = counts_.find(key);
    if (it != counts_.end() && it->second.version == version) return it->second.total;
  }
  long long total = db_.execute(sql, args).first().integer(0);
  std::lock_guard lock(cache_mutex_);
  if (counts_.size() > 10'000) counts_.clear();  // bounded: many distinct searches just recount
  counts_[key] = CachedCount{total, version};
  return total;
}

std::optional<Resource> ResourceRepository::find(const std::string& org, const std::string& id) {
  auto r = db_.execute(std::string(kResourceColumns) + "WHERE organization_id = ? AND id = ?", params(org, id));
  if (r.empty()) return std::nullopt;
  return resource_from(r.first());
}

std::optional<Resource> ResourceRepository::find_by_external(const std::string& account_id,
                                                             const std::string& external_id) {
  auto r = db_.execute(std::string(kResourceColumns) + "WHERE account_id = ? AND external_id = ?",
                       params(account_id, external_id));
  if (r.empty()) return std::nullopt;
  return resource_from(r.first());
}

std::string ResourceRepository::content_hash(const std::string& id) {
  auto r = db_.execute(kSelectContentHash, params(id));
  return r.empty() ? "" : r.first().text(0);
}

long long ResourceRepository::count_for_account(const std::string& account_id) {
  return db_.execute(kCountForAccount, params(account_id)).first().integer(0);
}

std::vector<std::tuple<std::string, long long, double>> ResourceRepository::summary(const std::string& org,
                                                                                    const std::string& column) {
  std::vector<std::tuple<std::string, long long, double>> out;
  std::string sql = "SELECT " + column +
                    ", COUNT(*), SUM(monthly_cost) FROM resources WHERE organization_id = ?"
                    " GROUP BY " +
                    column + " ORDER BY " + column;
  for (const auto& row : db_.execute(sql, params(org)).rows) out.emplace_back(row.text(0), row.integer(1), row.real(2));
  return out;
}

}  // namespace cw::inventory
