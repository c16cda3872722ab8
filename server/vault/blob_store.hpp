#pragma once
/// Where vault content lives. Content is addressed by (organization, SHA-256) and written once;
/// an upload in progress is a "part", addressed by its upload id, that grows until it is
/// committed as content. Beside the content it keeps small objects read whole (thumbnails,
/// profile pictures). Implementations: LocalBlobStore (files under the data directory, the
/// default) and S3BlobStore (an S3-compatible bucket, s3_blob_store.hpp). Every call may block on
/// disk or network: callers are on the worker pool.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/body_source.hpp"

namespace cw::vault {

/// Appends to one part, from a known offset. Closing without sync() may lose the last bytes on a
/// power cut, which only means the client resends them (the offset comes from the part's size).
class PartAppender {
 public:
  virtual ~PartAppender() = default;
  virtual void write(std::string_view bytes) = 0;
  /// The bytes written so far are durable.
  virtual void sync() = 0;
  /// Drops what this appender wrote (a chunk that failed its checksum).
  virtual void discard() noexcept = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  /// The part's current size; 0 when there is none.
  virtual uint64_t part_size(const std::string& upload_id) = 0;
  /// Opens the part for appending at `offset` (its current size; a larger part is cut back to it).
  virtual std::unique_ptr<PartAppender> append_part(const std::string& upload_id, uint64_t offset) = 0;
  /// Makes the whole part readable (S3: completes the multipart upload). Called once all its
  /// bytes were appended and synced, before read_part and commit_part.
  virtual void finish_part(const std::string& upload_id) { (void)upload_id; }
  /// Reads the part's first `length` bytes in order (its hash when the upload's PATCHes went to
  /// several processes, the type sniffed from its head). Only after finish_part.
  virtual void read_part(const std::string& upload_id, uint64_t length,
                         const std::function<void(std::string_view)>& chunk) = 0;
  virtual void delete_part(const std::string& upload_id) = 0;
  /// Every part held, for the cleanup of uploads that no longer exist.
  virtual std::vector<std::string> part_ids() = 0;
  /// The finished part becomes the content (organization, sha256); when that content exists
  /// already the part is simply dropped (same bytes).
  virtual void commit_part(const std::string& upload_id, const std::string& organization_id,
                           const std::string& sha256) = 0;

  virtual bool exists(const std::string& organization_id, const std::string& sha256) = 0;
  /// The content's size; nullopt when it is missing.
  virtual std::optional<uint64_t> content_size(const std::string& organization_id, const std::string& sha256) = 0;
  /// Removes the content and its thumbnail.
  virtual void remove(const std::string& organization_id, const std::string& sha256) = 0;
  /// Bytes [offset, offset + length) of the content, read as the body is sent; nullptr when the
  /// content is missing.
  virtual std::shared_ptr<http::BodySource> open_content(const std::string& organization_id, const std::string& sha256,
                                                         uint64_t offset, uint64_t length) = 0;
  /// A file holding the content, for workers that need a path; nullopt when the store is not
  /// local (the caller copies the content to a scratch file) or the content is missing.
  virtual std::optional<std::filesystem::path> local_path(const std::string& organization_id,
                                                          const std::string& sha256) = 0;

  /// A fresh path on the local file system for a worker to write into (a thumbnail being made,
  /// a copy of remote content); the caller removes it.
  virtual std::filesystem::path scratch_path(const std::string& name) = 0;

  /// Small objects read whole, by key ("thumbs/…", "avatars/…": segments of letters, digits,
  /// '_', '-' and '.', never "..").
  virtual void put_object(const std::string& key, std::string_view bytes) = 0;
  virtual std::optional<std::string> read_object(const std::string& key) = 0;
  virtual void remove_object(const std::string& key) = 0;
};

/// The key of the content's thumbnail (a WebP made by processing).
std::string thumbnail_key(const std::string& organization_id, const std::string& sha256);
/// Throws std::invalid_argument unless `key` is a valid small-object key (see put_object).
void check_object_key(const std::string& key);
/// Throws std::invalid_argument unless `value` (an id, a hash) is letters, digits, '_' and '-'.
void check_name(const std::string& value);

/// Content under `<root>/blobs/<organization>/<sha[0..2]>/<sha>`, parts under `<root>/parts/`,
/// small objects under `<root>/<key>` (thumbnails at `thumbs/<organization>/<sha[0..2]>/<sha>.webp`),
/// scratch files under `<root>/tmp/`.
/// A committed part is renamed into place (same file system: no copy, atomic).
class LocalBlobStore final : public BlobStore {
 public:
  explicit LocalBlobStore(std::filesystem::path root, bool sync_writes = true);

  uint64_t part_size(const std::string& upload_id) override;
  std::unique_ptr<PartAppender> append_part(const std::string& upload_id, uint64_t offset) override;
  void read_part(const std::string& upload_id, uint64_t length,
                 const std::function<void(std::string_view)>& chunk) override;
  void delete_part(const std::string& upload_id) override;
  std::vector<std::string> part_ids() override;
  void commit_part(const std::string& upload_id, const std::string& organization_id,
                   const std::string& sha256) override;
  bool exists(const std::string& organization_id, const std::string& sha256) override;
  std::optional<uint64_t> content_size(const std::string& organization_id, const std::string& sha256) override;
  void remove(const std::string& organization_id, const std::string& sha256) override;
  std::shared_ptr<http::BodySource> open_content(const std::string& organization_id, const std::string& sha256,
                                                 uint64_t offset, uint64_t length) override;
  std::optional<std::filesystem::path> local_path(const std::string& organization_id,
                                                  const std::string& sha256) override;
  std::filesystem::path scratch_path(const std::string& name) override;
  void put_object(const std::string& key, std::string_view bytes) override;
  std::optional<std::string> read_object(const std::string& key) override;
  void remove_object(const std::string& key) override;

 private:
  std::filesystem::path part_path(const std::string& upload_id) const;
  std::filesystem::path blob_path(const std::string& organization_id, const std::string& sha256) const;

  std::filesystem::path root_;
  bool sync_writes_;
};

}  // namespace cw::vault
