#include "http/file_response.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>

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
  auto size = static_cast<uint64_t>(st.st_size);
  std::string etag = options.etag.empty() ? derived_etag(st) : "\"" + options.etag + "\"";

  Response r;
  r.content_type = options.content_type;
  r.set_header("ETag", etag);
  r.set_header("Accept-Ranges", "bytes");
  if (!options.cache_control.empty()) r.set_header("Cache-Control", options.cache_control);

  if (auto inm = request.header("if-none-match"); inm && etag_list_matches(*inm, etag)) {
    ::close(fd);
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
      ::close(fd);
      r.status = 416;
      r.content_type.clear();
      r.set_header("Content-Range", "bytes */" + std::to_string(size));
      return r;
    case ByteRangeResult::Kind::kPartial:
      r.status = 206;
      r.set_header("Content-Range", content_range(range.first, range.last, size));
      r.body_source = std::make_shared<FileSliceSource>(fd, range.first, range.length());
      return r;
    case ByteRangeResult::Kind::kWholeBody:
      break;
  }
  r.body_source = std::make_shared<FileSliceSource>(fd, 0, size);
  return r;
}

}  // namespace cw::http
