#include "vault/storage_repository.hpp"

namespace cw::vault {

using storage::params;

void StorageRepository::touch_blob(const std::string& organization_id, const std::string& sha256, int64_t size,
                                   Millis now) {
  db_.execute(
      "INSERT INTO vault_blobs (organization_id, sha256, size, created_at, touched_at) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT (organization_id, sha256) DO UPDATE SET touched_at = excluded.touched_at",
      params(organization_id, sha256, static_cast<long long>(size), static_cast<long long>(now),
             static_cast<long long>(now)));
}

BlobMedia StorageRepository::blob_media(const std::string& organization_id, const std::string& sha256) {
  auto result = db_.execute(
      "SELECT processed_at, media, has_thumbnail, infected, threat FROM vault_blobs"
      " WHERE organization_id = ? AND sha256 = ?",
      params(organization_id, sha256));
  BlobMedia m;
  if (result.rows.empty() || result.rows.front().is_null(0)) return m;
  auto& row = result.rows.front();
  m.processed = true;
  if (!row.is_null(1)) m.media = row.take_text(1);
  m.has_thumbnail = row.boolean(2);
  m.infected = row.boolean(3);
  m.threat = row.opt_text(4);
  return m;
}

void StorageRepository::save_blob_media(const std::string& organization_id, const std::string& sha256,
                                        const BlobMedia& m, Millis now) {
  db_.execute(
      "UPDATE vault_blobs SET processed_at = ?, media = ?, has_thumbnail = ?, infected = ?, threat = ?"
      " WHERE organization_id = ? AND sha256 = ?",
      params(static_cast<long long>(now), m.media, m.has_thumbnail, m.infected, m.threat, organization_id, sha256));
}

void StorageRepository::reset_blob_media(const std::string& organization_id, const std::string& sha256) {
  db_.execute(
      "UPDATE vault_blobs SET processed_at = NULL, media = NULL, has_thumbnail = 0, infected = 0, threat = NULL"
      " WHERE organization_id = ? AND sha256 = ?",
      params(organization_id, sha256));
}

namespace {
constexpr const char* kCollectable =
    " FROM vault_blobs b WHERE b.touched_at < ? AND NOT EXISTS (SELECT 1 FROM vault_versions v"
    " WHERE v.organization_id = b.organization_id AND v.sha256 = b.sha256)";
}  // namespace

std::vector<std::string> StorageRepository::organizations_with_collectable_blobs(Millis cutoff) {
  std::vector<std::string> out;
  for (auto& row : db_.execute(std::string("SELECT DISTINCT b.organization_id") + kCollectable,
                               params(static_cast<long long>(cutoff)))
                       .rows)
    out.push_back(row.take_text(0));
  return out;
}

std::vector<std::string> StorageRepository::collectable_blobs(const std::string& organization_id, Millis cutoff,
                                                              int limit) {
  std::vector<std::string> out;
  for (auto& row : db_.execute(std::string("SELECT b.sha256") + kCollectable + " AND b.organization_id = ? LIMIT ?",
                               params(static_cast<long long>(cutoff), organization_id, limit))
                       .rows)
    out.push_back(row.take_text(0));
  return out;
}

bool StorageRepository::delete_blob_if_unreferenced(const std::string& organization_id, const std::string& sha256,
                                                    Millis cutoff) {
  return db_.execute(
                "DELETE FROM vault_blobs WHERE organization_id = ? AND sha256 = ? AND touched_at < ?"
                " AND NOT EXISTS (SELECT 1 FROM vault_versions v"
                " WHERE v.organization_id = vault_blobs.organization_id AND v.sha256 = vault_blobs.sha256)",
                params(organization_id, sha256, static_cast<long long>(cutoff)))
             .affected > 0;
}

bool StorageRepository::blob_known(const std::string& organization_id, const std::string& sha256) {
  return !db_.execute("SELECT 1 FROM vault_blobs WHERE organization_id = ? AND sha256 = ?",
                      params(organization_id, sha256))
              .rows.empty();
}

Settings StorageRepository::settings(const std::string& organization_id) {
  Settings s;
  auto result = db_.execute(
      "SELECT quota_bytes, user_quota_bytes, max_versions, trash_days FROM vault_settings WHERE organization_id = ?",
      params(organization_id));
  if (result.rows.empty()) return s;
  auto& r = result.rows.front();
  s.quota_bytes = r.opt_integer(0);
  s.user_quota_bytes = r.opt_integer(1);
  s.max_versions = static_cast<int>(r.integer(2));
  s.trash_days = static_cast<int>(r.integer(3));
  return s;
}

void StorageRepository::save_settings(const std::string& organization_id, const Settings& s, Millis now) {
  db_.execute(
      "INSERT INTO vault_settings (organization_id, quota_bytes, user_quota_bytes, max_versions, trash_days,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id) DO UPDATE SET"
      " quota_bytes = excluded.quota_bytes, user_quota_bytes = excluded.user_quota_bytes,"
      " max_versions = excluded.max_versions, trash_days = excluded.trash_days, updated_at = excluded.updated_at",
      params(organization_id, s.quota_bytes, s.user_quota_bytes, s.max_versions, s.trash_days,
             static_cast<long long>(now)));
}

int64_t StorageRepository::charged_bytes(const std::string& organization_id, const std::optional<std::string>& user_id,
                                         const std::string& excluding_upload) {
  std::string versions = "SELECT COALESCE(SUM(size), 0) FROM vault_versions WHERE organization_id = ?";
  std::string uploads =
      "SELECT COALESCE(SUM(COALESCE(length, upload_offset)), 0) FROM vault_uploads WHERE organization_id = ? AND id <> "
      "?";
  storage::Params vp = params(organization_id), up = params(organization_id, excluding_upload);
  if (user_id) {
    versions += " AND created_by = ?";
    vp.push_back(*user_id);
    uploads += " AND user_id = ?";
    up.push_back(*user_id);
  }
  return db_.execute(versions, vp).first().integer(0) + db_.execute(uploads, up).first().integer(0);
}

Usage StorageRepository::usage(const std::string& organization_id) {
  Usage u;
  u.used = db_.execute("SELECT COALESCE(SUM(size), 0) FROM vault_versions WHERE organization_id = ?",
                       params(organization_id))
               .first()
               .integer(0);
  u.stored =
      db_.execute("SELECT COALESCE(SUM(size), 0) FROM vault_blobs WHERE organization_id = ?", params(organization_id))
          .first()
          .integer(0);
  u.trash = db_.execute(
                   "SELECT COALESCE(SUM(v.size), 0) FROM vault_versions v JOIN vault_items i ON i.id = v.file_id"
                   " WHERE v.organization_id = ? AND i.trashed_at IS NOT NULL",
                   params(organization_id))
                .first()
                .integer(0);
  u.versions = db_.execute(
                      "SELECT COALESCE(SUM(v.size), 0) FROM vault_versions v JOIN vault_items i ON i.id = v.file_id"
                      " WHERE v.organization_id = ? AND v.id <> i.version_id",
                      params(organization_id))
                   .first()
                   .integer(0);
  u.files = db_.execute(
                   "SELECT COUNT(*) FROM vault_items WHERE organization_id = ? AND kind = 'file'"
                   " AND trashed_at IS NULL",
                   params(organization_id))
                .first()
                .integer(0);
  for (auto& row : db_.execute("SELECT created_by, SUM(size) FROM vault_versions WHERE organization_id = ?"
                               " GROUP BY created_by ORDER BY SUM(size) DESC",
                               params(organization_id))
                       .rows)
    u.by_user.push_back({row.take_text(0), row.integer(1)});
  for (auto& row : db_.execute("SELECT COALESCE(mime_type, ''), COUNT(*), SUM(size) FROM vault_items"
                               " WHERE organization_id = ? AND kind = 'file' AND trashed_at IS NULL GROUP BY mime_type",
                               params(organization_id))
                       .rows)
    u.by_type.push_back({row.take_text(0), row.integer(1), row.integer(2)});
  return u;
}

}  // namespace cw::vault
