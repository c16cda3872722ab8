#pragma once
/// Test support (header-only, for *_test.cpp): the real HttpServer and Pipeline on
/// 127.0.0.1:<ephemeral port> around a Router the test fills, with a fake authenticator
/// ("Bearer admin" / "Bearer viewer"), and a blocking raw-socket HTTP/1.1 client that can send
/// a body in pieces, stop half-way, and read a body of any size without keeping it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "http/ws_hub.hpp"

namespace cw::http::testing {

class FakeAuthenticator final : public Authenticator {
 public:
  Principal authenticate(const Request& request) override {
    auto header = request.header("authorization").value_or("");
    Principal p;
    p.user_id = "usr_test";
    p.organization_id = "org_test";
    if (header == "Bearer admin")
      p.role = Role::kAdmin;
    else if (header == "Bearer viewer")
      p.role = Role::kViewer;
    else
      throw ApiError(ErrorCode::kAuthentication, "missing or invalid credentials");
    return p;
  }
  std::optional<Principal> verify_access_token(std::string_view) override { return std::nullopt; }
};

/// The server runs on a thread of its own from construction to destruction.
class LiveServer {
 public:
  explicit LiveServer(Router& router, ServerSettings settings = {}) {
    settings.host = "127.0.0.1";
    settings.port = 0;
    settings.shutdown_grace = std::chrono::seconds(2);
    PipelineSettings pipeline_settings;
    pipeline_settings.rate_limit_per_minute = 0;
    pipeline_settings.access_log = false;
    pipeline_ = std::make_unique<Pipeline>(
        pipeline_settings, router, auth_,
        [this](const AuditEvent& e) {
          std::lock_guard lock(mutex_);
          audits_.push_back(e);
        },
        limiter_, metrics_, static_files_, clock_);
    server_ = std::make_unique<HttpServer>(settings, *pipeline_, hub_, metrics_);
    port_ = server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~LiveServer() {
    server_->request_shutdown();
    thread_.join();
  }
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  uint16_t port() const { return port_; }
  std::vector<AuditEvent> audits() const {
    std::lock_guard lock(mutex_);
    return audits_;
  }

 private:
  SystemClock clock_;
  FakeAuthenticator auth_;
  MetricsRegistry metrics_;
  RateLimiter limiter_{clock_, nullptr};
  StaticFiles static_files_{""};
  WsHub hub_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<AuditEvent> audits_;
};

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // unless the caller consumed it
  uint64_t body_bytes = 0;
  bool closed = false;  // the connection ended before a whole reply

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

/// One connection, blocking, with a receive timeout so a broken server fails a test instead of
/// hanging it.
class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("connect failed");
  }
  ~RawClient() { close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  /// False once the server has stopped reading (closed or reset).
  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  /// Reads one response. The body goes to `on_body` when given (and is not kept), else into
  /// Reply::body. `head`: the response to a HEAD has no body whatever its headers say.
  Reply read_reply(bool head = false, const std::function<void(std::string_view)>& on_body = {}) {
    Reply reply;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        reply.closed = true;
        return reply;
      }
    }
    std::string head_text = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    size_t line_end = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, line_end);
    reply.status = std::atoi(status_line.substr(status_line.find(' ') + 1, 3).c_str());
    size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
      size_t e = head_text.find("\r\n", pos);
      if (e == std::string::npos) e = head_text.size();
      std::string h = head_text.substr(pos, e - pos);
      pos = e + 2;
      size_t colon = h.find(':');
      if (colon == std::string::npos) continue;
      std::string name = h.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = h.find_first_not_of(' ', colon + 1);
      reply.headers[name] = v == std::string::npos ? "" : h.substr(v);
    }
    auto deliver = [&](std::string_view piece) {
      reply.body_bytes += piece.size();
      if (on_body)
        on_body(piece);
      else
        reply.body.append(piece);
    };
    if (head || reply.status == 100 || reply.status == 204 || reply.status == 304) return reply;
    if (reply.header("transfer-encoding") == "chunked") {
      for (;;) {
        size_t eol;
        while ((eol = buffer_.find("\r\n")) == std::string::npos)
          if (!fill()) return closed(reply);
        uint64_t size = std::stoull(buffer_.substr(0, eol), nullptr, 16);
        buffer_.erase(0, eol + 2);
        if (size == 0) {
          while (buffer_.size() < 2)
            if (!fill()) return closed(reply);
          buffer_.erase(0, 2);
          return reply;
        }
        if (!read_exactly(size, deliver)) return closed(reply);
        while (buffer_.size() < 2)
          if (!fill()) return closed(reply);
        buffer_.erase(0, 2);
      }
    }
    if (!reply.headers.count("content-length")) {  // the body ends with the connection
      if (!buffer_.empty()) deliver(buffer_);
      buffer_.clear();
      char chunk[64 * 1024];
      ssize_t n;
      while ((n = ::recv(fd_, chunk, sizeof chunk, 0)) > 0) deliver(std::string_view(chunk, static_cast<size_t>(n)));
      return reply;
    }
    if (!read_exactly(std::stoull(reply.header("content-length")), deliver)) return closed(reply);
    return reply;
  }

  /// True when the server closed the connection (EOF or reset) with nothing more to read.
  bool closed_by_server() {
    if (!buffer_.empty()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n <= 0;
  }

 private:
  static Reply closed(Reply& r) {
    r.closed = true;
    return r;
  }

  bool fill() {
    char chunk[64 * 1024];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  // Reads straight into a reused buffer once the already buffered bytes are used up, so a body
  // of any size passes through in bounded memory.
  template <typename Deliver>
  bool read_exactly(uint64_t length, Deliver& deliver) {
    size_t from_buffer = static_cast<size_t>(std::min<uint64_t>(length, buffer_.size()));
    if (from_buffer) deliver(std::string_view(buffer_.data(), from_buffer));
    buffer_.erase(0, from_buffer);
    length -= from_buffer;
    std::vector<char> chunk(1 << 20);
    while (length > 0) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(length, chunk.size()));
      ssize_t n = ::recv(fd_, chunk.data(), want, 0);
      if (n <= 0) return false;
      deliver(std::string_view(chunk.data(), static_cast<size_t>(n)));
      length -= static_cast<uint64_t>(n);
    }
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

}  // namespace cw::http::testing
