#include "vault/upload_repository.hpp"

namespace cw::vault {

using storage::params;

namespace {

constexpr const char* kColumns =
    "id, organization_id, user_id, folder_id, filename, filetype, metadata, length, upload_offset, created_at,"
    " expires_at, share_id";

Upload upload_from(storage::Row& r) {
  Upload u;
  u.id = r.take_text(0);
  u.organization_id = r.take_text(1);
  u.user_id = r.take_text(2);
  u.folder_id = r.take_text(3);
  u.filename = r.take_text(4);
  u.filetype = r.opt_text(5);
  u.metadata = r.take_text(6);
  u.length = r.opt_integer(7);
  u.offset = r.integer(8);
  u.created_at = r.integer(9);
  u.expires_at = r.integer(10);
  u.share_id = r.opt_text(11);
  return u;
}

}  // namespace

void UploadRepository::insert(const Upload& u) {
  db_.execute(
      "INSERT INTO vault_uploads (id, organization_id, user_id, folder_id, filename, filetype, metadata, length,"
      " upload_offset, created_at, expires_at, share_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      params(u.id, u.organization_id, u.user_id, u.folder_id, u.filename, u.filetype, u.metadata, u.length,
             static_cast<long long>(u.offset), static_cast<long long>(u.created_at),
             static_cast<long long>(u.expires_at), u.share_id));
}

std::optional<Upload> UploadRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kColumns + " FROM vault_uploads WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return upload_from(result.rows.front());
}

std::optional<Upload> UploadRepository::find_any(const std::string& id) {
  auto result = db_.execute(std::string("SELECT ") + kColumns + " FROM vault_uploads WHERE id = ?", params(id));
  if (result.rows.empty()) return std::nullopt;
  return upload_from(result.rows.front());
}

void UploadRepository::advance(const std::string& id, int64_t offset, std::optional<int64_t> length,
                               Millis expires_at) {
  db_.execute("UPDATE vault_uploads SET upload_offset = ?, length = COALESCE(length, ?), expires_at = ? WHERE id = ?",
              params(static_cast<long long>(offset), length, static_cast<long long>(expires_at), id));
}

bool UploadRepository::remove(const std::string& id) {
  return db_.execute("DELETE FROM vault_uploads WHERE id = ?", params(id)).affected > 0;
}

bool UploadRepository::claim(const std::string& id, const std::string& writer, Millis now, Millis until) {
  return db_.execute(
                "UPDATE vault_uploads SET writer = ?, writer_until = ?"
                " WHERE id = ? AND (writer IS NULL OR writer_until <= ?)",
                params(writer, static_cast<long long>(until), id, static_cast<long long>(now)))
             .affected == 1;
}

bool UploadRepository::renew(const std::string& id, const std::string& writer, Millis until) {
  return db_.execute("UPDATE vault_uploads SET writer_until = ? WHERE id = ? AND writer = ?",
                     params(static_cast<long long>(until), id, writer))
             .affected == 1;
}

void UploadRepository::unclaim(const std::string& id, const std::string& writer) {
  db_.execute("UPDATE vault_uploads SET writer = NULL, writer_until = NULL WHERE id = ? AND writer = ?",
              params(id, writer));
}

bool UploadRepository::being_written(const std::string& id, Millis now) {
  return !db_.execute("SELECT 1 FROM vault_uploads WHERE id = ? AND writer IS NOT NULL AND writer_until > ?",
                      params(id, static_cast<long long>(now)))
              .rows.empty();
}

std::vector<std::string> UploadRepository::organizations_with_expired(Millis now) {
  std::vector<std::string> out;
  for (auto& row : db_.execute("SELECT DISTINCT organization_id FROM vault_uploads WHERE expires_at <= ?",
                               params(static_cast<long long>(now)))
                       .rows)
    out.push_back(row.take_text(0));
  return out;
}

std::vector<Upload> UploadRepository::expired(const std::string& organization_id, Millis now, int limit) {
  std::vector<Upload> out;
  for (auto& row : db_.execute(std::string("SELECT ") + kColumns +
                                   " FROM vault_uploads WHERE organization_id = ? AND expires_at <= ?"
                                   " ORDER BY expires_at LIMIT ?",
                               params(organization_id, static_cast<long long>(now), limit))
                       .rows)
    out.push_back(upload_from(row));
  return out;
}

}  // namespace cw::vault
