#include "vault/vault_service.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "events/event_bus.hpp"
#include "vault/names.hpp"

namespace cw::vault {

namespace {

/// A children page's position: the kind being listed, the sort value and id of the last row.
struct ChildCursor {
  std::string kind;
  std::string value;
  std::string id;
};

std::string encode_child_cursor(const Item& last, SortField field) {
  std::string value = field == SortField::kName   ? fold_case(last.name)
                      : field == SortField::kSize ? std::to_string(last.size)
                                                  : std::to_string(last.updated_at);
  return nlohmann::json::array({last.kind, value, last.id}).dump();
}

std::optional<ChildCursor> decode_child_cursor(const std::string& raw, SortField field) {
  if (raw.empty()) return std::nullopt;
  auto bad = [] { return field_error("cursor", "is not a cursor of this listing"); };
  auto j = nlohmann::json::parse(raw, nullptr, false);
  if (!j.is_array() || j.size() != 3 || !j[0].is_string() || !j[1].is_string() || !j[2].is_string()) throw bad();
  ChildCursor c{j[0].get<std::string>(), j[1].get<std::string>(), j[2].get<std::string>()};
  if (c.kind != "file" && c.kind != "folder") throw bad();
  if (field != SortField::kName) {
    if (c.value.empty() || c.value.size() > 18 || c.value.find_first_not_of("0123456789") != std::string::npos)
      throw bad();
  }
  return c;
}

ApiError name_taken(const std::string& name, const Item& existing) {
  return ApiError(ErrorCode::kConflict, "\"" + name + "\" already exists in this folder",
                  nlohmann::json{{"existingId", existing.id}, {"existingKind", existing.kind}});
}

}  // namespace

std::string actor_of(const Principal& p) { return p.user_id.empty() ? p.on_behalf_of : p.user_id; }

VaultService::VaultService(storage::Database& db, ItemRepository& items, StorageRepository& storage, BlobStore& blobs,
                           AnalyticsRepository& analytics, events::EventBus& events, const Clock& clock,
                           VaultLimits limits)
    : db_(db),
      items_(items),
      storage_(storage),
      blobs_(blobs),
      analytics_(analytics),
      events_(events),
      clock_(clock),
      limits_(limits) {}

Item VaultService::get(const Principal& caller, const std::string& id) {
  auto item = items_.find(caller.organization_id, id);
  if (!item || item->in_trash()) throw not_found("file or folder");
  return *item;
}

Item VaultService::get_file(const Principal& caller, const std::string& id) {
  auto item = get(caller, id);
  if (!item.is_file()) throw not_found("file");
  return item;
}

void VaultService::require_folder(const std::string& organization_id, const std::string& parent_id) {
  if (parent_id == kRoot) return;
  auto folder = items_.find(organization_id, parent_id);
  if (!folder || folder->in_trash() || !folder->is_folder()) throw not_found("folder");
}

std::vector<PathEntry> VaultService::path_to(const std::string& organization_id, const std::string& folder_id) {
  std::vector<PathEntry> path{{kRoot, "Vault"}};
  if (folder_id == kRoot) return path;
  for (auto& folder : items_.ancestors(organization_id, folder_id)) path.push_back({folder.id, folder.name});
  return path;
}

std::string VaultService::path_string(const std::string& organization_id, const std::string& folder_id) {
  std::string out;
  auto path = path_to(organization_id, folder_id);
  for (size_t i = 1; i < path.size(); ++i) out += "/" + path[i].name;
  return out.empty() ? "/" : out;
}

ChildrenPage VaultService::children(const Principal& caller, const std::string& folder_id, SortField sort,
                                    bool descending, const std::string& search, int limit, const std::string& cursor) {
  require_folder(caller.organization_id, folder_id);
  auto position = decode_child_cursor(cursor, sort);
  ChildrenPage page;
  page.path = path_to(caller.organization_id, folder_id);
  // Folders first, then files, each in the sort order: two index range scans.
  bool files_only = position && position->kind == "file";
  for (const char* kind : {"folder", "file"}) {
    if (files_only && std::string(kind) == "folder") continue;
    int want = limit - static_cast<int>(page.items.size());
    ChildQuery q{.organization_id = caller.organization_id,
                 .parent_id = folder_id,
                 .kind = kind,
                 .field = sort,
                 .descending = descending,
                 .folded_search = search.empty() ? "" : fold_case(search),
                 .limit = want + 1};
    if (position && position->kind == kind) {
      q.after_value = position->value;
      q.after_id = position->id;
    }
    auto rows = items_.children(q);
    bool more = static_cast<int>(rows.size()) > want;
    if (more) rows.resize(static_cast<size_t>(want));
    for (auto& row : rows) page.items.push_back(std::move(row));
    if (more) {
      page.next_cursor = encode_child_cursor(page.items.back(), sort);
      return page;
    }
    if (static_cast<int>(page.items.size()) == limit) {
      // Full exactly at the end of the folders: the files may follow on the next page.
      if (std::string(kind) == "folder") page.next_cursor = encode_child_cursor(page.items.back(), sort);
      return page;
    }
  }
  return page;
}

std::string VaultService::free_name(const std::string& organization_id, const std::string& parent_id,
                                    const std::string& name, bool is_file, OnConflict on_conflict,
                                    const std::string& ignoring_id) {
  auto existing = items_.find_child(organization_id, parent_id, name);
  if (!existing || existing->id == ignoring_id) return name;
  if (on_conflict == OnConflict::kFail) throw name_taken(name, *existing);
  for (int n = 1; n < 10'000; ++n) {
    std::string candidate = numbered_name(name, n, is_file);
    if (!items_.find_child(organization_id, parent_id, candidate)) return candidate;
  }
  throw name_taken(name, *existing);
}

Item VaultService::create_folder(const Principal& caller, const std::string& parent_id, const std::string& raw_name,
                                 OnConflict on_conflict) {
  std::string name = normalize_name(raw_name);
  Item folder;
  db_.transaction([&](storage::Connection&) {
    require_folder(caller.organization_id, parent_id);
    Millis now = clock_.now_ms();
    folder = Item{.id = new_id("vfo"),
                  .organization_id = caller.organization_id,
                  .parent_id = parent_id,
                  .kind = "folder",
                  .name = free_name(caller.organization_id, parent_id, name, false, on_conflict),
                  .created_by = actor_of(caller),
                  .created_at = now,
                  .updated_at = now};
    items_.insert(folder);
  });
  return folder;
}

Item VaultService::update(const Principal& caller, const std::string& id, const std::optional<std::string>& raw_name,
                          const std::optional<std::string>& parent_id, OnConflict on_conflict) {
  std::string new_name = raw_name ? normalize_name(*raw_name) : "";
  Item item;
  db_.transaction([&](storage::Connection&) {
    item = get(caller, id);
    std::string target = parent_id.value_or(item.parent_id);
    require_folder(caller.organization_id, target);
    if (item.is_folder() && target != kRoot) {
      for (auto& ancestor : items_.ancestors(caller.organization_id, target))
        if (ancestor.id == item.id) throw field_error("parentId", "a folder cannot move into itself or its subfolders");
    }
    std::string name = free_name(caller.organization_id, target, raw_name ? new_name : item.name, item.is_file(),
                                 on_conflict, item.id);
    items_.place(caller.organization_id, item.id, target, name, clock_.now_ms());
    item = *items_.find(caller.organization_id, item.id);
  });
  return item;
}

Item VaultService::copy_into(const Item& source, const std::string& parent_id, const std::string& name,
                             const std::string& by) {
  Millis now = clock_.now_ms();
  Item copy = source;
  copy.id = new_id(source.is_file() ? "vfi" : "vfo");
  copy.parent_id = parent_id;
  copy.name = name;
  copy.created_by = by;
  copy.created_at = now;
  copy.updated_at = now;
  if (source.is_file()) {
    // A copy shares the content but is a file of its own, with one version.
    Version v{new_id("vve"), source.organization_id, copy.id, *source.sha256, source.size, by, now};
    copy.version_id = v.id;
    items_.insert(copy);
    items_.insert_version(v);
    storage_.touch_blob(source.organization_id, v.sha256, v.size, now);
  } else {
    items_.insert(copy);
  }
  return copy;
}

Item VaultService::copy(const Principal& caller, const std::string& id, const std::string& parent_id,
                        const std::optional<std::string>& raw_name, OnConflict on_conflict) {
  std::string new_name = raw_name ? normalize_name(*raw_name) : "";
  Item result;
  db_.transaction([&](storage::Connection&) {
    Item source = get(caller, id);
    require_folder(caller.organization_id, parent_id);
    std::vector<Item> below;
    if (source.is_folder()) {
      if (parent_id != kRoot)
        for (auto& ancestor : items_.ancestors(caller.organization_id, parent_id))
          if (ancestor.id == source.id) throw field_error("parentId", "a folder cannot be copied into itself");
      below = items_.descendants(caller.organization_id, source.id);
    }
    int64_t bytes = source.is_file() ? source.size : 0;
    for (auto& item : below) bytes += item.is_file() ? item.size : 0;
    check_quota(caller.organization_id, actor_of(caller), bytes);

    std::string name =
        free_name(caller.organization_id, parent_id, raw_name ? new_name : source.name, source.is_file(), on_conflict);
    std::multimap<std::string, const Item*> by_parent;
    for (auto& item : below) by_parent.emplace(item.parent_id, &item);
    const std::string by = actor_of(caller);
    std::function<void(const Item&, const std::string&, const std::string&)> copy_tree =
        [&](const Item& from, const std::string& into, const std::string& as) {
          Item made = copy_into(from, into, as, by);
          auto [first, last] = by_parent.equal_range(from.id);
          for (auto it = first; it != last; ++it) copy_tree(*it->second, made.id, it->second->name);
        };
    Item top = copy_into(source, parent_id, name, by);
    auto [first, last] = by_parent.equal_range(source.id);
    for (auto it = first; it != last; ++it) copy_tree(*it->second, top.id, it->second->name);
    result = top;
  });
  return result;
}

Item VaultService::trash(const Principal& caller, const std::string& id) {
  Item item;
  db_.transaction([&](storage::Connection&) {
    item = get(caller, id);
    items_.trash(caller.organization_id, item.id, actor_of(caller), path_string(caller.organization_id, item.parent_id),
                 clock_.now_ms());
    events_.publish(caller.organization_id, "vault.item.trashed",
                    {{"itemId", item.id}, {"kind", item.kind}, {"name", item.name}, {"parentId", item.parent_id}});
  });
  return item;
}

TrashPage VaultService::trash_list(const Principal& caller, int limit, const std::string& cursor) {
  std::optional<Millis> after_at;
  std::optional<std::string> after_id;
  if (!cursor.empty()) {
    auto j = nlohmann::json::parse(cursor, nullptr, false);
    if (!j.is_array() || j.size() != 2 || !j[0].is_number_integer() || !j[1].is_string())
      throw field_error("cursor", "is not a cursor of this listing");
    after_at = j[0].get<Millis>();
    after_id = j[1].get<std::string>();
  }
  TrashPage page;
  page.items = items_.trash_roots(caller.organization_id, after_at, after_id, limit + 1);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<size_t>(limit));
    page.next_cursor = nlohmann::json::array({*page.items.back().trashed_at, page.items.back().id}).dump();
  }
  return page;
}

Item VaultService::restore(const Principal& caller, const std::string& trash_id, OnConflict on_conflict) {
  Item item;
  db_.transaction([&](storage::Connection&) {
    auto found = items_.find(caller.organization_id, trash_id);
    if (!found || !found->in_trash() || found->trash_id != found->id) throw not_found("trash entry");
    item = *found;
    // Back where it was, unless that folder is gone or in the trash itself: then the top level.
    std::string parent = item.parent_id;
    if (parent != kRoot) {
      auto folder = items_.find(caller.organization_id, parent);
      if (!folder || folder->in_trash()) parent = kRoot;
    }
    std::string name = free_name(caller.organization_id, parent, item.name, item.is_file(), on_conflict);
    items_.restore(caller.organization_id, item.id, parent, name, clock_.now_ms());
    item = *items_.find(caller.organization_id, item.id);
  });
  return item;
}

void VaultService::purge(const Principal& caller, const std::string& trash_id) {
  db_.transaction([&](storage::Connection&) {
    auto found = items_.find(caller.organization_id, trash_id);
    if (!found || !found->in_trash() || found->trash_id != found->id) throw not_found("trash entry");
    if (!role_at_least(caller.role, Role::kAdmin) && found->trashed_by != actor_of(caller))
      throw ApiError(ErrorCode::kAuthorization, "only an admin, or whoever deleted it, can delete it for good");
    items_.purge(caller.organization_id, trash_id);
  });
}

std::string VaultService::archive_name(const Principal& caller, const std::string& folder_id) {
  require_folder(caller.organization_id, folder_id);
  return folder_id == kRoot ? "Vault" : items_.find(caller.organization_id, folder_id)->name;
}

std::pair<std::string, std::vector<ZipEntry>> VaultService::archive(const Principal& caller,
                                                                    const std::string& folder_id) {
  std::string name = archive_name(caller, folder_id);
  auto below = items_.descendants(caller.organization_id, folder_id);
  std::map<std::string, const Item*> by_id;
  for (auto& item : below) by_id[item.id] = &item;
  std::vector<ZipEntry> entries;
  for (auto& item : below) {
    if (item.infected) continue;
    std::string path = item.name;
    for (auto parent = by_id.find(item.parent_id); parent != by_id.end();
         parent = by_id.find(parent->second->parent_id))
      path = parent->second->name + "/" + path;
    ZipEntry entry{.path = path, .modified_at = item.updated_at};
    if (item.is_folder()) {
      entry.path += "/";
    } else {
      entry.size = static_cast<uint64_t>(item.size);
      entry.open = [this, organization_id = caller.organization_id, sha = item.sha256.value_or(""), size = entry.size] {
        return blobs_.open_content(organization_id, sha, 0, size);
      };
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.path < b.path; });
  return {name, std::move(entries)};
}

std::vector<Version> VaultService::versions(const Principal& caller, const std::string& file_id) {
  auto file = get_file(caller, file_id);
  return items_.versions(caller.organization_id, file.id);
}

size_t VaultService::version_count(const Item& file) { return version_list(file).size(); }

std::vector<Version> VaultService::version_list(const Item& file) {
  return items_.versions(file.organization_id, file.id);
}

Item VaultService::restore_version(const Principal& caller, const std::string& file_id, const std::string& version_id) {
  Item file;
  db_.transaction([&](storage::Connection&) {
    file = get_file(caller, file_id);
    auto old = items_.find_version(caller.organization_id, file.id, version_id);
    if (!old) throw not_found("version");
    if (old->id == file.version_id) return;  // already the current one
    check_quota(caller.organization_id, actor_of(caller), old->size);
    Millis now = clock_.now_ms();
    Version v{new_id("vve"), caller.organization_id, file.id, old->sha256, old->size, actor_of(caller), now};
    items_.insert_version(v);
    storage_.touch_blob(caller.organization_id, v.sha256, v.size, now);
    items_.set_content(caller.organization_id, file.id, v, file.mime_type,
                       content_state(caller.organization_id, v.sha256), now);
    items_.prune_versions(caller.organization_id, file.id, v.id,
                          storage_.settings(caller.organization_id).max_versions);
    file = *items_.find(caller.organization_id, file.id);
  });
  return file;
}

ContentState VaultService::content_state(const std::string& organization_id, const std::string& sha256) {
  // Content already processed (the same bytes uploaded before) takes its result at once; new
  // content waits for the processing job the upload's event starts.
  BlobMedia m = storage_.blob_media(organization_id, sha256);
  if (!m.processed) return ContentState{};
  return ContentState{"done", m.infected, m.has_thumbnail};
}

Item VaultService::add_content(const std::string& organization_id, const std::string& user_id,
                               const std::string& folder_id, const std::string& name, const std::string& sha256,
                               int64_t size, const std::optional<std::string>& mime_type, bool new_file_only,
                               const std::function<void()>& also) {
  Item file;
  db_.transaction([&](storage::Connection&) {
    Millis now = clock_.now_ms();
    storage_.touch_blob(organization_id, sha256, size, now);
    // The folder may have gone to the trash while the bytes were on their way: keep them at the top.
    std::string folder = folder_id;
    try {
      require_folder(organization_id, folder);
    } catch (const ApiError&) { folder = kRoot; }
    auto existing = items_.find_child(organization_id, folder, name);
    Version v{new_id("vve"), organization_id, "", sha256, size, user_id, now};
    if (existing && existing->is_file() && !new_file_only) {
      v.file_id = existing->id;
      items_.insert_version(v);
      items_.set_content(organization_id, existing->id, v, mime_type, content_state(organization_id, sha256), now);
      items_.prune_versions(organization_id, existing->id, v.id, storage_.settings(organization_id).max_versions);
      file = *items_.find(organization_id, existing->id);
    } else {
      // A folder took the name meanwhile: the file gets the next free one rather than being lost.
      std::string free = free_name(organization_id, folder, name, true, OnConflict::kRename);
      const ContentState state = content_state(organization_id, sha256);
      file = Item{.id = new_id("vfi"),
                  .organization_id = organization_id,
                  .parent_id = folder,
                  .kind = "file",
                  .name = free,
                  .size = size,
                  .mime_type = mime_type,
                  .sha256 = sha256,
                  .version_id = v.id,
                  .created_by = user_id,
                  .created_at = now,
                  .updated_at = now,
                  .processing = state.processing,
                  .infected = state.infected,
                  .has_thumbnail = state.has_thumbnail};
      v.file_id = file.id;
      items_.insert(file);
      items_.insert_version(v);
    }
    analytics_.record(organization_id, day_of(now), "upload", 1, size);
    if (also) also();
  });
  return file;
}

void VaultService::announce_uploaded(const Item& file, const std::string& user_id) {
  events_.publish(file.organization_id, "vault.file.uploaded",
                  {{"fileId", file.id},
                   {"name", file.name},
                   {"parentId", file.parent_id},
                   {"size", file.size},
                   {"sha256", file.sha256.value_or("")},
                   {"versionId", file.version_id.value_or("")},
                   {"userId", user_id}});
}

std::optional<int64_t> VaultService::room_left(const std::string& organization_id, const std::string& user_id,
                                               const std::string& excluding_upload) {
  auto s = storage_.settings(organization_id);
  std::optional<int64_t> room;
  if (s.quota_bytes) room = *s.quota_bytes - storage_.charged_bytes(organization_id, std::nullopt, excluding_upload);
  if (s.user_quota_bytes) {
    int64_t user_room = *s.user_quota_bytes - storage_.charged_bytes(organization_id, user_id, excluding_upload);
    room = room ? std::min(*room, user_room) : user_room;
  }
  if (room && *room < 0) room = 0;
  return room;
}

void VaultService::check_quota(const std::string& organization_id, const std::string& user_id, int64_t bytes,
                               const std::string& excluding_upload) {
  if (bytes > limits_.max_upload_bytes)
    throw ApiError(
        ErrorCode::kPayloadTooLarge,
        "larger than the largest file this server accepts (" + std::to_string(limits_.max_upload_bytes) + " bytes)",
        nlohmann::json{{"limit", limits_.max_upload_bytes}, {"reason", "maxUploadBytes"}});
  auto s = storage_.settings(organization_id);
  if (s.quota_bytes) {
    int64_t used = storage_.charged_bytes(organization_id, std::nullopt, excluding_upload);
    if (used + bytes > *s.quota_bytes)
      throw ApiError(ErrorCode::kPayloadTooLarge, "the organization's vault quota would be exceeded",
                     nlohmann::json{{"quota", *s.quota_bytes}, {"used", used}, {"reason", "organizationQuota"}});
  }
  if (s.user_quota_bytes) {
    int64_t used = storage_.charged_bytes(organization_id, user_id, excluding_upload);
    if (used + bytes > *s.user_quota_bytes)
      throw ApiError(ErrorCode::kPayloadTooLarge, "your vault quota would be exceeded",
                     nlohmann::json{{"quota", *s.user_quota_bytes}, {"used", used}, {"reason", "userQuota"}});
  }
}

Settings VaultService::settings(const std::string& organization_id) { return storage_.settings(organization_id); }

Settings VaultService::update_settings(const Principal& caller, const Settings& settings) {
  storage_.save_settings(caller.organization_id, settings, clock_.now_ms());
  return settings;
}

Usage VaultService::usage(const Principal& caller) { return storage_.usage(caller.organization_id); }

std::vector<std::string> VaultService::organizations_with_expired_trash() {
  return items_.organizations_with_expired_trash(clock_.now_ms(), Settings{}.trash_days);
}

std::vector<std::string> VaultService::organizations_with_garbage() {
  return storage_.organizations_with_collectable_blobs(clock_.now_ms() - limits_.blob_grace_ms);
}

int VaultService::purge_expired_trash(const std::string& organization_id) {
  int purged = 0;
  for (;;) {
    auto batch = items_.expired_trash(organization_id, clock_.now_ms(), Settings{}.trash_days, 200);
    for (auto& trash_id : batch) purged += items_.purge(organization_id, trash_id);
    if (batch.size() < 200) return purged;
  }
}

int VaultService::collect_garbage(const std::string& organization_id) {
  int removed = 0;
  Millis cutoff = clock_.now_ms() - limits_.blob_grace_ms;
  for (;;) {
    auto batch = storage_.collectable_blobs(organization_id, cutoff, 500);
    for (auto& sha256 : batch) {
      // The row goes and the content with it, in one transaction: whatever starts to use this
      // content touches the row first, so it either keeps the blob alive or waits for us and
      // then puts the content back (UploadService::complete_append commits the part after).
      db_.transaction([&](storage::Connection&) {
        if (!storage_.delete_blob_if_unreferenced(organization_id, sha256, cutoff)) return;
        blobs_.remove(organization_id, sha256);
        ++removed;
      });
    }
    if (batch.size() < 500) return removed;
  }
}

}  // namespace cw::vault
