#pragma once
/// The vault's records, as its repositories read and write them.
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace cw::vault {

inline constexpr const char* kRoot = "root";  // the parent_id of the top level

struct Item {
  std::string id;
  std::string organization_id;
  std::string parent_id;  // a folder id or kRoot
  std::string kind;       // file | folder
  std::string name;
  int64_t size = 0;
  std::optional<std::string> mime_type;
  std::optional<std::string> sha256;
  std::optional<std::string> version_id;
  std::string created_by;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::string processing = "done";  // pending | done | failed
  bool infected = false;
  bool has_thumbnail = false;
  std::optional<std::string> processing_error;  // why processing failed
  std::optional<Millis> trashed_at;
  std::optional<std::string> trashed_by;
  std::optional<std::string> trash_id;
  std::optional<std::string> original_path;

  bool is_file() const { return kind == "file"; }
  bool is_folder() const { return kind == "folder"; }
  bool in_trash() const { return trashed_at.has_value(); }
};

/// A file's processing state, from its content's blob.
struct ContentState {
  std::string processing = "pending";  // pending | done | failed
  bool infected = false;
  bool has_thumbnail = false;
};

/// What processing learnt of a content blob (vault_blobs), shared by every file holding it.
struct BlobMedia {
  bool processed = false;
  std::string media = "{}";  // JSON: width, height, pages, format, exif, refused
  bool has_thumbnail = false;
  bool infected = false;
  std::optional<std::string> threat;
};

struct Version {
  std::string id;
  std::string organization_id;
  std::string file_id;
  std::string sha256;
  int64_t size = 0;
  std::string created_by;
  Millis created_at = 0;
};

struct Upload {
  std::string id;
  std::string organization_id;
  std::string user_id;
  std::string folder_id;
  std::string filename;
  std::optional<std::string> filetype;
  std::string metadata;           // the Upload-Metadata header as sent
  std::optional<int64_t> length;  // nullopt while deferred
  int64_t offset = 0;
  /// Set for a visitor's upload through a file-drop link: it makes a new file (never a version
  /// of one the visitor cannot see), charged to the link's creator.
  std::optional<std::string> share_id;
  Millis created_at = 0;
  Millis expires_at = 0;
};

struct Share {
  std::string id;
  std::string organization_id;
  std::string item_id;
  std::string token_hash;  // SHA-256 of the token, hex
  std::string created_by;
  Millis created_at = 0;
  std::optional<Millis> expires_at;
  std::optional<std::string> password_hash;  // argon2id
  std::optional<int64_t> max_downloads;
  int64_t downloads = 0;
  bool upload_only = false;
  std::optional<Millis> last_access_at;
};

struct Settings {
  std::optional<int64_t> quota_bytes;
  std::optional<int64_t> user_quota_bytes;
  int max_versions = 10;
  int trash_days = 30;
};

}  // namespace cw::vault
