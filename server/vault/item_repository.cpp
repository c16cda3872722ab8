#include "vault/item_repository.hpp"

#include <algorithm>

#include "vault/names.hpp"

namespace cw::vault {

using storage::params;

namespace {

constexpr const char* kColumns =
    "id, organization_id, parent_id, kind, name, size, mime_type, sha256, version_id, created_by, created_at,"
    " updated_at, processing, infected, trashed_at, trashed_by, trash_id, original_path, has_thumbnail,"
    " processing_error";

// Everything live below a folder (the folder itself not included).
constexpr const char* kDescendantsCte =
    "WITH RECURSIVE tree(id) AS ("
    " SELECT id FROM vault_items WHERE organization_id = ? AND parent_id = ? AND trashed_at IS NULL"
    " UNION ALL"
    " SELECT c.id FROM vault_items c JOIN tree t ON c.parent_id = t.id"
    " WHERE c.organization_id = ? AND c.trashed_at IS NULL) ";

Item item_from(storage::Row& r) {
  Item it;
  it.id = r.take_text(0);
  it.organization_id = r.take_text(1);
  it.parent_id = r.take_text(2);
  it.kind = r.take_text(3);
  it.name = r.take_text(4);
  it.size = r.integer(5);
  it.mime_type = r.opt_text(6);
  it.sha256 = r.opt_text(7);
  it.version_id = r.opt_text(8);
  it.created_by = r.take_text(9);
  it.created_at = r.integer(10);
  it.updated_at = r.integer(11);
  it.processing = r.take_text(12);
  it.infected = r.boolean(13);
  it.trashed_at = r.opt_integer(14);
  it.trashed_by = r.opt_text(15);
  it.trash_id = r.opt_text(16);
  it.original_path = r.opt_text(17);
  it.has_thumbnail = r.boolean(18);
  it.processing_error = r.opt_text(19);
  return it;
}

std::vector<Item> items_from(storage::Result result) {
  std::vector<Item> out;
  out.reserve(result.rows.size());
  for (auto& row : result.rows) out.push_back(item_from(row));
  return out;
}

Version version_from(storage::Row& r) {
  return Version{r.take_text(0), r.take_text(1), r.take_text(2), r.take_text(3),
                 r.integer(4),   r.take_text(5), r.integer(6)};
}

constexpr const char* kVersionColumns = "id, organization_id, file_id, sha256, size, created_by, created_at";

/// `%text%` for LIKE, with the wildcards in the text taken literally.
std::string contains_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

void ItemRepository::insert(const Item& it) {
  db_.execute(
      "INSERT INTO vault_items (id, organization_id, parent_id, kind, name, name_folded, size, mime_type, sha256,"
      " version_id, created_by, created_at, updated_at, processing, infected, has_thumbnail, processing_since)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params(it.id, it.organization_id, it.parent_id, it.kind, it.name, fold_case(it.name),
             static_cast<long long>(it.size), it.mime_type, it.sha256, it.version_id, it.created_by,
             static_cast<long long>(it.created_at), static_cast<long long>(it.updated_at), it.processing, it.infected,
             it.has_thumbnail, static_cast<long long>(it.updated_at)));
}

std::optional<Item> ItemRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM vault_items WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return item_from(result.rows.front());
}

std::optional<Item> ItemRepository::find_child(const std::string& organization_id, const std::string& parent_id,
                                               const std::string& name) {
  auto result = db_.execute(std::string("SELECT ") + kColumns +
                                " FROM vault_items WHERE organization_id = ? AND parent_id = ? AND name = ?"
                                " AND trashed_at IS NULL",
                            params(organization_id, parent_id, name));
  if (result.rows.empty()) return std::nullopt;
  return item_from(result.rows.front());
}

std::vector<Item> ItemRepository::children(const ChildQuery& q) {
  const char* column = q.field == SortField::kName   ? "name_folded"
                       : q.field == SortField::kSize ? "size"
                                                     : "updated_at";
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM vault_items WHERE organization_id = ? AND parent_id = ? AND kind = ? AND trashed_at IS NULL";
  storage::Params p = params(q.organization_id, q.parent_id, q.kind);
  if (!q.folded_search.empty()) {
    sql += " AND name_folded LIKE ? ESCAPE '\\'";
    p.push_back(contains_pattern(q.folded_search));
  }
  if (q.after_value && q.after_id) {
    sql += std::string(" AND (") + column + ", id) " + (q.descending ? "<" : ">") + " (?, ?)";
    if (q.field == SortField::kName)
      p.push_back(*q.after_value);
    else
      p.push_back(static_cast<int64_t>(std::stoll(*q.after_value)));
    p.push_back(*q.after_id);
  }
  const char* direction = q.descending ? " DESC" : "";
  sql += std::string(" ORDER BY ") + column + direction + ", id" + direction + " LIMIT ?";
  p.push_back(static_cast<int64_t>(q.limit));
  return items_from(db_.execute(sql, p));
}

std::vector<Item> ItemRepository::descendants(const std::string& organization_id, const std::string& folder_id) {
  return items_from(db_.execute(std::string(kDescendantsCte) + "SELECT " + kColumns +
                                    " FROM vault_items WHERE id IN (SELECT id FROM tree) ORDER BY parent_id, name",
                                params(organization_id, folder_id, organization_id)));
}

std::vector<Item> ItemRepository::ancestors(const std::string& organization_id, const std::string& folder_id) {
  // Parent by parent, one primary-key lookup each: folders are a few levels deep, and a
  // recursive CTE joined back to the table made SQLite scan a 100,000-file folder's rows.
  // The depth bound keeps a corrupt cycle from looping forever.
  std::vector<Item> chain;
  std::string id = folder_id;
  for (int depth = 0; depth < 256 && id != kRoot; ++depth) {
    auto folder = find(organization_id, id);
    if (!folder) break;
    id = folder->parent_id;
    chain.push_back(std::move(*folder));
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

bool ItemRepository::place(const std::string& organization_id, const std::string& id, const std::string& parent_id,
                           const std::string& name, Millis now) {
  return db_.execute(
                "UPDATE vault_items SET parent_id = ?, name = ?, name_folded = ?, updated_at = ?"
                " WHERE organization_id = ? AND id = ? AND trashed_at IS NULL",
                params(parent_id, name, fold_case(name), static_cast<long long>(now), organization_id, id))
             .affected > 0;
}

void ItemRepository::set_content(const std::string& organization_id, const std::string& id, const Version& v,
                                 const std::optional<std::string>& mime_type, const ContentState& state, Millis now) {
  db_.execute(
      "UPDATE vault_items SET version_id = ?, sha256 = ?, size = ?, mime_type = ?, processing = ?,"
      " infected = ?, has_thumbnail = ?, processing_error = NULL, processing_since = ?, updated_at = ?"
      " WHERE organization_id = ? AND id = ?",
      params(v.id, v.sha256, static_cast<long long>(v.size), mime_type, state.processing, state.infected,
             state.has_thumbnail, static_cast<long long>(now), static_cast<long long>(now), organization_id, id));
}

int ItemRepository::apply_processing(const std::string& organization_id, const std::string& sha256,
                                     const ContentState& state, const std::optional<std::string>& error, Millis now) {
  return static_cast<int>(
      db_.execute("UPDATE vault_items SET processing = ?, infected = ?, has_thumbnail = ?, processing_error = ?,"
                  " processing_since = ? WHERE organization_id = ? AND sha256 = ? AND kind = 'file'",
                  params(state.processing, state.infected, state.has_thumbnail, error, static_cast<long long>(now),
                         organization_id, sha256))
          .affected);
}

int ItemRepository::fail_stuck(Millis pending_since, const std::string& error) {
  return static_cast<int>(db_.execute("UPDATE vault_items SET processing = 'failed', processing_error = ?"
                                      " WHERE processing = 'pending' AND processing_since < ?",
                                      params(error, static_cast<long long>(pending_since)))
                              .affected);
}

int ItemRepository::trash(const std::string& organization_id, const std::string& id, const std::string& by,
                          const std::string& original_path, Millis now) {
  auto result =
      db_.execute(std::string(kDescendantsCte) +
                      "UPDATE vault_items SET trashed_at = ?, trashed_by = ?, trash_id = ?,"
                      " original_path = CASE WHEN id = ? THEN ? ELSE NULL END"
                      " WHERE organization_id = ? AND trashed_at IS NULL AND (id = ? OR id IN (SELECT id FROM tree))",
                  params(organization_id, id, organization_id, static_cast<long long>(now), by, id, id, original_path,
                         organization_id, id));
  return static_cast<int>(result.affected);
}

std::vector<Item> ItemRepository::trash_roots(const std::string& organization_id, std::optional<Millis> after_at,
                                              std::optional<std::string> after_id, int limit) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM vault_items WHERE organization_id = ? AND trash_id = id AND trashed_at IS NOT NULL";
  storage::Params p = params(organization_id);
  if (after_at && after_id) {
    sql += " AND (trashed_at, id) < (?, ?)";
    p.push_back(static_cast<int64_t>(*after_at));
    p.push_back(*after_id);
  }
  sql += " ORDER BY trashed_at DESC, id DESC LIMIT ?";
  p.push_back(static_cast<int64_t>(limit));
  return items_from(db_.execute(sql, p));
}

void ItemRepository::restore(const std::string& organization_id, const std::string& trash_id,
                             const std::string& parent_id, const std::string& name, Millis now) {
  // Placed first while still in the trash (outside the unique index), then brought back.
  db_.execute(
      "UPDATE vault_items SET parent_id = ?, name = ?, name_folded = ?, updated_at = ?"
      " WHERE organization_id = ? AND id = ?",
      params(parent_id, name, fold_case(name), static_cast<long long>(now), organization_id, trash_id));
  db_.execute(
      "UPDATE vault_items SET trashed_at = NULL, trashed_by = NULL, trash_id = NULL, original_path = NULL"
      " WHERE organization_id = ? AND trash_id = ?",
      params(organization_id, trash_id));
}

int ItemRepository::purge(const std::string& organization_id, const std::string& trash_id) {
  return static_cast<int>(
      db_.execute("DELETE FROM vault_items WHERE organization_id = ? AND trash_id = ? AND trashed_at IS NOT NULL",
                  params(organization_id, trash_id))
          .affected);
}

namespace {
// A trash entry is expired once its organization's trash period (or the default) has passed.
constexpr const char* kExpiredTrash =
    " FROM vault_items i LEFT JOIN vault_settings s ON s.organization_id = i.organization_id"
    " WHERE i.trash_id = i.id AND i.trashed_at IS NOT NULL AND i.trashed_at + COALESCE(s.trash_days, ?) * "
    "CAST(86400000 AS BIGINT) <= ?";
}  // namespace

std::vector<std::string> ItemRepository::organizations_with_expired_trash(Millis now, int default_days) {
  std::vector<std::string> out;
  for (auto& row : db_.execute(std::string("SELECT DISTINCT i.organization_id") + kExpiredTrash,
                               params(default_days, static_cast<long long>(now)))
                       .rows)
    out.push_back(row.take_text(0));
  return out;
}

std::vector<std::string> ItemRepository::expired_trash(const std::string& organization_id, Millis now, int default_days,
                                                       int limit) {
  std::vector<std::string> out;
  for (auto& row : db_.execute(std::string("SELECT i.id") + kExpiredTrash + " AND i.organization_id = ? LIMIT ?",
                               params(default_days, static_cast<long long>(now), organization_id, limit))
                       .rows)
    out.push_back(row.take_text(0));
  return out;
}

void ItemRepository::insert_version(const Version& v) {
  db_.execute(
      "INSERT INTO vault_versions (id, organization_id, file_id, sha256, size, created_by, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      params(v.id, v.organization_id, v.file_id, v.sha256, static_cast<long long>(v.size), v.created_by,
             static_cast<long long>(v.created_at)));
}

std::vector<Version> ItemRepository::versions(const std::string& organization_id, const std::string& file_id) {
  std::vector<Version> out;
  for (auto& row : db_.execute(std::string("SELECT ") + kVersionColumns +
                                   " FROM vault_versions WHERE organization_id = ? AND file_id = ?"
                                   " ORDER BY created_at DESC, id DESC",
                               params(organization_id, file_id))
                       .rows)
    out.push_back(version_from(row));
  return out;
}

std::optional<Version> ItemRepository::find_version(const std::string& organization_id, const std::string& file_id,
                                                    const std::string& version_id) {
  auto result = db_.execute(std::string("SELECT ") + kVersionColumns +
                                " FROM vault_versions WHERE organization_id = ? AND file_id = ? AND id = ?",
                            params(organization_id, file_id, version_id));
  if (result.rows.empty()) return std::nullopt;
  return version_from(result.rows.front());
}

int ItemRepository::prune_versions(const std::string& organization_id, const std::string& file_id,
                                   const std::string& current_version_id, int keep) {
  // The newest `keep - 1` older versions stay beside the current one.
  auto old = db_.execute(
      "SELECT id FROM vault_versions WHERE organization_id = ? AND file_id = ? AND id <> ?"
      " ORDER BY created_at DESC, id DESC",
      params(organization_id, file_id, current_version_id));
  int removed = 0;
  for (size_t i = static_cast<size_t>(std::max(keep - 1, 0)); i < old.rows.size(); ++i) {
    removed +=
        static_cast<int>(db_.execute("DELETE FROM vault_versions WHERE id = ?", params(old.rows[i].text(0))).affected);
  }
  return removed;
}

}  // namespace cw::vault
