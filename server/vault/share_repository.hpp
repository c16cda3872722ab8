#pragma once
/// vault_shares: share links.
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "vault/model.hpp"

namespace cw::vault {

class ShareRepository {
 public:
  explicit ShareRepository(storage::Database& db) : db_(db) {}

  void insert(const Share& share);
  std::optional<Share> find(const std::string& organization_id, const std::string& id);
  std::optional<Share> find_by_token_hash(const std::string& token_hash);
  /// Newest first; `created_by` and `item_id` narrow the list when given.
  std::vector<Share> list(const std::string& organization_id, const std::optional<std::string>& created_by,
                          const std::optional<std::string>& item_id);
  void update(const Share& share);
  bool remove(const std::string& organization_id, const std::string& id);
  /// Counts one completed download.
  void count_download(const std::string& id, Millis now);
  void record_access(const std::string& id, Millis now);

 private:
  storage::Database& db_;
};

}  // namespace cw::vault
