#pragma once
/// The vault's folders and files: the tree, renames and moves, copies, the trash, versions,
/// quotas and the organization's limits. Role checks that depend on the item (who may purge)
/// live here; the route's least role is checked by the pipeline. Everything here runs on the
/// worker pool (blocking routes and jobs).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "vault/analytics_repository.hpp"
#include "vault/blob_store.hpp"
#include "vault/item_repository.hpp"
#include "vault/model.hpp"
#include "vault/storage_repository.hpp"
#include "vault/zip_source.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::vault {

struct VaultLimits {
  int64_t max_upload_bytes = int64_t{10} << 30;  // CLOUDWEAVE_VAULT_MAX_UPLOAD_BYTES
  Millis blob_grace_ms = 60 * 60'000;            // unreferenced content kept this long
};

struct PathEntry {
  std::string id;  // a folder id or kRoot
  std::string name;
};

struct ChildrenPage {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;  // raw (the route encodes it)
  std::vector<PathEntry> path;             // root → folder
};

struct TrashPage {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;
};

enum class OnConflict { kFail, kRename };

/// Who acts, for `created_by` and per-user quotas: the user, or the member an API key acts for.
std::string actor_of(const Principal& principal);

class VaultService {
 public:
  VaultService(storage::Database& db, ItemRepository& items, StorageRepository& storage, BlobStore& blobs,
               AnalyticsRepository& analytics, events::EventBus& events, const Clock& clock, VaultLimits limits);

  /// A live item of the caller's organization, or NOT_FOUND.
  Item get(const Principal& caller, const std::string& id);
  /// A live file (NOT_FOUND for folders).
  Item get_file(const Principal& caller, const std::string& id);
  std::vector<PathEntry> path_to(const std::string& organization_id, const std::string& folder_id);
  /// `cursor` is what a previous page returned; `sort` is name|size|updatedAt.
  ChildrenPage children(const Principal& caller, const std::string& folder_id, SortField sort, bool descending,
                        const std::string& search, int limit, const std::string& cursor);

  Item create_folder(const Principal& caller, const std::string& parent_id, const std::string& name,
                     OnConflict on_conflict);
  Item update(const Principal& caller, const std::string& id, const std::optional<std::string>& name,
              const std::optional<std::string>& parent_id, OnConflict on_conflict);
  Item copy(const Principal& caller, const std::string& id, const std::string& parent_id,
            const std::optional<std::string>& name, OnConflict on_conflict);

  /// To the trash with everything below it; returns the item as it was.
  Item trash(const Principal& caller, const std::string& id);
  TrashPage trash_list(const Principal& caller, int limit, const std::string& cursor);
  Item restore(const Principal& caller, const std::string& trash_id, OnConflict on_conflict);
  /// For good: admins, or the member who deleted it.
  void purge(const Principal& caller, const std::string& trash_id);

  /// A folder (or the whole vault, for kRoot) as zip entries: its name and what it holds, with
  /// paths below it. Quarantined files are left out.
  std::pair<std::string, std::vector<ZipEntry>> archive(const Principal& caller, const std::string& folder_id);
  /// The zip's name ("Vault" for kRoot); NOT_FOUND unless the caller's organization has the folder.
  std::string archive_name(const Principal& caller, const std::string& folder_id);

  std::vector<Version> versions(const Principal& caller, const std::string& file_id);
  /// How many versions a file already read (for the caller) has, and which.
  size_t version_count(const Item& file);
  std::vector<Version> version_list(const Item& file);
  Item restore_version(const Principal& caller, const std::string& file_id, const std::string& version_id);

  /// A finished upload becomes a file in `folder_id` — or a new version of the file of that name
  /// there, unless `new_file_only` (a file drop: then `name (1)`). This records it, in one
  /// transaction that also runs `also` (the upload's end); the caller then puts the content in
  /// the blob store and calls announce_uploaded.
  Item add_content(const std::string& organization_id, const std::string& user_id, const std::string& folder_id,
                   const std::string& name, const std::string& sha256, int64_t size,
                   const std::optional<std::string>& mime_type, bool new_file_only = false,
                   const std::function<void()>& also = {});

  /// Publishes `vault.file.uploaded` (processing starts on it): only once the content is in the
  /// blob store, so the processing job always finds it (an S3 copy can take seconds).
  void announce_uploaded(const Item& file, const std::string& user_id);

  /// Throws PAYLOAD_TOO_LARGE when `bytes` more would exceed the organization's or the user's
  /// quota (or the largest upload). `excluding_upload`: the upload asking, whose own
  /// reservation is part of `bytes`.
  void check_quota(const std::string& organization_id, const std::string& user_id, int64_t bytes,
                   const std::string& excluding_upload = "");
  /// How many more bytes the caller may store (nullopt: no quota applies).
  std::optional<int64_t> room_left(const std::string& organization_id, const std::string& user_id,
                                   const std::string& excluding_upload);

  Settings settings(const std::string& organization_id);
  Settings update_settings(const Principal& caller, const Settings& settings);
  Usage usage(const Principal& caller);
  const VaultLimits& limits() const { return limits_; }

  /// Scheduled, per organization (vault/maintenance.hpp): trash past its period, then content
  /// nothing refers to. Each returns how much went.
  int purge_expired_trash(const std::string& organization_id);
  int collect_garbage(const std::string& organization_id);
  std::vector<std::string> organizations_with_expired_trash();
  std::vector<std::string> organizations_with_garbage();

 private:
  /// A file's processing state for new content: the blob's result when it was processed before.
  ContentState content_state(const std::string& organization_id, const std::string& sha256);
  /// The folder `parent_id` names (kRoot or a live folder of the organization), or NOT_FOUND.
  void require_folder(const std::string& organization_id, const std::string& parent_id);
  /// The name to use in the folder: `name` when free, else 409 or the first free `name (n)`.
  std::string free_name(const std::string& organization_id, const std::string& parent_id, const std::string& name,
                        bool is_file, OnConflict on_conflict, const std::string& ignoring_id = "");
  std::string path_string(const std::string& organization_id, const std::string& folder_id);
  Item copy_into(const Item& source, const std::string& parent_id, const std::string& name, const std::string& by);

  storage::Database& db_;
  ItemRepository& items_;
  StorageRepository& storage_;
  BlobStore& blobs_;
  AnalyticsRepository& analytics_;
  events::EventBus& events_;
  const Clock& clock_;
  VaultLimits limits_;
};

}  // namespace cw::vault
