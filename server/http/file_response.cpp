#include "http/file_response.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "http/range.hpp"

namespace cw::http {

namespace {

/// Bytes [offset, offset + length) of an open file. It holds the descriptor from the moment the
/// handler looked at the file, so a rename or delete meanwhile cannot switch the content under
/// the headers already computed.
class FileSliceSource final : public BodySource {
 public:
  FileSliceSource(int fd, uint64_t offset, uint64_t length) : fd_(fd), offset_(offset), length_(length), left_(length) {
    // Downloads read front to back: ask the kernel for a larger read-ahead.
    ::posix_fadvise(fd_, static_cast<off_t>(offset), static_cast<off_t>(length), POSIX_FADV_SEQUENTIAL);
  }
  ~FileSliceSource() override { ::close(fd_); }
  FileSliceSource(const FileSliceSource&) = delete;
  FileSliceSource& operator=(const FileSliceSource&) = delete;

  std::optional<uint64_t> size() const override { return length_; }

  size_t read(char* out, size_t capacity) override {
    if (left_ == 0) return 0;
    size_t want = static_cast<size_t>(std::min<uint64_t>(capacity, left_));
    for (;;) {
      ssize_t n = ::pread(fd_, out, want, static_cast<off_t>(offset_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::system_error(errno, std::generic_category(), "reading file body");
      // Shorter than announced: the file was truncated after the headers went out.
      if (n == 0) throw std::runtime_error("file shrank while being sent");
      offset_ += static_cast<uint64_t>(n);
      left_ -= static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  uint64_t offset_;
  uint64_t length_;
  uint64_t left_;
};

/// Bytes [offset, offset + length) of a string held by the source.
class BytesSource final : public BodySource {
 public:
  BytesSource(std::shared_ptr<const std::string> bytes, uint64_t offset, uint64_t length)
      : bytes_(std::move(bytes)), pos_(static_cast<size_t>(offset)), end_(static_cast<size_t>(offset + length)) {}
  std::optional<uint64_t> size() const override { return end_ - pos_; }
  size_t read(char* out, size_t capacity) override {
    size_t n = std::min(capacity, end_ - pos_);
    std::memcpy(out, bytes_->data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::shared_ptr<const std::string> bytes_;
  size_t pos_, end_;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view strip_weak(std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; }

std::string derived_etag(const struct stat& st) {
  char buf[64];
  auto mtime_ns =
      static_cast<uintmax_t>(st.st_mtim.tv_sec) * 1'000'000'000u + static_cast<uintmax_t>(st.st_mtim.tv_nsec);
  std::snprintf(buf, sizeof buf, "\"%jx-%jx\"", static_cast<uintmax_t>(st.st_size), mtime_ns);
  return buf;
}

std::string content_range(uint64_t first, uint64_t last, uint64_t size) {
  return "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size);
}

}  // namespace

std::shared_ptr<BodySource> file_slice(int fd, uint64_t offset, uint64_t length) {
  return std::make_shared<FileSliceSource>(fd, offset, length);
}

bool etag_list_matches(std::string_view header, std::string_view etag) {
  header = trim(header);
  if (header == "*") return true;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view candidate = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (!candidate.empty() && strip_weak(candidate) == strip_weak(etag)) return true;
  }
  return false;
}

namespace {

Response serve_ranges(const Request& request, uint64_t size, const std::string& etag, const std::string& content_type,
                      const std::string& cache_control,
                      const std::function<std::shared_ptr<BodySource>(uint64_t, uint64_t)>& open) {
  Response r;
  r.content_type = content_type;
  r.set_header("ETag", etag);
  r.set_header("Accept-Ranges", "bytes");
  if (!cache_control.empty()) r.set_header("Cache-Control", cache_control);

  if (auto inm = request.header("if-none-match"); inm && etag_list_matches(*inm, etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }

  ByteRangeResult range;  // whole body unless a usable Range says otherwise
  if (auto header = request.header("range")) {
    // If-Range: the client's copy is stale when its validator differs; then it gets it all.
    // We send no Last-Modified, so a date there can never match either.
    auto if_range = request.header("if-range");
    bool current = !if_range || trim(*if_range) == etag;
    if (current) range = parse_byte_range(*header, size);
  }
  switch (range.kind) {
    case ByteRangeResult::Kind::kUnsatisfiable:
      r.status = 416;
      r.content_type.clear();
      r.set_header("Content-Range", "bytes */" + std::to_string(size));
      return r;
    case ByteRangeResult::Kind::kPartial:
      r.status = 206;
      r.set_header("Content-Range", content_range(range.first, range.last, size));
      r.body_source = open(range.first, range.length());
      return r;
    case ByteRangeResult::Kind::kWholeBody:
      break;
  }
  r.body_source = open(0, size);
  return r;
}

}  // namespace

Response file_response(const Request& request, const FileResponseOptions& options) {
  if (options.etag.find_first_of("\"\\\r\n") != std::string::npos)
    throw std::logic_error("file_response: an ETag is given without quotes or control characters");
  int fd = ::open(options.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw not_found("file");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw not_found("file");
  }
  // The descriptor is shared by the opener and closed with the last holder (the body, or here
  // when the answer has none: 304, 416).
  auto file = std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  std::string etag = options.etag;
  if (etag.empty()) {
    etag = derived_etag(st);
    etag = etag.substr(1, etag.size() - 2);
  }
  return serve_ranges(request, static_cast<uint64_t>(st.st_size), "\"" + etag + "\"", options.content_type,
                      options.cache_control, [file](uint64_t offset, uint64_t length) -> std::shared_ptr<BodySource> {
                        int dup = ::dup(*file);
                        if (dup < 0) throw std::system_error(errno, std::generic_category(), "reading file body");
                        return std::make_shared<FileSliceSource>(dup, offset, length);
                      });
}

Response ranged_response(const Request& request, const RangedBody& body) {
  if (body.etag.empty() || body.etag.find_first_of("\"\\\r\n") != std::string::npos)
    throw std::logic_error("ranged_response: a strong ETag without quotes or control characters is required");
  return serve_ranges(request, body.size, "\"" + body.etag + "\"", body.content_type, body.cache_control, body.open);
}

Response bytes_response(const Request& request, std::string bytes, const std::string& content_type,
                        const std::string& cache_control, std::string etag) {
  if (etag.empty()) etag = crypto::to_hex(crypto::sha256(bytes));
  auto held = std::make_shared<const std::string>(std::move(bytes));
  return ranged_response(request, {.size = held->size(),
                                   .etag = etag,
                                   .content_type = content_type,
                                   .cache_control = cache_control,
                                   .open = [held](uint64_t offset, uint64_t length) -> std::shared_ptr<BodySource> {
                                     return std::make_shared<BytesSource>(held, offset, length);
                                   }});
}

}  // namespace cw::http
