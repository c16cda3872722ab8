#pragma once
/// Resumable uploads (tus 1.0: core, creation, creation-with-upload, creation-defer-length,
/// expiration, checksum with sha256, termination). An upload's bytes go to a part in the blob
/// store as they arrive, in bounded memory, while a SHA-256 of the whole file is kept up to date;
/// when the last byte is in, the part becomes content and the vault gets the file.
///
/// Limits are enforced while the bytes stream, not only when the upload is created: a declared
/// length, or for a deferred length the largest upload and what the quotas leave, bounds every
/// PATCH. Going past it ends the upload and deletes what it stored (tusd#1032).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "http/body_sink.hpp"
#include "vault/blob_store.hpp"
#include "vault/model.hpp"
#include "vault/upload_repository.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

struct UploadSettings {
  Millis expiry_ms = 24 * 3600'000;  // after the last byte arrived
};

/// What a tus creation request asks for, read from its headers by the route.
struct UploadRequest {
  std::optional<int64_t> length;  // Upload-Length
  bool defer_length = false;      // Upload-Defer-Length: 1
  std::string metadata;           // Upload-Metadata, raw
};

/// What a PATCH (or a creation with a body) says about its body.
struct AppendRequest {
  int64_t offset = 0;                   // Upload-Offset
  std::optional<int64_t> length;        // Upload-Length, declaring a deferred length
  std::optional<std::string> checksum;  // Upload-Checksum, raw ("sha256 <base64>")
};

class UploadService;

/// The sink a PATCH body streams into (http/body_sink.hpp).
class TusSink final : public http::BodySink {
 public:
  TusSink(UploadService& service, Upload upload, std::string writer, int64_t limit, std::unique_ptr<PartAppender> part,
          std::optional<crypto::Sha256Stream> file_hash, std::optional<std::string> expected_chunk_sha256);
  ~TusSink() override;
  TusSink(const TusSink&) = delete;
  TusSink& operator=(const TusSink&) = delete;

  void write(std::string_view chunk) override;
  void finish() override;
  void abort() noexcept override;

  const Upload& upload() const { return upload_; }
  int64_t received() const { return received_; }

 private:
  friend class UploadService;
  UploadService& service_;
  Upload upload_;
  std::string writer_;  // this request's hold on the upload (UploadRepository::claim)
  Millis held_since_ = 0;
  int64_t limit_;  // bytes this request may add
  std::unique_ptr<PartAppender> part_;
  /// The hash of the whole upload so far; nullopt when the earlier bytes went through another
  /// process (a restart, another replica): then it is computed from the stored bytes at the end.
  std::optional<crypto::Sha256Stream> file_hash_;
  std::optional<crypto::Sha256Stream> chunk_hash_;
  std::optional<std::string> expected_chunk_sha256_;  // raw 32 bytes
  int64_t received_ = 0;
  bool over_limit_ = false;
  bool finished_ = false;
};

class UploadService {
 public:
  UploadService(UploadRepository& uploads, VaultService& vault, BlobStore& blobs, const Clock& clock,
                UploadSettings settings = {});

  /// A new upload, checked (name, folder, size against the limits and quotas) before any byte.
  /// With `drop` (a file-drop link; `caller` then stands for the link's creator) it goes into
  /// the link's folder and always makes a new file.
  Upload create(const Principal& caller, const UploadRequest& request, const Share* drop = nullptr);
  /// The caller's upload (or one made through `drop`); NOT_FOUND when unknown or someone
  /// else's, GONE when expired.
  Upload get(const Principal& caller, const std::string& id, const Share* drop = nullptr);
  /// Checks the PATCH against the upload (offset, length, checksum header) and opens its sink.
  std::unique_ptr<TusSink> open_append(const Principal& caller, const std::string& id, const AppendRequest& request,
                                       const Share* drop = nullptr);
  /// After a sink finished: the new offset is recorded; when the upload is whole, the file is
  /// made (returned) and the upload is gone.
  std::optional<Item> complete_append(TusSink& sink);
  void terminate(const Principal& caller, const std::string& id, const Share* drop = nullptr);

  /// Scheduled: an organization's uploads past their expiry, and parts no upload owns (left by
  /// a crash). Each returns how many went.
  std::vector<std::string> organizations_with_expired();
  int remove_expired(const std::string& organization_id);
  int remove_orphan_parts();

  const UploadSettings& settings() const { return settings_; }

  /// One PATCH at a time per upload, in the cluster: a hold in the database (two minutes,
  /// renewed every 30 s while bytes flow), so a crashed writer's hold runs out by itself.
  static constexpr Millis kHoldMs = 120'000;
  static constexpr Millis kRenewAfterMs = 30'000;

 private:
  friend class TusSink;
  /// The hash of the bytes so far stays in memory between PATCHes.
  void release(const std::string& id, const std::string& writer) noexcept;
  void keep_hold(TusSink& sink);
  std::optional<crypto::Sha256Stream> hash_at(const Upload& upload);
  void remember_hash(const std::string& id, int64_t offset, const crypto::Sha256Stream& hash);
  void record_partial(TusSink& sink) noexcept;
  void discard_upload(const std::string& id) noexcept;
  std::string filename_of(const std::map<std::string, std::string>& metadata);

  UploadRepository& uploads_;
  VaultService& vault_;
  BlobStore& blobs_;
  const Clock& clock_;
  UploadSettings settings_;

  std::mutex mutex_;
  std::set<std::string> busy_;
  struct HashAt {
    int64_t offset = 0;
    crypto::Sha256Stream hash;
  };
  std::map<std::string, HashAt> hashes_;
};

/// "key base64,flag,key2 base64" → {key: decoded, flag: "", …}; VALIDATION_ERROR when malformed.
std::map<std::string, std::string> parse_upload_metadata(const std::string& header);
/// "sha256 <base64>" → the raw digest; VALIDATION_ERROR for another algorithm or bad base64.
std::string parse_upload_checksum(const std::string& header);

}  // namespace cw::vault
