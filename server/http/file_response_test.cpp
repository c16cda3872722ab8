#include "http/file_response.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"

namespace cw::http {
namespace {

namespace fs = std::filesystem;

class FileResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cw-file-response-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = dir_ / "data.bin";
    for (int i = 0; i < 1000; ++i) content_ += static_cast<char>('a' + i % 26);
    std::ofstream(path_, std::ios::binary) << content_;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Response get(HeaderList headers, FileResponseOptions options = {}) {
    Request request;
    request.method = "GET";
    request.headers = std::move(headers);
    if (options.path.empty()) options.path = path_;
    return file_response(request, options);
  }

  static std::string drain(Response& r) {
    std::string out;
    char buf[97];  // odd size: reads that do not line up with anything
    while (size_t n = r.body_source->read(buf, sizeof buf)) out.append(buf, n);
    return out;
  }

  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return "";
  }

  fs::path dir_, path_;
  std::string content_;
};

TEST_F(FileResponseTest, WholeFileWithValidatorsAndSize) {
  Response r = get({});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/octet-stream");
  EXPECT_EQ(header(r, "Accept-Ranges"), "bytes");
  EXPECT_EQ(header(r, "Cache-Control"), "private, no-cache");
  std::string etag = header(r, "ETag");
  EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"' && etag.find("W/") == std::string::npos)
      << "strong ETag: " << etag;
  ASSERT_TRUE(r.body_source);
  EXPECT_EQ(r.body_source->size(), content_.size());
  EXPECT_TRUE(r.body.empty()) << "nothing held in memory";
  EXPECT_EQ(drain(r), content_);
}

TEST_F(FileResponseTest, EtagChangesWithTheFileAndCanComeFromTheCaller) {
  std::string before = header(get({}), "ETag");
  std::ofstream(path_, std::ios::binary | std::ios::app) << "more";
  EXPECT_NE(header(get({}), "ETag"), before);
  FileResponseOptions options;
  options.etag = "sha256-abc";
  options.content_type = "text/plain";
  Response r = get({}, options);
  EXPECT_EQ(header(r, "ETag"), "\"sha256-abc\"");
  EXPECT_EQ(r.content_type, "text/plain");
  options.etag = "bad\"tag";
  EXPECT_THROW(get({}, options), std::logic_error);
}

TEST_F(FileResponseTest, IfNoneMatchGivesNotModified) {
  std::string etag = header(get({}), "ETag");
  for (std::string inm : {etag, "\"other\", " + etag, "W/" + etag, std::string("*")}) {
    Response r = get({{"if-none-match", inm}});
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_FALSE(r.body_source);
    EXPECT_EQ(header(r, "ETag"), etag);
  }
  EXPECT_EQ(get({{"if-none-match", "\"other\""}}).status, 200);
}

TEST_F(FileResponseTest, OneRangeIsPartialContent) {
  Response r = get({{"range", "bytes=10-19"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(header(r, "Content-Range"), "bytes 10-19/1000");
  EXPECT_EQ(r.body_source->size(), 10u);
  EXPECT_EQ(drain(r), content_.substr(10, 10));

  Response tail = get({{"range", "bytes=-7"}});
  EXPECT_EQ(header(tail, "Content-Range"), "bytes 993-999/1000");
  EXPECT_EQ(drain(tail), content_.substr(993));

  Response open = get({{"range", "bytes=990-"}});
  EXPECT_EQ(drain(open), content_.substr(990));
}

TEST_F(FileResponseTest, RangePastTheEndIsUnsatisfiable) {
  Response r = get({{"range", "bytes=1000-"}});
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(header(r, "Content-Range"), "bytes */1000");
  EXPECT_FALSE(r.body_source);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(FileResponseTest, SeveralRangesOrAStaleIfRangeGetTheWholeFile) {
  Response several = get({{"range", "bytes=0-1,5-6"}});
  EXPECT_EQ(several.status, 200);
  EXPECT_EQ(several.body_source->size(), 1000u);

  std::string etag = header(get({}), "ETag");
  EXPECT_EQ(get({{"range", "bytes=0-1"}, {"if-range", etag}}).status, 206);
  EXPECT_EQ(get({{"range", "bytes=0-1"}, {"if-range", "\"old\""}}).status, 200);
  EXPECT_EQ(get({{"range", "bytes=0-1"}, {"if-range", "Wed, 21 Oct 2015 07:28:00 GMT"}}).status, 200);
}

TEST_F(FileResponseTest, MissingFileOrDirectoryIsNotFound) {
  FileResponseOptions options;
  options.path = dir_ / "nope";
  try {
    get({}, options);
    FAIL();
  } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kNotFound); }
  options.path = dir_;
  EXPECT_THROW(get({}, options), ApiError);
}

TEST_F(FileResponseTest, ATruncatedFileFailsTheBodyInsteadOfEndingItShort) {
  Response r = get({});
  fs::resize_file(path_, 100);
  char buf[4096];
  EXPECT_EQ(r.body_source->read(buf, sizeof buf), 100u);
  EXPECT_THROW(r.body_source->read(buf, sizeof buf), std::runtime_error);
}

TEST(EtagList, WeakComparison) {
  EXPECT_TRUE(etag_list_matches("\"a\"", "\"a\""));
  EXPECT_TRUE(etag_list_matches(" \"x\" ,W/\"a\"", "\"a\""));
  EXPECT_TRUE(etag_list_matches("*", "\"a\""));
  EXPECT_FALSE(etag_list_matches("\"ab\"", "\"a\""));
  EXPECT_FALSE(etag_list_matches("", "\"a\""));
}

}  // namespace
}  // namespace cw::http
