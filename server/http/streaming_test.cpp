// Streamed request and response bodies through the real server on a socket: limits, refusals
// before the body, disconnects, Range/ETag/HEAD on the wire, chunked responses.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/wait_test_support.hpp"
#include "http/live_server_test_support.hpp"
#include "http/streaming_test_routes.hpp"

namespace cw::http {
namespace {

namespace fs = std::filesystem;
using cw::testing::wait_until;
using namespace cw::http::testing;

constexpr uint64_t kLimit = 4 << 20;  // far above the 1 MiB JSON limit, small enough to test

size_t files_in(const fs::path& dir) {
  std::error_code ec;
  size_t n = 0;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); ++it) ++n;
  return n;
}

std::string upload_head(const std::string& name, const std::string& extra, const std::string& auth = "Bearer admin") {
  return "POST /api/v1/test/uploads/" + name + " HTTP/1.1\r\nHost: t\r\nAuthorization: " + auth +
         "\r\nContent-Type: application/octet-stream\r\n" + extra + "\r\n";
}

std::string error_code_of(const Reply& r) {
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  return body.is_object() ? body["error"].value("code", "") : "";
}

class StreamingTest : public ::testing::Test {
 protected:
  StreamingTest()
      : dir_(fs::temp_directory_path() / ("cw-streaming-" + std::to_string(::getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(dir_);
    add_streaming_test_routes(router_, dir_, kLimit, probe_);
    ServerSettings settings;
    settings.io_threads = 1;  // one loop: a stalled loop would stall every connection
    settings.worker_threads = 2;
    server_ = std::make_unique<LiveServer>(router_, settings);
  }
  ~StreamingTest() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  Reply upload(const std::string& name, const std::string& body) {
    RawClient c(server_->port());
    c.send(upload_head(name, "Content-Length: " + std::to_string(body.size()) + "\r\n") + body);
    return c.read_reply();
  }

  fs::path parts() const { return dir_ / "parts"; }
  fs::path store() const { return dir_ / "store"; }

  fs::path dir_;
  Router router_;
  SinkProbe probe_;
  std::unique_ptr<LiveServer> server_;
};

TEST_F(StreamingTest, AnUploadOverTheJsonLimitStreamsToTheSinkAndIsServedBack) {
  std::string body = pattern(3 << 20);
  Reply r = upload("a.bin", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["data"]["bytes"], body.size());
  EXPECT_EQ(files_in(parts()), 0u) << "the temporary file became the stored one";
  EXPECT_EQ(fs::file_size(store() / "a.bin"), body.size());

  RawClient c(server_->port());
  c.send("GET /api/v1/test/files/a.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n\r\n");
  Reply got = c.read_reply();
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.header("content-length"), std::to_string(body.size()));
  EXPECT_EQ(got.header("accept-ranges"), "bytes");
  EXPECT_EQ(got.header("x-content-type-options"), "nosniff") << "the pipeline's headers too";
  EXPECT_TRUE(got.body == body);
}

TEST_F(StreamingTest, ABlockingRouteStreamsToo) {
  RawClient c(server_->port());
  std::string body = pattern(2 << 20);
  c.send(
      "POST /api/v1/test/blocking-uploads/b.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer admin\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(c.read_reply().status, 201);
  EXPECT_EQ(fs::file_size(store() / "b.bin"), body.size());
  RawClient refused(server_->port());
  refused.send(
      "POST /api/v1/test/blocking-uploads/r.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n"
      "Content-Length: 10\r\n\r\n0123456789");
  EXPECT_EQ(refused.read_reply().status, 403);
}

TEST_F(StreamingTest, AChunkedUploadIsCountedAsItArrives) {
  RawClient c(server_->port());
  c.send(upload_head("c.bin", "Transfer-Encoding: chunked\r\n"));
  std::string piece = pattern(100'000);
  for (int i = 0; i < 5; ++i) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    c.send(size + piece + "\r\n");
  }
  c.send("0\r\n\r\n");
  Reply r = c.read_reply();
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(fs::file_size(store() / "c.bin"), 500'000u);
}

TEST_F(StreamingTest, AnAnnouncedBodyOverTheLimitIsRefusedBeforeItIsSent) {
  RawClient c(server_->port());
  c.send(upload_head("big.bin", "Content-Length: " + std::to_string(kLimit + 1) + "\r\nExpect: 100-continue\r\n"));
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 413) << "no 100 Continue first";
  EXPECT_EQ(error_code_of(r), "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(probe_.opened, 0) << "no sink for a body that will not fit";
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(StreamingTest, AChunkedBodyOverTheLimitIsCutOffAndRemoved) {
  RawClient c(server_->port());
  c.send(upload_head("big.bin", "Transfer-Encoding: chunked\r\n"));
  std::string piece = pattern(1 << 20);
  bool sending = true;
  for (int i = 0; i < 8 && sending; ++i) {  // 8 MiB against a 4 MiB limit
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    sending = c.send(size + piece + "\r\n");
  }
  if (sending) c.send("0\r\n\r\n");
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_code_of(r), "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(probe_.aborted, 1);
  EXPECT_EQ(probe_.handled, 0);
  EXPECT_EQ(files_in(parts()), 0u) << "the partial data is gone";
  EXPECT_EQ(files_in(store()), 0u);
}

TEST_F(StreamingTest, CallersAreAuthenticatedAndAuthorizedBeforeTheBody) {
  for (auto [auth, status] : {std::pair{"Bearer nobody", 401}, std::pair{"Bearer viewer", 403}}) {
    RawClient c(server_->port());
    c.send(upload_head("x.bin", "Content-Length: 1000\r\nExpect: 100-continue\r\n", auth));
    Reply r = c.read_reply();
    EXPECT_EQ(r.status, status) << auth << ": the final answer, not 100 Continue";
  }
  EXPECT_EQ(probe_.opened, 0);
  ASSERT_TRUE(wait_until([&] { return server_->audits().size() == 2; }));
  EXPECT_EQ(server_->audits()[1].result, "denied") << "refused uploads are audited like any request";
}

TEST_F(StreamingTest, ExpectContinueIsAnsweredOnceTheUploadIsAccepted) {
  RawClient c(server_->port());
  std::string body = pattern(50'000);
  c.send(upload_head("e.bin", "Content-Length: 50000\r\nExpect: 100-continue\r\n"));
  EXPECT_EQ(c.read_reply().status, 100);
  c.send(body);
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 201);
  // Keep-alive: the same connection carries the next request.
  c.send("GET /api/v1/test/files/e.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n\r\n");
  EXPECT_TRUE(c.read_reply().body == body);
}

TEST_F(StreamingTest, AHandlerThatFailsLeavesNothingBehind) {
  Reply r = upload("refused", pattern(600'000));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(error_code_of(r), "CONFLICT");
  EXPECT_EQ(probe_.bytes, 600'000u) << "the body was read in full";
  EXPECT_TRUE(wait_until([&] { return files_in(parts()) == 0; })) << "the unclaimed file is removed";
  EXPECT_EQ(files_in(store()), 0u);
}

TEST_F(StreamingTest, AClientThatDisconnectsMidUploadLeavesNothingBehind) {
  {
    RawClient c(server_->port());
    c.send(upload_head("gone.bin", "Content-Length: " + std::to_string(kLimit) + "\r\n"));
    c.send(pattern(1 << 20));
    // A chunk reaches the sink once full (256 KiB): some of the first MiB has by now.
    ASSERT_TRUE(wait_until([&] { return probe_.bytes > 0; })) << "the sink got data";
    EXPECT_EQ(files_in(parts()), 1u);
  }  // closes the socket with 3 MiB still to come
  ASSERT_TRUE(wait_until([&] { return probe_.aborted == 1; }));
  EXPECT_TRUE(wait_until([&] { return files_in(parts()) == 0; }));
  EXPECT_EQ(probe_.handled, 0);
  EXPECT_EQ(files_in(store()), 0u);
}

TEST_F(StreamingTest, ASlowSinkDoesNotStallOtherConnections) {
  probe_.hold = true;
  RawClient uploader(server_->port());
  uploader.send(upload_head("slow.bin", "Content-Length: 1000\r\n") + pattern(1000));
  ASSERT_TRUE(wait_until([&] { return probe_.holding.load(); }));
  // The only IO loop is free while the sink's write blocks on the worker pool.
  RawClient other(server_->port());
  other.send("GET /api/v1/test/ping HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(other.read_reply().status, 200);
  probe_.release();
  EXPECT_EQ(uploader.read_reply().status, 201);
}

class FileOnTheWireTest : public StreamingTest {
 protected:
  void SetUp() override {
    body_ = pattern(10'000);
    ASSERT_EQ(upload("f.bin", body_).status, 201);
  }
  Reply get(const std::string& extra, const std::string& method = "GET") {
    RawClient c(server_->port());
    c.send(method + " /api/v1/test/files/f.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n" + extra +
           "\r\n");
    return c.read_reply(method == "HEAD");
  }
  std::string body_;
};

TEST_F(FileOnTheWireTest, RangeGivesPartialContent) {
  Reply r = get("Range: bytes=100-199\r\n");
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.header("content-range"), "bytes 100-199/10000");
  EXPECT_EQ(r.header("content-length"), "100");
  EXPECT_TRUE(r.body == body_.substr(100, 100));
  EXPECT_TRUE(get("Range: bytes=-10\r\n").body == body_.substr(9990));
  EXPECT_TRUE(get("Range: bytes=9000-\r\n").body == body_.substr(9000));
}

TEST_F(FileOnTheWireTest, UnsatisfiableRangeIs416) {
  Reply r = get("Range: bytes=10000-\r\n");
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.header("content-range"), "bytes */10000");
  EXPECT_EQ(r.header("content-length"), "0");
}

TEST_F(FileOnTheWireTest, SeveralRangesGetTheWholeFile) {
  Reply r = get("Range: bytes=0-9,20-29\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body == body_);
}

TEST_F(FileOnTheWireTest, IfNoneMatchGives304WithoutABody) {
  std::string etag = get("").header("etag");
  ASSERT_FALSE(etag.empty());
  Reply r = get("If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.header("etag"), etag);
  EXPECT_EQ(r.header("content-length"), "");
  EXPECT_EQ(get("If-None-Match: \"stale\"\r\n").status, 200);
}

TEST_F(FileOnTheWireTest, HeadHasTheHeadersAndNoBody) {
  RawClient c(server_->port());
  c.send("HEAD /api/v1/test/files/f.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n\r\n");
  Reply r = c.read_reply(/*head=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-length"), "10000");
  EXPECT_FALSE(r.header("etag").empty());
  // Nothing followed the header: the next answer on this connection starts right away.
  c.send(
      "HEAD /api/v1/test/files/f.bin HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n"
      "Range: bytes=0-99\r\n\r\n");
  Reply partial = c.read_reply(true);
  EXPECT_EQ(partial.status, 206);
  EXPECT_EQ(partial.header("content-length"), "100");
}

TEST_F(StreamingTest, AStreamOfUnknownLengthIsSentChunked) {
  RawClient c(server_->port());
  c.send("GET /api/v1/test/generated?bytes=1000000 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer viewer\r\n\r\n");
  Reply r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_TRUE(r.body == pattern(1'000'000));
  // HTTP/1.0 has no chunks: the body ends with the connection.
  RawClient old(server_->port());
  old.send("GET /api/v1/test/generated?bytes=5000 HTTP/1.0\r\nAuthorization: Bearer viewer\r\n\r\n");
  Reply r10 = old.read_reply();  // no length: read to the end
  EXPECT_EQ(r10.status, 200);
  EXPECT_EQ(r10.header("transfer-encoding"), "");
  EXPECT_TRUE(r10.body == pattern(5000));
}

}  // namespace
}  // namespace cw::http
