#include "costs/csv_reader.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace cw::costs {
namespace {

std::vector<std::vector<std::string>> read_all(const std::string& text, CsvLimits limits = {}) {
  StringSource source(text);
  CsvReader csv(source, limits);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  while (csv.next(fields)) out.push_back(fields);
  return out;
}

/// A source that hands out one byte at a time: every state change crosses a buffer boundary.
class Trickle final : public ByteSource {
 public:
  explicit Trickle(std::string data) : data_(std::move(data)) {}
  size_t read(char* out, size_t capacity) override {
    if (at_ == data_.size() || capacity == 0) return 0;
    *out = data_[at_++];
    return 1;
  }

 private:
  std::string data_;
  size_t at_ = 0;
};

TEST(CostCsvReader, QuotesEmbeddedSeparatorsAndLineBreaks) {
  auto rows = read_all("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "", ""}));
}

TEST(CostCsvReader, CrlfBomBlankLinesAndNoFinalNewline) {
  StringSource source(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n1,2\r\n\n3,\"4\"");
  CsvReader csv(source);
  std::vector<std::string> f;
  ASSERT_TRUE(csv.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(csv.line(), 1);
  ASSERT_TRUE(csv.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(csv.line(), 3);
  ASSERT_TRUE(csv.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(csv.line(), 5);
  EXPECT_FALSE(csv.next(f));
}

TEST(CostCsvReader, LinesCountTheBreaksInsideQuotes) {
  StringSource source("h\n\"a\nb\"\nnext\n");
  CsvReader csv(source);
  std::vector<std::string> f;
  csv.next(f);
  csv.next(f);
  EXPECT_EQ(csv.line(), 2);
  csv.next(f);
  EXPECT_EQ(f[0], "next");
  EXPECT_EQ(csv.line(), 4);
}

TEST(CostCsvReader, SameRecordsWhateverTheChunking) {
  std::string text = "a,\"b,\"\"c\"\"\"\r\n\"multi\r\nline\",x\r\n";
  Trickle source(text);
  CsvReader csv(source);
  std::vector<std::vector<std::string>> trickled;
  std::vector<std::string> f;
  while (csv.next(f)) trickled.push_back(f);
  EXPECT_EQ(trickled, read_all(text));
  EXPECT_EQ(trickled[1][0], "multi\r\nline");
}

TEST(CostCsvReader, MalformedRecordsSayWhere) {
  try {
    read_all("a,b\n1,\"open\n2,3\n");
    FAIL() << "an unterminated quote is an error";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(std::string(e.what()).find("not closed"), std::string::npos);
  }
  try {
    read_all("a,b\n\"x\"y,2\n");
    FAIL() << "text after a closing quote is an error";
  } catch (const CsvError& e) { EXPECT_EQ(e.line(), 2); }
  EXPECT_THROW(read_all("a\n" + std::string(100, 'x') + "\n", CsvLimits{.max_field_bytes = 50}), CsvError);
  EXPECT_THROW(read_all("a,b,c,d\n", CsvLimits{.max_fields = 3}), CsvError);
}

class CostCompressedFile : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("cw-csv-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string gzip(const std::string& name, const std::string& text) {
    auto path = (dir / name).string();
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return path;
  }
  static std::string read_through(const std::string& path) {
    CompressedFile file(path);
    std::string out;
    char buf[7];
    for (size_t n; (n = file.read(buf, sizeof buf)) > 0;) out.append(buf, n);
    return out;
  }
};

TEST_F(CostCompressedFile, ReadsGzipAndPlainFilesAlike) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "row," + std::to_string(i) + "\n";
  EXPECT_EQ(read_through(gzip("a.csv.gz", text)), text);
  auto plain = (dir / "a.csv").string();
  std::ofstream(plain) << text;
  EXPECT_EQ(read_through(plain), text);
}

TEST_F(CostCompressedFile, ATruncatedGzipIsAnErrorNotAShortFile) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "2024-05-01," + std::to_string(i * 7919 % 10007) + "\n";
  auto path = gzip("cut.csv.gz", text);
  auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  try {
    read_through(path);
    FAIL() << "a truncated gzip must not read as a shorter file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  EXPECT_THROW(CompressedFile((dir / "missing.csv").string()), std::runtime_error);
}

}  // namespace
}  // namespace cw::costs
