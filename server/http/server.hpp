#pragma once
/// The HTTP/1.1 + WebSocket listener (Boost.Beast, C++20 coroutines): one io_context with N IO
/// threads, a worker pool for blocking routes, read timeouts, size limits, streamed request and
/// response bodies (http/body_streaming.hpp), keep-alive, and a graceful shutdown that stops
/// accepting, lets in-flight requests finish (bounded) and closes WebSockets with 1001.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/client_address.hpp"
#include "core/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/ws_hub.hpp"

namespace cw::http {

struct ServerSettings {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;
  int io_threads = 2;
  int worker_threads = 4;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{10};
  /// A whole buffered body or response; for a streamed one (BodyMode::kStream, a BodySource)
  /// each chunk, so a big transfer on a slow link may take as long as it keeps moving.
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds keep_alive_timeout{60};
  std::chrono::seconds shutdown_grace{10};
  std::chrono::seconds ws_auth_timeout{5};
  std::chrono::seconds ws_idle_timeout{60};  // pings are sent at half of it
  size_t ws_queue_limit = 256;
  /// Peers whose X-Forwarded-For is believed (http/client_address.hpp).
  TrustedProxies trusted_proxies;
};

class HttpServer {
 public:
  HttpServer(ServerSettings settings, Pipeline& pipeline, WsHub& hub, MetricsRegistry& metrics);
  ~HttpServer();

  /// Binds and listens; returns the bound port (useful with port 0). Throws on failure.
  uint16_t listen();
  /// Serves until SIGINT/SIGTERM or request_shutdown(), then drains. Blocks the calling thread.
  void run();
  void request_shutdown();

  struct Impl;  // public so the connection/WebSocket code in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cw::http
