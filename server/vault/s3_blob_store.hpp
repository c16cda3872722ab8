#pragma once
/// The vault's content in an S3-compatible bucket (the scaled setup: every replica sees the same
/// bytes). Keys under the configured prefix:
///   blobs/<organization>/<sha[0..2]>/<sha>   content, written once
///   uploads/<upload id>.json                 an upload in progress: its S3 multipart upload id,
///                                            the ETags of the parts sent, the part size, and
///                                            how many bytes wait in its tail
///   uploads/<upload id>.tail-<n>             those bytes (fewer than a part) after part n
///   uploads/<upload id>                      the finished upload, before it becomes content
///   thumbs/…, avatars/…                      small objects
/// An upload streams into a multipart upload: each full part (8 MiB by default, more when the
/// largest upload would need over 10,000 parts) is sent as soon as it is filled, so memory holds
/// at most one part per upload and nothing is reassembled on disk. The bytes short of a part are
/// kept in the tail object when a PATCH ends, so the next PATCH, on any replica, resumes. The
/// finished upload is copied server-side to its content key (S3 has no rename).
/// Downloads read ranges of 8 MiB at a time.
#include <filesystem>
#include <memory>
#include <string>

#include "providers/aws/s3_objects.hpp"
#include "vault/blob_store.hpp"

namespace cw::vault {

struct S3StoreSettings {
  providers::aws::S3Bucket bucket;
  std::string prefix;                              // e.g. "vault/" ("" = the bucket's root)
  uint64_t part_bytes = uint64_t{8} << 20;         // ≥ 5 MiB (S3's smallest part but the last)
  uint64_t single_copy_bytes = uint64_t{5} << 30;  // S3's limit for one CopyObject
  uint64_t copy_part_bytes = uint64_t{1} << 30;    // parts of a server-side copy above that
  std::filesystem::path scratch;                   // local scratch directory (<data dir>/vault/tmp)
};

class S3BlobStore final : public BlobStore {
 public:
  explicit S3BlobStore(S3StoreSettings settings);

  uint64_t part_size(const std::string& upload_id) override;
  std::unique_ptr<PartAppender> append_part(const std::string& upload_id, uint64_t offset) override;
  void finish_part(const std::string& upload_id) override;
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
  std::optional<std::filesystem::path> local_path(const std::string&, const std::string&) override {
    return std::nullopt;
  }
  std::filesystem::path scratch_path(const std::string& name) override;
  void put_object(const std::string& key, std::string_view bytes) override;
  std::optional<std::string> read_object(const std::string& key) override;
  void remove_object(const std::string& key) override;

  /// An upload's state as kept in its .json object.
  struct Manifest {
    std::string multipart_id;  // empty until the first full part
    uint64_t part_bytes = 0;
    std::vector<std::string> etags;
    uint64_t tail = 0;      // bytes in the tail object
    bool finished = false;  // completed into uploads/<id>
    uint64_t size() const { return etags.size() * part_bytes + tail; }
  };

 private:
  friend class S3Appender;
  std::string blob_key(const std::string& organization_id, const std::string& sha256) const;
  std::string upload_key(const std::string& upload_id) const;
  std::string tail_key(const std::string& upload_id, size_t parts) const;
  std::optional<Manifest> manifest(const std::string& upload_id);
  void save(const std::string& upload_id, const Manifest& m);

  S3StoreSettings settings_;
  /// Requests are signed with the wall clock, whatever clock the rest of the server is given
  /// (tests run on a fake one; the store checks the signing time against its own).
  SystemClock wall_clock_;
  providers::aws::S3Objects objects_;
};

}  // namespace cw::vault
