#include "http/body_sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace cw::http {

namespace {
[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}
}  // namespace

FileBodySink::FileBodySink(FileBodySinkSettings settings) : settings_(std::move(settings)) {
  std::filesystem::create_directories(settings_.directory);
  // mkstemp: a unique name created with O_EXCL, so two uploads never share a file. The
  // ".part" suffix marks it as unfinished for anyone looking at the directory.
  std::string name = (settings_.directory / "upload-XXXXXX.part").string();
  fd_ = ::mkstemps(name.data(), 5);
  if (fd_ < 0) throw_errno("cannot create upload file in " + settings_.directory.string());
  path_ = name;
  owns_file_ = true;
}

FileBodySink::~FileBodySink() { abort(); }

void FileBodySink::write(std::string_view chunk) {
  if (fd_ < 0 || finished_) throw std::logic_error("FileBodySink::write after finish or abort");
  const char* p = chunk.data();
  size_t left = chunk.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("writing upload file");  // ENOSPC, EIO: the request fails, abort() cleans up
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  bytes_written_ += chunk.size();
}

void FileBodySink::finish() {
  if (fd_ < 0 || finished_) throw std::logic_error("FileBodySink::finish twice or after abort");
  if (settings_.sync_on_finish && ::fdatasync(fd_) != 0) throw_errno("syncing upload file");
  close_file();
  finished_ = true;
}

void FileBodySink::abort() noexcept {
  close_file();
  if (owns_file_) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    owns_file_ = false;
  }
}

void FileBodySink::commit_to(const std::filesystem::path& destination) {
  if (!finished_ || !owns_file_) throw std::logic_error("FileBodySink::commit_to before finish");
  std::filesystem::rename(path_, destination);
  owns_file_ = false;
  path_ = destination;
}

void FileBodySink::close_file() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace cw::http
