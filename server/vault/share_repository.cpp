#include "vault/share_repository.hpp"

namespace cw::vault {

using storage::params;

namespace {

constexpr const char* kColumns =
    "id, organization_id, item_id, token_hash, created_by, created_at, expires_at, password_hash, max_downloads,"
    " downloads, upload_only, last_access_at";

Share share_from(storage::Row& r) {
  Share s;
  s.id = r.take_text(0);
  s.organization_id = r.take_text(1);
  s.item_id = r.take_text(2);
  s.token_hash = r.take_text(3);
  s.created_by = r.take_text(4);
  s.created_at = r.integer(5);
  s.expires_at = r.opt_integer(6);
  s.password_hash = r.opt_text(7);
  s.max_downloads = r.opt_integer(8);
  s.downloads = r.integer(9);
  s.upload_only = r.boolean(10);
  s.last_access_at = r.opt_integer(11);
  return s;
}

}  // namespace

void ShareRepository::insert(const Share& s) {
  db_.execute(
      "INSERT INTO vault_shares (id, organization_id, item_id, token_hash, created_by, created_at, expires_at,"
      " password_hash, max_downloads, downloads, upload_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
      params(s.id, s.organization_id, s.item_id, s.token_hash, s.created_by, static_cast<long long>(s.created_at),
             s.expires_at, s.password_hash, s.max_downloads, s.upload_only));
}

std::optional<Share> ShareRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM vault_shares WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return share_from(result.rows.front());
}

std::optional<Share> ShareRepository::find_by_token_hash(const std::string& token_hash) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM vault_shares WHERE token_hash = ?", params(token_hash));
  if (result.rows.empty()) return std::nullopt;
  return share_from(result.rows.front());
}

std::vector<Share> ShareRepository::list(const std::string& organization_id,
                                         const std::optional<std::string>& created_by,
                                         const std::optional<std::string>& item_id) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM vault_shares WHERE organization_id = ?";
  storage::Params p = params(organization_id);
  if (created_by) {
    sql += " AND created_by = ?";
    p.push_back(*created_by);
  }
  if (item_id) {
    sql += " AND item_id = ?";
    p.push_back(*item_id);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT 1000";
  std::vector<Share> out;
  for (auto& row : db_.execute(sql, p).rows) out.push_back(share_from(row));
  return out;
}

void ShareRepository::update(const Share& s) {
  db_.execute("UPDATE vault_shares SET expires_at = ?, password_hash = ?, max_downloads = ? WHERE id = ?",
              params(s.expires_at, s.password_hash, s.max_downloads, s.id));
}

bool ShareRepository::remove(const std::string& organization_id, const std::string& id) {
  return db_.execute("DELETE FROM vault_shares WHERE organization_id = ? AND id = ?", params(organization_id, id))
             .affected > 0;
}

void ShareRepository::count_download(const std::string& id, Millis now) {
  db_.execute("UPDATE vault_shares SET downloads = downloads + 1, last_access_at = ? WHERE id = ?",
              params(static_cast<long long>(now), id));
}

void ShareRepository::record_access(const std::string& id, Millis now) {
  db_.execute("UPDATE vault_shares SET last_access_at = ? WHERE id = ?", params(static_cast<long long>(now), id));
}

}  // namespace cw::vault
