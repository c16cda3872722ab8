#pragma once
/// A folder as a zip made while it is sent (libarchive, Zip64 where needed, stored without
/// compression: most of what people keep is compressed already, and storing keeps the download
/// as fast as the disk). Memory holds one piece of one file at a time (256 KiB, or a blob store's
/// read window), whatever the folder's size; nothing is written to disk.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/body_source.hpp"

struct archive;  // libarchive's

namespace cw::vault {

struct ZipEntry {
  std::string path;  // inside the zip: "Reports/2026/q1.pdf", or "Empty/" for a folder
  /// Opens the content (nullptr when it is missing: the entry is left out); empty for a folder.
  std::function<std::shared_ptr<http::BodySource>()> open;
  uint64_t size = 0;
  Millis modified_at = 0;
};

class ZipSource final : public http::BodySource {
 public:
  explicit ZipSource(std::vector<ZipEntry> entries);
  ~ZipSource() override;
  ZipSource(const ZipSource&) = delete;
  ZipSource& operator=(const ZipSource&) = delete;

  std::optional<uint64_t> size() const override { return std::nullopt; }  // chunked
  size_t read(char* out, size_t capacity) override;

  /// libarchive's write callback: what it produced, appended to the pending output.
  void produced(const void* data, size_t n);

 private:
  void step();
  /// Writes the entry's header; false when its content is missing and it is skipped.
  bool open_entry(const ZipEntry& entry);
  void check(int status, const char* what);

  std::vector<ZipEntry> entries_;
  size_t next_ = 0;
  bool entry_open_ = false;
  std::shared_ptr<http::BodySource> content_;
  bool done_ = false;
  ::archive* archive_ = nullptr;
  std::string pending_;
  size_t pending_pos_ = 0;
  std::unique_ptr<char[]> chunk_;
};

}  // namespace cw::vault
