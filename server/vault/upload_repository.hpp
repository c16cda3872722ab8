#pragma once
/// vault_uploads: tus uploads in progress.
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "vault/model.hpp"

namespace cw::vault {

class UploadRepository {
 public:
  explicit UploadRepository(storage::Database& db) : db_(db) {}

  void insert(const Upload& upload);
  std::optional<Upload> find(const std::string& organization_id, const std::string& id);
  std::optional<Upload> find_any(const std::string& id);
  /// After bytes arrived: the new offset, the length once a deferred one is declared, the expiry.
  void advance(const std::string& id, int64_t offset, std::optional<int64_t> length, Millis expires_at);
  bool remove(const std::string& id);
  /// Takes the upload for `writer` until `until`, unless another writer's hold runs past `now`.
  bool claim(const std::string& id, const std::string& writer, Millis now, Millis until);
  /// Extends the hold `writer` has; false when it lost it (it ran out and another took it).
  bool renew(const std::string& id, const std::string& writer, Millis until);
  void unclaim(const std::string& id, const std::string& writer);
  bool being_written(const std::string& id, Millis now);
  std::vector<std::string> organizations_with_expired(Millis now);
  std::vector<Upload> expired(const std::string& organization_id, Millis now, int limit);

 private:
  storage::Database& db_;
};

}  // namespace cw::vault
