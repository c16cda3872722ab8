#pragma once
/// Where a streamed request body goes (a route with `BodyMode::kStream`, http/router.hpp).
/// The server calls write() for each chunk as it arrives, then finish() once the whole body is
/// in, then the route's handler; abort() instead when the body cannot be completed (client gone,
/// over the limit, timeout). Calls come one at a time, on the worker pool, never concurrently.
///
/// FileBodySink is the usual sink: it writes to a temporary file and deletes it unless the
/// handler keeps it (commit_to), so an upload that fails at any point leaves nothing behind.
/// Only a crash of the process can leave an `upload-*.part` file; whoever owns the directory
/// (the vault) removes those when it starts.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace cw::http {

class BodySink {
 public:
  virtual ~BodySink() = default;
  /// One chunk, in order. Throws to fail the request (the server then calls abort()).
  virtual void write(std::string_view chunk) = 0;
  /// The body is complete. Throws to fail the request.
  virtual void finish() = 0;
  /// The body will not be completed: drop what was written. Must not throw.
  virtual void abort() noexcept = 0;
};

struct FileBodySinkSettings {
  std::filesystem::path directory;  // e.g. <data dir>/uploads; created if missing
  /// fdatasync in finish(), so a committed file survives a power cut. Off only where
  /// durability does not matter (tests of throughput).
  bool sync_on_finish = true;
};

class FileBodySink : public BodySink {
 public:
  /// Creates `<directory>/upload-XXXXXX.part`. Throws std::system_error when it cannot.
  explicit FileBodySink(FileBodySinkSettings settings);
  /// Deletes the temporary file unless commit_to() moved it away.
  ~FileBodySink() override;
  FileBodySink(const FileBodySink&) = delete;
  FileBodySink& operator=(const FileBodySink&) = delete;

  void write(std::string_view chunk) override;
  void finish() override;
  void abort() noexcept override;

  /// Moves the finished file to `destination` (same filesystem: a rename, atomic). After this
  /// the sink no longer owns a file.
  void commit_to(const std::filesystem::path& destination);

  const std::filesystem::path& path() const { return path_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  void close_file() noexcept;

  FileBodySinkSettings settings_;
  std::filesystem::path path_;
  int fd_ = -1;
  uint64_t bytes_written_ = 0;
  bool finished_ = false;
  bool owns_file_ = false;
};

}  // namespace cw::http
