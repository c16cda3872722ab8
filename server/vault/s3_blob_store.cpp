#include "vault/s3_blob_store.hpp"

#include <nlohmann/json.hpp>

#include <cstring>

#include "core/error.hpp"

namespace cw::vault {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kWindow = uint64_t{8} << 20;        // bytes per ranged GET
constexpr uint64_t kSmallestPart = uint64_t{5} << 20;  // S3's smallest part but the last

ApiError cannot_resume() {
  return ApiError(ErrorCode::kGone,
                  "the stored bytes of this upload no longer match its offset; start the upload again");
}

/// Content read in windows of 8 MiB, each one ranged GET; the first is fetched when opened so a
/// missing object is known before any header goes out.
class S3Source final : public http::BodySource {
 public:
  S3Source(providers::aws::S3Objects& objects, std::string key, uint64_t offset, uint64_t length, std::string first)
      : objects_(objects),
        key_(std::move(key)),
        next_(offset + first.size()),
        left_(length - first.size()),
        length_(length),
        buffer_(std::move(first)) {}

  std::optional<uint64_t> size() const override { return length_; }
  size_t read(char* out, size_t capacity) override {
    if (pos_ == buffer_.size()) {
      if (left_ == 0) return 0;
      auto window = objects_.get_range(key_, next_, std::min(left_, kWindow));
      if (!window) throw std::runtime_error("vault content disappeared while being sent");
      buffer_ = std::move(*window);
      pos_ = 0;
      next_ += buffer_.size();
      left_ -= buffer_.size();
    }
    size_t n = std::min(capacity, buffer_.size() - pos_);
    std::memcpy(out, buffer_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  providers::aws::S3Objects& objects_;
  std::string key_;
  uint64_t next_, left_, length_;
  std::string buffer_;
  size_t pos_ = 0;
};

}  // namespace

/// Appends to an upload's multipart upload: full parts go out as they fill; what is short of a
/// part stays in memory until sync() stores it as the tail.
class S3Appender final : public PartAppender {
 public:
  S3Appender(S3BlobStore& store, std::string upload_id, S3BlobStore::Manifest manifest, std::string tail)
      : store_(store),
        id_(std::move(upload_id)),
        m_(std::move(manifest)),
        start_(m_),
        buffer_(std::move(tail)),
        start_buffer_(buffer_) {}

  void write(std::string_view bytes) override {
    while (!bytes.empty()) {
      size_t take = static_cast<size_t>(std::min<uint64_t>(bytes.size(), m_.part_bytes - buffer_.size()));
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (buffer_.size() == m_.part_bytes) send_part();
    }
  }

  void sync() override {
    // The tail first, under a name of its own, then the manifest that points at it: a manifest
    // never names bytes that are not stored. The tail it replaces goes last.
    const std::string tail = store_.tail_key(id_, m_.etags.size());
    if (!buffer_.empty()) store_.objects_.put(tail, buffer_);
    m_.tail = buffer_.size();
    store_.save(id_, m_);
    const std::string old_tail = store_.tail_key(id_, start_.etags.size());
    if (start_.tail > 0 && (old_tail != tail || buffer_.empty())) store_.objects_.remove(old_tail);
    start_ = m_;
    start_buffer_ = buffer_;
  }

  void discard() noexcept override {
    // Parts sent since the last sync are left where they are: the manifest does not name them,
    // and the next ones sent take their numbers.
    std::string multipart = m_.multipart_id;  // reused by the next parts rather than left behind
    m_ = start_;
    if (m_.multipart_id.empty()) m_.multipart_id = multipart;
    buffer_ = start_buffer_;
  }

 private:
  void send_part() {
    const std::string key = store_.upload_key(id_);
    if (m_.multipart_id.empty()) m_.multipart_id = store_.objects_.start_multipart(key);
    m_.etags.push_back(
        store_.objects_.upload_part(key, m_.multipart_id, static_cast<int>(m_.etags.size() + 1), buffer_));
    buffer_.clear();
  }

  S3BlobStore& store_;
  std::string id_;
  S3BlobStore::Manifest m_, start_;
  std::string buffer_, start_buffer_;
};

S3BlobStore::S3BlobStore(S3StoreSettings settings)
    : settings_(std::move(settings)), objects_(settings_.bucket, wall_clock_) {
  if (settings_.part_bytes < kSmallestPart) settings_.part_bytes = kSmallestPart;
  // Scratch files are only ever in use by a live job of this process: what a crash left is junk.
  std::error_code ec;
  fs::remove_all(settings_.scratch, ec);
  fs::create_directories(settings_.scratch);
}

std::string S3BlobStore::blob_key(const std::string& organization_id, const std::string& sha256) const {
  check_name(organization_id);
  check_name(sha256);
  return settings_.prefix + "blobs/" + organization_id + "/" + sha256.substr(0, 2) + "/" + sha256;
}

std::string S3BlobStore::upload_key(const std::string& upload_id) const {
  check_name(upload_id);
  return settings_.prefix + "uploads/" + upload_id;
}

std::string S3BlobStore::tail_key(const std::string& upload_id, size_t parts) const {
  return upload_key(upload_id) + ".tail-" + std::to_string(parts);
}

std::optional<S3BlobStore::Manifest> S3BlobStore::manifest(const std::string& upload_id) {
  auto text = objects_.get(upload_key(upload_id) + ".json");
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) throw std::runtime_error("vault S3: the state of upload " + upload_id + " is unreadable");
  Manifest m;
  m.multipart_id = j.value("multipartId", "");
  m.part_bytes = j.value("partBytes", uint64_t{0});
  m.etags = j.value("etags", std::vector<std::string>{});
  m.tail = j.value("tail", uint64_t{0});
  m.finished = j.value("finished", false);
  return m;
}

void S3BlobStore::save(const std::string& upload_id, const Manifest& m) {
  nlohmann::json j = {{"multipartId", m.multipart_id},
                      {"partBytes", m.part_bytes},
                      {"etags", m.etags},
                      {"tail", m.tail},
                      {"finished", m.finished}};
  objects_.put(upload_key(upload_id) + ".json", j.dump());
}

uint64_t S3BlobStore::part_size(const std::string& upload_id) {
  auto m = manifest(upload_id);
  return m ? m->size() : 0;
}

std::unique_ptr<PartAppender> S3BlobStore::append_part(const std::string& upload_id, uint64_t offset) {
  Manifest m = manifest(upload_id).value_or(Manifest{});
  if (m.part_bytes == 0) m.part_bytes = settings_.part_bytes;
  if (m.finished) throw cannot_resume();
  const uint64_t in_parts = m.etags.size() * m.part_bytes;
  // Bytes past `offset` were stored but never acknowledged (the offset is the database's): the
  // tail is cut back to it. Parts cannot be read back before the upload completes, so an offset
  // inside them cannot be resumed.
  if (offset < in_parts || offset > m.size()) throw cannot_resume();
  std::string tail;
  if (m.tail > 0) {
    auto stored = objects_.get(tail_key(upload_id, m.etags.size()));
    if (!stored || stored->size() < m.tail) throw cannot_resume();
    tail = stored->substr(0, static_cast<size_t>(offset - in_parts));
  }
  return std::make_unique<S3Appender>(*this, upload_id, std::move(m), std::move(tail));
}

void S3BlobStore::finish_part(const std::string& upload_id) {
  Manifest m = manifest(upload_id).value_or(Manifest{});
  if (m.finished) return;
  const std::string key = upload_key(upload_id);
  const std::string tail = tail_key(upload_id, m.etags.size());
  std::string tail_bytes;
  if (m.tail > 0) {
    auto stored = objects_.get(tail);
    if (!stored || stored->size() < m.tail) throw std::runtime_error("vault S3: the tail of an upload is missing");
    tail_bytes = stored->substr(0, static_cast<size_t>(m.tail));
  }
  if (m.multipart_id.empty()) {
    objects_.put(key, tail_bytes);  // smaller than one part: one PUT
  } else {
    auto etags = m.etags;
    if (!tail_bytes.empty())
      etags.push_back(objects_.upload_part(key, m.multipart_id, static_cast<int>(etags.size() + 1), tail_bytes));
    objects_.complete_multipart(key, m.multipart_id, etags);
  }
  m.finished = true;
  m.tail = m.size();  // the size of the finished object, for part_size
  m.etags.clear();
  m.multipart_id.clear();
  save(upload_id, m);
  if (!tail_bytes.empty()) objects_.remove(tail);
}

void S3BlobStore::read_part(const std::string& upload_id, uint64_t length,
                            const std::function<void(std::string_view)>& chunk) {
  const std::string key = upload_key(upload_id);
  for (uint64_t done = 0; done < length;) {
    auto window = objects_.get_range(key, done, std::min(kWindow, length - done));
    if (!window) throw std::runtime_error("vault S3: the upload is not finished or is missing");
    chunk(*window);
    done += window->size();
  }
}

void S3BlobStore::delete_part(const std::string& upload_id) {
  auto m = manifest(upload_id);
  const std::string key = upload_key(upload_id);
  if (m) {
    if (!m->multipart_id.empty()) objects_.abort_multipart(key, m->multipart_id);
    if (m->tail > 0 && !m->finished) objects_.remove(tail_key(upload_id, m->etags.size()));
  }
  objects_.remove(key);
  objects_.remove(key + ".json");
}

std::vector<std::string> S3BlobStore::part_ids() {
  std::vector<std::string> ids;
  const std::string prefix = settings_.prefix + "uploads/";
  for (const auto& key : objects_.list(prefix)) {
    if (!key.ends_with(".json")) continue;
    ids.push_back(key.substr(prefix.size(), key.size() - prefix.size() - 5));
  }
  return ids;
}

void S3BlobStore::commit_part(const std::string& upload_id, const std::string& organization_id,
                              const std::string& sha256) {
  const std::string from = upload_key(upload_id);
  const std::string to = blob_key(organization_id, sha256);
  if (!objects_.head(to)) {  // else the same content is there already
    auto size = objects_.head(from);
    if (!size) throw std::runtime_error("vault S3: the finished upload is missing");
    if (*size <= settings_.single_copy_bytes) {
      objects_.copy(from, to);
    } else {
      // Above 5 GiB S3 copies only in parts: still server-side, nothing comes through here.
      const uint64_t step = std::max(settings_.copy_part_bytes, (*size + 9'999) / 10'000);
      std::string multipart = objects_.start_multipart(to);
      std::vector<std::string> etags;
      for (uint64_t first = 0; first < *size; first += step)
        etags.push_back(objects_.copy_part(to, multipart, static_cast<int>(etags.size() + 1), from, first,
                                           std::min(*size, first + step) - 1));
      objects_.complete_multipart(to, multipart, etags);
    }
  }
  objects_.remove(from);
  objects_.remove(from + ".json");
}

bool S3BlobStore::exists(const std::string& organization_id, const std::string& sha256) {
  return objects_.head(blob_key(organization_id, sha256)).has_value();
}

std::optional<uint64_t> S3BlobStore::content_size(const std::string& organization_id, const std::string& sha256) {
  return objects_.head(blob_key(organization_id, sha256));
}

void S3BlobStore::remove(const std::string& organization_id, const std::string& sha256) {
  objects_.remove(blob_key(organization_id, sha256));
  remove_object(thumbnail_key(organization_id, sha256));
}

std::shared_ptr<http::BodySource> S3BlobStore::open_content(const std::string& organization_id,
                                                            const std::string& sha256, uint64_t offset,
                                                            uint64_t length) {
  const std::string key = blob_key(organization_id, sha256);
  if (length == 0) {
    if (!objects_.head(key)) return nullptr;
    return std::make_shared<S3Source>(objects_, key, offset, 0, "");
  }
  auto first = objects_.get_range(key, offset, std::min(length, kWindow));
  if (!first) return nullptr;
  return std::make_shared<S3Source>(objects_, key, offset, length, std::move(*first));
}

fs::path S3BlobStore::scratch_path(const std::string& name) {
  check_name(name);
  return settings_.scratch / name;
}

void S3BlobStore::put_object(const std::string& key, std::string_view bytes) {
  check_object_key(key);
  objects_.put(settings_.prefix + key, std::string(bytes));
}

std::optional<std::string> S3BlobStore::read_object(const std::string& key) {
  check_object_key(key);
  return objects_.get(settings_.prefix + key);
}

void S3BlobStore::remove_object(const std::string& key) {
  check_object_key(key);
  objects_.remove(settings_.prefix + key);
}

}  // namespace cw::vault
