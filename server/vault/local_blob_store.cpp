#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "core/ids.hpp"
#include "http/file_response.hpp"
#include "vault/blob_store.hpp"

namespace cw::vault {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

class FileAppender final : public PartAppender {
 public:
  FileAppender(const fs::path& path, uint64_t offset, bool sync_writes)
      : start_(offset), offset_(offset), sync_writes_(sync_writes) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) fail("opening upload part");
    // A part longer than its recorded offset holds bytes nobody acknowledged: drop them.
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0) {
      ::close(fd_);
      fail("truncating upload part");
    }
  }
  ~FileAppender() override { ::close(fd_); }
  FileAppender(const FileAppender&) = delete;
  FileAppender& operator=(const FileAppender&) = delete;

  void write(std::string_view bytes) override {
    while (!bytes.empty()) {
      ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("writing upload part");
      offset_ += static_cast<uint64_t>(n);
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  void sync() override {
    if (sync_writes_ && ::fdatasync(fd_) != 0) fail("syncing upload part");
  }
  void discard() noexcept override {
    if (::ftruncate(fd_, static_cast<off_t>(start_)) == 0) offset_ = start_;
  }

 private:
  int fd_ = -1;
  uint64_t start_;
  uint64_t offset_;
  bool sync_writes_;
};

}  // namespace

LocalBlobStore::LocalBlobStore(fs::path root, bool sync_writes) : root_(std::move(root)), sync_writes_(sync_writes) {
  fs::create_directories(root_ / "parts");
  fs::create_directories(root_ / "blobs");
  fs::create_directories(root_ / "thumbs");
  // Scratch files are only ever in use by a live job of this process: what a crash left is junk.
  std::error_code ec;
  fs::remove_all(root_ / "tmp", ec);
  fs::create_directories(root_ / "tmp");
}

fs::path LocalBlobStore::part_path(const std::string& upload_id) const {
  check_name(upload_id);
  return root_ / "parts" / (upload_id + ".part");
}

fs::path LocalBlobStore::blob_path(const std::string& organization_id, const std::string& sha256) const {
  check_name(organization_id);
  check_name(sha256);
  return root_ / "blobs" / organization_id / sha256.substr(0, 2) / sha256;
}

uint64_t LocalBlobStore::part_size(const std::string& upload_id) {
  std::error_code ec;
  auto size = fs::file_size(part_path(upload_id), ec);
  return ec ? 0 : size;
}

std::unique_ptr<PartAppender> LocalBlobStore::append_part(const std::string& upload_id, uint64_t offset) {
  return std::make_unique<FileAppender>(part_path(upload_id), offset, sync_writes_);
}

void LocalBlobStore::read_part(const std::string& upload_id, uint64_t length,
                               const std::function<void(std::string_view)>& chunk) {
  int fd = ::open(part_path(upload_id).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("opening upload part");
  std::string buffer(1 << 20, '\0');
  uint64_t done = 0;
  while (done < length) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), length - done));
    ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      if (n == 0) throw std::runtime_error("upload part is shorter than its offset");
      fail("reading upload part");
    }
    chunk(std::string_view(buffer.data(), static_cast<size_t>(n)));
    done += static_cast<uint64_t>(n);
  }
  ::close(fd);
}

void LocalBlobStore::delete_part(const std::string& upload_id) {
  std::error_code ec;
  fs::remove(part_path(upload_id), ec);
}

std::vector<std::string> LocalBlobStore::part_ids() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(root_ / "parts")) {
    auto name = entry.path().filename().string();
    if (name.size() > 5 && name.ends_with(".part")) out.push_back(name.substr(0, name.size() - 5));
  }
  return out;
}

void LocalBlobStore::commit_part(const std::string& upload_id, const std::string& organization_id,
                                 const std::string& sha256) {
  auto from = part_path(upload_id);
  auto to = blob_path(organization_id, sha256);
  std::error_code ec;
  if (fs::exists(to, ec)) {  // the same content is there already
    fs::remove(from, ec);
    return;
  }
  fs::create_directories(to.parent_path());
  fs::rename(from, to);
}

bool LocalBlobStore::exists(const std::string& organization_id, const std::string& sha256) {
  std::error_code ec;
  return fs::exists(blob_path(organization_id, sha256), ec);
}

std::optional<uint64_t> LocalBlobStore::content_size(const std::string& organization_id, const std::string& sha256) {
  std::error_code ec;
  auto size = fs::file_size(blob_path(organization_id, sha256), ec);
  if (ec) return std::nullopt;
  return size;
}

void LocalBlobStore::remove(const std::string& organization_id, const std::string& sha256) {
  std::error_code ec;
  fs::remove(blob_path(organization_id, sha256), ec);
  remove_object(thumbnail_key(organization_id, sha256));
}

std::shared_ptr<http::BodySource> LocalBlobStore::open_content(const std::string& organization_id,
                                                               const std::string& sha256, uint64_t offset,
                                                               uint64_t length) {
  int fd = ::open(blob_path(organization_id, sha256).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return nullptr;
    fail("opening content");
  }
  // The descriptor is opened now, so a rename or removal meanwhile cannot change what is sent.
  return http::file_slice(fd, offset, length);
}

fs::path LocalBlobStore::scratch_path(const std::string& name) {
  check_name(name);
  return root_ / "tmp" / name;
}

void LocalBlobStore::put_object(const std::string& key, std::string_view bytes) {
  check_object_key(key);
  const fs::path target = root_ / key;
  fs::create_directories(target.parent_path());
  // Written aside, then renamed over the old one: a reader never sees half an object.
  const fs::path scratch = root_ / "tmp" / new_id("obj");
  int fd = ::open(scratch.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("writing " + key);
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      fail("writing " + key);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (sync_writes_) ::fdatasync(fd);
  ::close(fd);
  fs::rename(scratch, target);
}

std::optional<std::string> LocalBlobStore::read_object(const std::string& key) {
  check_object_key(key);
  int fd = ::open((root_ / key).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail("reading " + key);
  }
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      fail("reading " + key);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

void LocalBlobStore::remove_object(const std::string& key) {
  check_object_key(key);
  std::error_code ec;
  fs::remove(root_ / key, ec);
}

std::optional<fs::path> LocalBlobStore::local_path(const std::string& organization_id, const std::string& sha256) {
  auto path = blob_path(organization_id, sha256);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return path;
}

}  // namespace cw::vault
