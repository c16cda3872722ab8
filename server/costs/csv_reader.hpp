#pragma once
/// Reads CSV (RFC 4180) record by record from a byte stream, in bounded memory: quoted fields
/// with "" escapes, commas and line breaks inside quotes, LF or CRLF line ends, a UTF-8 byte
/// order mark at the start. Blank lines are skipped (spreadsheet exports leave them). Written
/// here because Debian 12 installs no C++ CSV library (libcsv-dev and libfccp-dev exist but are
/// not part of our dependency set, and fccp needs the column count at compile time).
///
/// CompressedFile reads a plain or gzip file (zlib detects which) and says when a gzip stream
/// is truncated or corrupt, so an import never takes half a file for a whole one.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace cw::costs {

/// Bytes in order; 0 at the end. Throws std::runtime_error when the data is damaged.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual size_t read(char* out, size_t capacity) = 0;
};

/// A file, gunzipped on the fly when it is gzip (by its magic bytes, not its name).
class CompressedFile final : public ByteSource {
 public:
  /// Throws std::runtime_error when the file cannot be opened.
  explicit CompressedFile(const std::string& path);
  ~CompressedFile() override;
  CompressedFile(const CompressedFile&) = delete;
  CompressedFile& operator=(const CompressedFile&) = delete;
  size_t read(char* out, size_t capacity) override;
  /// Bytes of the file consumed so far (compressed bytes for gzip): for progress.
  long long offset() const;

 private:
  void* file_;  // gzFile
};

/// In-memory bytes (tests, small inputs).
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  size_t read(char* out, size_t capacity) override;

 private:
  std::string data_;
  size_t offset_ = 0;
};

/// A malformed record; `line` is the line of the file it starts on (1-based).
class CsvError : public std::runtime_error {
 public:
  CsvError(long long line, const std::string& message) : std::runtime_error(message), line_(line) {}
  long long line() const { return line_; }

 private:
  long long line_;
};

struct CsvLimits {
  size_t max_field_bytes = 1 << 20;  // one field (a long Tags JSON is far below)
  size_t max_fields = 1000;          // per record
};

class CsvReader {
 public:
  explicit CsvReader(ByteSource& in, CsvLimits limits = {});
  /// The next record's fields (the vector's strings are reused); false at the end of input.
  /// Throws CsvError for an unterminated quote, text after a closing quote, or a record over the
  /// limits, and std::runtime_error when the source is damaged.
  bool next(std::vector<std::string>& fields);
  /// The line the last record returned by next() starts on (1-based).
  long long line() const { return record_line_; }

 private:
  bool fill();
  ByteSource& in_;
  CsvLimits limits_;
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false, started_ = false;
  long long line_ = 1, record_line_ = 0;
};

}  // namespace cw::costs
