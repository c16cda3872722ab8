#pragma once
/// Where vault content lives. Content is addressed by (organization, SHA-256) and written once;
/// an upload in progress is a "part", addressed by its upload id, that grows until it is
/// committed as content. Implementations: LocalBlobStore (files under the data directory, the
/// default). Every call may block on disk or network: callers are on the worker pool.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  /// Reads the part's first `length` bytes in order (rebuilding a hash after a restart).
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
  virtual void remove(const std::string& organization_id, const std::string& sha256) = 0;
  /// A file holding the content, for downloads served straight from disk; nullopt when the
  /// store is not local or the content is missing.
  virtual std::optional<std::filesystem::path> local_path(const std::string& organization_id,
                                                          const std::string& sha256) = 0;

  /// A fresh path on the store's file system for a worker to write into (a thumbnail being
  /// made); the caller removes it or hands it to put_thumbnail.
  virtual std::filesystem::path scratch_path(const std::string& name) = 0;
  /// Moves `file` into place as the content's thumbnail (kept until the content is removed).
  virtual void put_thumbnail(const std::string& organization_id, const std::string& sha256,
                             const std::filesystem::path& file) = 0;
  virtual std::optional<std::filesystem::path> thumbnail_path(const std::string& organization_id,
                                                              const std::string& sha256) = 0;
};

/// Content under `<root>/blobs/<organization>/<sha[0..2]>/<sha>`, parts under `<root>/parts/`,
/// thumbnails under `<root>/thumbs/<organization>/<sha[0..2]>/<sha>.webp`, scratch files under
/// `<root>/tmp/`.
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
  void remove(const std::string& organization_id, const std::string& sha256) override;
  std::optional<std::filesystem::path> local_path(const std::string& organization_id,
                                                  const std::string& sha256) override;
  std::filesystem::path scratch_path(const std::string& name) override;
  void put_thumbnail(const std::string& organization_id, const std::string& sha256,
                     const std::filesystem::path& file) override;
  std::optional<std::filesystem::path> thumbnail_path(const std::string& organization_id,
                                                      const std::string& sha256) override;

 private:
  std::filesystem::path thumb_path(const std::string& organization_id, const std::string& sha256) const;
  std::filesystem::path part_path(const std::string& upload_id) const;
  std::filesystem::path blob_path(const std::string& organization_id, const std::string& sha256) const;

  std::filesystem::path root_;
  bool sync_writes_;
};

}  // namespace cw::vault
