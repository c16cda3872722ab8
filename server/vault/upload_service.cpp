#include "vault/upload_service.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "vault/media_type.hpp"
#include "vault/names.hpp"

namespace cw::vault {

namespace {

bool valid_media_type(const std::string& type) {
  auto slash = type.find('/');
  if (type.size() > 255 || slash == std::string::npos || slash == 0 || slash + 1 == type.size()) return false;
  for (char c : type)
    if (c <= ' ' || c >= 0x7F || c == '"' || c == '\\') return false;
  return true;
}

}  // namespace

std::map<std::string, std::string> parse_upload_metadata(const std::string& header) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start <= header.size() && !header.empty()) {
    size_t comma = header.find(',', start);
    std::string pair = header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t a = pair.find_first_not_of(' ');
    size_t b = pair.find_last_not_of(' ');
    pair = a == std::string::npos ? "" : pair.substr(a, b - a + 1);
    if (pair.empty()) throw field_error("Upload-Metadata", "has an empty pair");
    size_t space = pair.find(' ');
    std::string key = pair.substr(0, space);
    std::string value;
    if (space != std::string::npos && !crypto::base64_decode(pair.substr(space + 1), value))
      throw field_error("Upload-Metadata", "the value of " + key + " is not base64");
    if (key.empty() || out.count(key)) throw field_error("Upload-Metadata", "keys must be unique and not empty");
    out[key] = value;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string parse_upload_checksum(const std::string& header) {
  auto space = header.find(' ');
  std::string algorithm = header.substr(0, space);
  if (algorithm != "sha256")
    throw field_error("Upload-Checksum", "the algorithm must be sha256 (Tus-Checksum-Algorithm)");
  std::string digest;
  if (space == std::string::npos || !crypto::base64_decode(header.substr(space + 1), digest) || digest.size() != 32)
    throw field_error("Upload-Checksum", "must be \"sha256 <base64 of 32 bytes>\"");
  return digest;
}

// --- the sink ------------------------------------------------------------------------------------

TusSink::TusSink(UploadService& service, Upload upload, std::string writer, int64_t limit,
                 std::unique_ptr<PartAppender> part, std::optional<crypto::Sha256Stream> file_hash,
                 std::optional<std::string> expected_chunk_sha256)
    : service_(service),
      upload_(std::move(upload)),
      writer_(std::move(writer)),
      held_since_(service.clock_.now_ms()),
      limit_(limit),
      part_(std::move(part)),
      file_hash_(std::move(file_hash)),
      expected_chunk_sha256_(std::move(expected_chunk_sha256)) {
  if (expected_chunk_sha256_) chunk_hash_.emplace();
}

TusSink::~TusSink() { service_.release(upload_.id, writer_); }

void TusSink::write(std::string_view chunk) {
  if (received_ + static_cast<int64_t>(chunk.size()) > limit_) {
    over_limit_ = true;
    throw ApiError(ErrorCode::kPayloadTooLarge,
                   upload_.length ? "more bytes than the upload's length"
                                  : "the upload would exceed a quota or the largest upload",
                   nlohmann::json{{"limit", upload_.offset + limit_}});
  }
  service_.keep_hold(*this);
  part_->write(chunk);
  if (file_hash_) file_hash_->update(chunk);
  if (chunk_hash_) chunk_hash_->update(chunk);
  received_ += static_cast<int64_t>(chunk.size());
}

void TusSink::finish() {
  if (expected_chunk_sha256_ && chunk_hash_->digest() != *expected_chunk_sha256_) {
    part_->discard();
    received_ = 0;
    throw ApiError(ErrorCode::kChecksumMismatch, "the body does not match Upload-Checksum; it was dropped");
  }
  part_->sync();
  finished_ = true;
}

void TusSink::abort() noexcept {
  if (over_limit_) {
    service_.discard_upload(upload_.id);  // nothing is left behind
  } else if (expected_chunk_sha256_) {
    part_->discard();  // a checksum covers the whole body: a part of it cannot be trusted
  } else if (received_ > 0) {
    service_.record_partial(*this);  // kept: the client resumes from here
  }
}

// --- the service ---------------------------------------------------------------------------------

UploadService::UploadService(UploadRepository& uploads, VaultService& vault, BlobStore& blobs, const Clock& clock,
                             UploadSettings settings)
    : uploads_(uploads), vault_(vault), blobs_(blobs), clock_(clock), settings_(settings) {}

std::string UploadService::filename_of(const std::map<std::string, std::string>& metadata) {
  auto it = metadata.find("filename");
  if (it == metadata.end()) it = metadata.find("name");  // Uppy's default key
  if (it == metadata.end()) throw field_error("Upload-Metadata", "filename is required");
  return normalize_name(it->second, "filename");
}

Upload UploadService::create(const Principal& caller, const UploadRequest& request, const Share* drop) {
  if (request.length && request.defer_length)
    throw field_error("Upload-Length", "give Upload-Length or Upload-Defer-Length, not both");
  if (!request.length && !request.defer_length)
    throw field_error("Upload-Length", "is required (or Upload-Defer-Length: 1)");
  if (request.length && *request.length < 0) throw field_error("Upload-Length", "must be 0 or more");
  auto metadata = parse_upload_metadata(request.metadata);
  Upload u;
  u.filename = filename_of(metadata);
  u.folder_id = metadata.count("folderId") && !metadata["folderId"].empty() ? metadata["folderId"] : kRoot;
  if (metadata.count("filetype") && !metadata["filetype"].empty()) {
    if (!valid_media_type(metadata["filetype"])) throw field_error("Upload-Metadata", "filetype is not a media type");
    u.filetype = metadata["filetype"];
  } else if (metadata.count("type") && valid_media_type(metadata["type"])) {
    u.filetype = metadata["type"];
  }
  u.organization_id = caller.organization_id;
  u.user_id = actor_of(caller);
  if (drop) {  // a file drop: into the link's folder, whatever the metadata says
    u.folder_id = drop->item_id;
    u.share_id = drop->id;
  }
  if (u.folder_id != kRoot) {  // checked now so that a typo fails before the bytes are sent
    auto folder = vault_.get(caller, u.folder_id);
    if (!folder.is_folder()) throw not_found("folder");
  }
  vault_.check_quota(caller.organization_id, u.user_id, request.length.value_or(0));
  u.id = new_id("upl");
  u.metadata = request.metadata;
  u.length = request.length;
  u.created_at = clock_.now_ms();
  u.expires_at = u.created_at + settings_.expiry_ms;
  uploads_.insert(u);
  return u;
}

Upload UploadService::get(const Principal& caller, const std::string& id, const Share* drop) {
  auto upload = uploads_.find(caller.organization_id, id);
  // A member reaches only their own uploads; a file-drop link only the uploads made through it.
  bool reachable =
      upload && (drop ? upload->share_id == drop->id : !upload->share_id && upload->user_id == actor_of(caller));
  if (!reachable) throw not_found("upload");
  if (upload->expires_at <= clock_.now_ms()) throw ApiError(ErrorCode::kGone, "the upload expired");
  return *upload;
}

std::optional<crypto::Sha256Stream> UploadService::hash_at(const Upload& upload) {
  if (upload.offset == 0) return crypto::Sha256Stream();
  std::lock_guard lock(mutex_);
  auto it = hashes_.find(upload.id);
  if (it != hashes_.end() && it->second.offset == upload.offset) return it->second.hash;
  // Not in memory (a restart, another replica took the previous PATCH): complete_append reads
  // the stored bytes once the upload is whole (an S3 part cannot be read before that).
  return std::nullopt;
}

void UploadService::remember_hash(const std::string& id, int64_t offset, const crypto::Sha256Stream& hash) {
  std::lock_guard lock(mutex_);
  hashes_[id] = HashAt{offset, hash};
}

void UploadService::release(const std::string& id, const std::string& writer) noexcept {
  try {
    uploads_.unclaim(id, writer);
  } catch (const std::exception& e) {
    // The hold then runs out by itself (kHoldMs).
    log::warn("vault upload: could not release", {{"uploadId", id}, {"error", e.what()}});
  }
  std::lock_guard lock(mutex_);
  busy_.erase(id);
}

void UploadService::keep_hold(TusSink& sink) {
  const Millis now = clock_.now_ms();
  if (now - sink.held_since_ < kRenewAfterMs) return;
  if (!uploads_.renew(sink.upload_.id, sink.writer_, now + kHoldMs))
    throw ApiError(ErrorCode::kConflict, "another request took over this upload; resume from its offset");
  sink.held_since_ = now;
}

std::unique_ptr<TusSink> UploadService::open_append(const Principal& caller, const std::string& id,
                                                    const AppendRequest& request, const Share* drop) {
  Upload upload = get(caller, id, drop);
  {
    std::lock_guard lock(mutex_);
    if (!busy_.insert(id).second)
      throw ApiError(ErrorCode::kConflict, "another request is writing this upload; retry once it has ended");
  }
  // The same across replicas: the hold is taken in the database.
  const std::string writer = new_id("wrt");
  try {
    if (!uploads_.claim(id, writer, clock_.now_ms(), clock_.now_ms() + kHoldMs))
      throw ApiError(ErrorCode::kConflict, "another request is writing this upload; retry once it has ended");
  } catch (...) {
    std::lock_guard lock(mutex_);
    busy_.erase(id);
    throw;
  }
  try {
    if (request.offset != upload.offset)
      throw ApiError(ErrorCode::kConflict,
                     "Upload-Offset is " + std::to_string(request.offset) + " but the upload is at " +
                         std::to_string(upload.offset),
                     nlohmann::json{{"offset", upload.offset}});
    if (request.length) {
      if (upload.length && *upload.length != *request.length)
        throw field_error("Upload-Length", "the upload's length is set already");
      if (!upload.length) {
        if (*request.length < upload.offset) throw field_error("Upload-Length", "is less than what was received");
        vault_.check_quota(upload.organization_id, upload.user_id, *request.length, upload.id);
        upload.length = request.length;
      }
    }
    std::optional<std::string> expected;
    if (request.checksum) expected = parse_upload_checksum(*request.checksum);
    int64_t limit;
    if (upload.length) {
      limit = *upload.length - upload.offset;
    } else {
      limit = vault_.limits().max_upload_bytes - upload.offset;
      if (auto room = vault_.room_left(upload.organization_id, upload.user_id, upload.id))
        limit = std::min(limit, *room - upload.offset);
      limit = std::max<int64_t>(limit, 0);
    }
    auto hash = hash_at(upload);
    auto part = blobs_.append_part(upload.id, static_cast<uint64_t>(upload.offset));
    return std::make_unique<TusSink>(*this, std::move(upload), writer, limit, std::move(part), std::move(hash),
                                     std::move(expected));
  } catch (...) {
    release(id, writer);
    throw;
  }
}

void UploadService::record_partial(TusSink& sink) noexcept {
  try {
    sink.part_->sync();
    int64_t offset = sink.upload_.offset + sink.received_;
    uploads_.advance(sink.upload_.id, offset, std::nullopt, clock_.now_ms() + settings_.expiry_ms);
    if (sink.file_hash_) remember_hash(sink.upload_.id, offset, *sink.file_hash_);
  } catch (const std::exception& e) {
    // The offset stays where it was; the part is cut back to it on the next PATCH.
    log::warn("vault upload: could not keep a partial body", {{"uploadId", sink.upload_.id}, {"error", e.what()}});
  }
}

void UploadService::discard_upload(const std::string& id) noexcept {
  try {
    uploads_.remove(id);
    blobs_.delete_part(id);
    std::lock_guard lock(mutex_);
    hashes_.erase(id);
  } catch (const std::exception& e) {
    log::warn("vault upload: could not discard", {{"uploadId", id}, {"error", e.what()}});
  }
}

std::optional<Item> UploadService::complete_append(TusSink& sink) {
  Upload& u = sink.upload_;
  u.offset += sink.received_;
  u.expires_at = clock_.now_ms() + settings_.expiry_ms;
  if (!u.length || u.offset < *u.length) {
    uploads_.advance(u.id, u.offset, u.length, u.expires_at);
    if (sink.file_hash_) remember_hash(u.id, u.offset, *sink.file_hash_);
    return std::nullopt;
  }
  // Whole: the content is recorded (the upload row goes in the same transaction), then the part
  // becomes the content in the blob store (see VaultService::collect_garbage for why after).
  blobs_.finish_part(u.id);
  if (!sink.file_hash_) {
    sink.file_hash_.emplace();
    blobs_.read_part(u.id, static_cast<uint64_t>(u.offset),
                     [&](std::string_view bytes) { sink.file_hash_->update(bytes); });
  }
  std::string sha256 = crypto::to_hex(sink.file_hash_->digest());
  std::string head;
  if (u.offset > 0)
    blobs_.read_part(u.id, std::min<uint64_t>(kSniffBytes, static_cast<uint64_t>(u.offset)),
                     [&](std::string_view bytes) { head.append(bytes); });
  const std::string type = choose_media_type(detect_media_type(head), u.filetype.value_or(""));
  Item file = vault_.add_content(u.organization_id, u.user_id, u.folder_id, u.filename, sha256, u.offset, type,
                                 u.share_id.has_value(), [&] { uploads_.remove(u.id); });
  blobs_.commit_part(u.id, u.organization_id, sha256);
  vault_.announce_uploaded(file, u.user_id);
  {
    std::lock_guard lock(mutex_);
    hashes_.erase(u.id);
  }
  return file;
}

void UploadService::terminate(const Principal& caller, const std::string& id, const Share* drop) {
  get(caller, id, drop);
  {
    std::lock_guard lock(mutex_);
    if (busy_.count(id)) throw ApiError(ErrorCode::kConflict, "the upload is receiving bytes; retry once that ends");
  }
  if (uploads_.being_written(id, clock_.now_ms()))
    throw ApiError(ErrorCode::kConflict, "the upload is receiving bytes; retry once that ends");
  discard_upload(id);
}

std::vector<std::string> UploadService::organizations_with_expired() {
  return uploads_.organizations_with_expired(clock_.now_ms());
}

int UploadService::remove_expired(const std::string& organization_id) {
  int removed = 0;
  for (auto& upload : uploads_.expired(organization_id, clock_.now_ms(), 1000)) {
    {
      std::lock_guard lock(mutex_);
      if (busy_.count(upload.id)) continue;
    }
    if (uploads_.being_written(upload.id, clock_.now_ms())) continue;
    discard_upload(upload.id);
    ++removed;
  }
  return removed;
}

int UploadService::remove_orphan_parts() {
  int removed = 0;
  for (auto& id : blobs_.part_ids()) {
    if (uploads_.find_any(id)) continue;
    {
      std::lock_guard lock(mutex_);
      if (busy_.count(id)) continue;
    }
    blobs_.delete_part(id);
    ++removed;
  }
  return removed;
}

}  // namespace cw::vault
