#include "vault/zip_source.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <stdexcept>

namespace cw::vault {

namespace {

constexpr size_t kChunk = size_t{256} << 10;

la_ssize_t write_callback(struct archive*, void* self, const void* data, size_t n) {
  static_cast<ZipSource*>(self)->produced(data, n);
  return static_cast<la_ssize_t>(n);
}

}  // namespace

ZipSource::ZipSource(std::vector<ZipEntry> entries)
    : entries_(std::move(entries)), chunk_(std::make_unique<char[]>(kChunk)) {
  archive_ = archive_write_new();
  if (!archive_) throw std::runtime_error("zip: cannot create the archive");
  check(archive_write_set_format_zip(archive_), "zip format");
  check(archive_write_set_format_option(archive_, "zip", "compression", "store"), "zip store");
  // Names are UTF-8 and say so (general purpose bit 11), whatever the server's locale.
  check(archive_write_set_format_option(archive_, "zip", "hdrcharset", "UTF-8"), "zip charset");
  check(archive_write_set_bytes_per_block(archive_, 0), "zip blocking");  // a stream, not a tape
  check(archive_write_open2(archive_, this, nullptr, write_callback, nullptr, nullptr), "zip open");
}

ZipSource::~ZipSource() {
  if (archive_) archive_write_free(archive_);
}

void ZipSource::check(int status, const char* what) {
  if (status < ARCHIVE_WARN)
    throw std::runtime_error(std::string("zip: ") + what + ": " + (archive_error_string(archive_) ?: "failed"));
}

void ZipSource::produced(const void* data, size_t n) {
  if (pending_pos_ == pending_.size()) {
    pending_.clear();
    pending_pos_ = 0;
  }
  pending_.append(static_cast<const char*>(data), n);
}

bool ZipSource::open_entry(const ZipEntry& e) {
  if (e.open) {
    content_ = e.open();
    if (!content_) return false;  // content missing: logged when downloaded alone
  }
  struct archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname_utf8(entry, e.path.c_str());
  archive_entry_set_mtime(entry, static_cast<time_t>(e.modified_at / 1000), 0);
  if (!e.open) {
    archive_entry_set_filetype(entry, AE_IFDIR);
    archive_entry_set_perm(entry, 0755);
  } else {
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(e.size));
  }
  int status = archive_write_header(archive_, entry);
  archive_entry_free(entry);
  check(status, "entry header");
  return true;
}

void ZipSource::step() {
  if (!entry_open_) {
    if (next_ == entries_.size()) {
      check(archive_write_close(archive_), "closing");
      done_ = true;
      return;
    }
    if (open_entry(entries_[next_])) {
      entry_open_ = true;
    } else {
      ++next_;
    }
    return;
  }
  if (content_) {
    size_t n = content_->read(chunk_.get(), kChunk);
    if (n > 0) {
      if (archive_write_data(archive_, chunk_.get(), n) < 0) check(ARCHIVE_FATAL, "data");
      return;
    }
    content_.reset();
  }
  check(archive_write_finish_entry(archive_), "finishing an entry");
  entry_open_ = false;
  ++next_;
}

size_t ZipSource::read(char* out, size_t capacity) {
  while (pending_pos_ == pending_.size() && !done_) step();
  size_t n = std::min(capacity, pending_.size() - pending_pos_);
  std::memcpy(out, pending_.data() + pending_pos_, n);
  pending_pos_ += n;
  return n;
}

}  // namespace cw::vault
