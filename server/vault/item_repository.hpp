#pragma once
/// vault_items and vault_versions: the folder tree, the trash, and every file's versions.
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "vault/model.hpp"

namespace cw::vault {

enum class SortField { kName, kSize, kUpdatedAt };

/// One page of one kind of a folder's children, after a keyset position.
struct ChildQuery {
  std::string organization_id;
  std::string parent_id;
  std::string kind;  // file | folder
  SortField field = SortField::kName;
  bool descending = false;
  std::optional<std::string> after_value;  // the sort column's value at the previous page's end
  std::optional<std::string> after_id;
  std::string folded_search;  // case-folded; empty: no filter
  int limit = 50;
};

class ItemRepository {
 public:
  explicit ItemRepository(storage::Database& db) : db_(db) {}

  void insert(const Item& item);
  std::optional<Item> find(const std::string& organization_id, const std::string& id);
  /// The live (not trashed) item of that exact name in a folder.
  std::optional<Item> find_child(const std::string& organization_id, const std::string& parent_id,
                                 const std::string& name);
  std::vector<Item> children(const ChildQuery& query);
  /// Every live item below a folder, depth first is not promised (copy and zip read it whole).
  std::vector<Item> descendants(const std::string& organization_id, const std::string& folder_id);
  /// The folders from the top level down to `folder_id` (included).
  std::vector<Item> ancestors(const std::string& organization_id, const std::string& folder_id);

  /// Renames and/or moves; false when the item is gone. A name taken is a unique violation.
  bool place(const std::string& organization_id, const std::string& id, const std::string& parent_id,
             const std::string& name, Millis now);
  /// The file's content changed: its current version, size, type and processing state.
  void set_content(const std::string& organization_id, const std::string& id, const Version& version,
                   const std::optional<std::string>& mime_type, const ContentState& state, Millis now);
  /// Processing of the content `sha256` ended: every file of the organization holding it as its
  /// current content takes the result. Returns how many.
  int apply_processing(const std::string& organization_id, const std::string& sha256, const ContentState& state,
                       const std::optional<std::string>& error, Millis now);
  /// Files still pending since before `pending_since` are marked failed (their job was lost or
  /// keeps failing): never stuck in "processing". Returns how many.
  int fail_stuck(Millis pending_since, const std::string& error);

  /// Moves an item and everything live below it to the trash under one trash id (the item's).
  /// Returns how many items went.
  int trash(const std::string& organization_id, const std::string& id, const std::string& by,
            const std::string& original_path, Millis now);
  /// The items the user deleted (one per trash id), most recent first, after a keyset position.
  std::vector<Item> trash_roots(const std::string& organization_id, std::optional<Millis> after_at,
                                std::optional<std::string> after_id, int limit);
  /// Brings a trash entry back into `parent_id` under `name` (either may differ from before).
  /// A name taken there meanwhile is a unique violation.
  void restore(const std::string& organization_id, const std::string& trash_id, const std::string& parent_id,
               const std::string& name, Millis now);
  /// Deletes a trash entry for good (its versions and share links go with it).
  int purge(const std::string& organization_id, const std::string& trash_id);
  /// Organizations with trash entries past their trash period, and an organization's entries.
  std::vector<std::string> organizations_with_expired_trash(Millis now, int default_days);
  std::vector<std::string> expired_trash(const std::string& organization_id, Millis now, int default_days, int limit);

  void insert_version(const Version& version);
  std::vector<Version> versions(const std::string& organization_id, const std::string& file_id);
  std::optional<Version> find_version(const std::string& organization_id, const std::string& file_id,
                                      const std::string& version_id);
  /// Deletes a file's oldest versions beyond `keep` (never the current one).
  int prune_versions(const std::string& organization_id, const std::string& file_id,
                     const std::string& current_version_id, int keep);

 private:
  storage::Database& db_;
};

}  // namespace cw::vault
