#pragma once
/// vault_blobs, vault_settings and the sums quotas and the usage page are made of.
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "vault/model.hpp"

namespace cw::vault {

struct UserUsage {
  std::string user_id;
  int64_t bytes = 0;
};
struct TypeUsage {
  std::string mime_type;  // as stored; the service groups them
  int64_t files = 0;
  int64_t bytes = 0;
};
struct Usage {
  int64_t used = 0;      // every version, trash included
  int64_t stored = 0;    // distinct blobs
  int64_t trash = 0;     // versions of trashed files
  int64_t versions = 0;  // versions that are not current
  int64_t files = 0;     // live files
  std::vector<UserUsage> by_user;
  std::vector<TypeUsage> by_type;
};

class StorageRepository {
 public:
  explicit StorageRepository(storage::Database& db) : db_(db) {}

  /// Records that content is in use as of `now` (inserting it when new). Every new reference to
  /// a blob calls this in the transaction that adds the reference.
  void touch_blob(const std::string& organization_id, const std::string& sha256, int64_t size, Millis now);
  /// Blobs no version refers to, untouched since `cutoff`: which organizations have some, and
  /// an organization's.
  std::vector<std::string> organizations_with_collectable_blobs(Millis cutoff);
  std::vector<std::string> collectable_blobs(const std::string& organization_id, Millis cutoff, int limit);
  /// Deletes the blob's row if it is still unreferenced and untouched since `cutoff`.
  bool delete_blob_if_unreferenced(const std::string& organization_id, const std::string& sha256, Millis cutoff);
  bool blob_known(const std::string& organization_id, const std::string& sha256);
  /// What processing learnt of the content (processed = false when nothing yet, or no such blob).
  BlobMedia blob_media(const std::string& organization_id, const std::string& sha256);
  void save_blob_media(const std::string& organization_id, const std::string& sha256, const BlobMedia& media,
                       Millis now);
  /// Forgets the content's processing result (it is processed again).
  void reset_blob_media(const std::string& organization_id, const std::string& sha256);

  Settings settings(const std::string& organization_id);
  void save_settings(const std::string& organization_id, const Settings& settings, Millis now);

  /// Bytes the quota counts for the organization, or for one user when `user_id` is given:
  /// stored versions plus what uploads in progress reserve (except `excluding_upload`).
  int64_t charged_bytes(const std::string& organization_id, const std::optional<std::string>& user_id,
                        const std::string& excluding_upload = "");
  Usage usage(const std::string& organization_id);

 private:
  storage::Database& db_;
};

}  // namespace cw::vault
