#include "costs/csv_reader.hpp"

#include <zlib.h>

#include <cstring>

namespace cw::costs {

namespace {
constexpr size_t kBufferBytes = 64 * 1024;
}

CompressedFile::CompressedFile(const std::string& path) : file_(gzopen(path.c_str(), "rb")) {
  if (!file_) throw std::runtime_error("cannot open " + path);
  gzbuffer(static_cast<gzFile>(file_), 128 * 1024);
}

CompressedFile::~CompressedFile() { gzclose(static_cast<gzFile>(file_)); }

size_t CompressedFile::read(char* out, size_t capacity) {
  auto* f = static_cast<gzFile>(file_);
  int n = gzread(f, out, static_cast<unsigned>(capacity));
  int code = Z_OK;
  const char* message = gzerror(f, &code);
  // gzread reports a stream cut short as Z_BUF_ERROR once the data runs out: the file's end came
  // before the gzip trailer, so the rows read so far may not be all of them.
  if (n < 0 || (code != Z_OK && code != Z_STREAM_END)) {
    if (code == Z_BUF_ERROR) throw std::runtime_error("the gzip file is truncated (it ends before its last block)");
    throw std::runtime_error(std::string("the gzip file is corrupt: ") + (message ? message : "unreadable"));
  }
  return static_cast<size_t>(n);
}

long long CompressedFile::offset() const { return gzoffset(static_cast<gzFile>(file_)); }

size_t StringSource::read(char* out, size_t capacity) {
  size_t n = std::min(capacity, data_.size() - offset_);
  std::memcpy(out, data_.data() + offset_, n);
  offset_ += n;
  return n;
}

CsvReader::CsvReader(ByteSource& in, CsvLimits limits) : in_(in), limits_(limits), buffer_(kBufferBytes) {}

bool CsvReader::fill() {
  if (eof_) return false;
  pos_ = 0;
  end_ = in_.read(buffer_.data(), buffer_.size());
  if (end_ == 0) eof_ = true;
  if (!started_ && end_ > 0) {
    started_ = true;
    if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
  }
  return pos_ < end_ || (!eof_ && fill());
}

bool CsvReader::next(std::vector<std::string>& fields) {
  // Blank lines (and a lone CR) between records are skipped.
  for (;;) {
    if (pos_ == end_ && !fill()) {
      fields.clear();
      return false;
    }
    char c = buffer_[pos_];
    if (c == '\n') {
      ++line_;
    } else if (c != '\r') {
      break;
    }
    ++pos_;
  }
  record_line_ = line_;
  size_t count = 0;
  auto new_field = [&]() -> std::string* {
    if (count == limits_.max_fields)
      throw CsvError(record_line_, "the row has more than " + std::to_string(limits_.max_fields) + " fields");
    if (count == fields.size()) fields.emplace_back();
    std::string* f = &fields[count++];
    f->clear();
    return f;
  };
  std::string* field = new_field();
  auto append = [&](const char* from, size_t n) {
    if (field->size() + n > limits_.max_field_bytes)
      throw CsvError(record_line_, "a field is longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
    field->append(from, n);
  };
  enum class State { kStart, kUnquoted, kQuoted, kAfterQuote } state = State::kStart;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (state == State::kQuoted)
        throw CsvError(record_line_, "a quoted field is not closed before the end of the file");
      break;
    }
    if (state == State::kUnquoted || state == State::kQuoted) {
      // The common case: a run of ordinary bytes, appended at once.
      const char* begin = buffer_.data() + pos_;
      const char* stop = begin;
      const char* limit = buffer_.data() + end_;
      if (state == State::kUnquoted) {
        while (stop < limit && *stop != ',' && *stop != '\n' && *stop != '\r') ++stop;
      } else {
        while (stop < limit && *stop != '"' && *stop != '\n') ++stop;
      }
      if (stop > begin) {
        append(begin, static_cast<size_t>(stop - begin));
        pos_ += static_cast<size_t>(stop - begin);
        continue;
      }
    }
    char c = buffer_[pos_++];
    switch (state) {
      case State::kStart:
      case State::kUnquoted:
        if (c == '"' && state == State::kStart) {
          state = State::kQuoted;
        } else if (c == ',') {
          field = new_field();
          state = State::kStart;
        } else if (c == '\n') {
          ++line_;
          fields.resize(count);
          return true;
        } else if (c != '\r') {  // the CR of a CRLF
          append(&c, 1);
          state = State::kUnquoted;
        }
        break;
      case State::kQuoted:
        if (c == '"') {
          state = State::kAfterQuote;
        } else {
          if (c == '\n') ++line_;
          append(&c, 1);
        }
        break;
      case State::kAfterQuote:
        if (c == '"') {  // "" inside quotes is one quote
          append(&c, 1);
          state = State::kQuoted;
        } else if (c == ',') {
          field = new_field();
          state = State::kStart;
        } else if (c == '\n') {
          ++line_;
          fields.resize(count);
          return true;
        } else if (c != '\r') {
          throw CsvError(line_, "unexpected text after the closing quote of a field");
        }
        break;
    }
  }
  fields.resize(count);
  return true;
}

}  // namespace cw::costs
