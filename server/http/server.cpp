// Boost 1.74's Asio uses std::exchange without including <utility> under GCC 12.
#include <utility>

#include "core/json_text.hpp"
#include "http/server.hpp"
#include "core/error.hpp"
#include "core/json_parse.hpp"
#include "http/body_streaming.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/log.hpp"

namespace cw::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

/// What shutdown needs to know about a keep-alive connection: is it between requests, and how
/// to close it. Touched only on the connection's strand.
struct ConnectionState {
  beast::tcp_stream* stream = nullptr;
  bool idle = true;
};

template <typename Body>
void set_response_header(bhttp::response<Body>& msg, Response& r, bool keep_alive) {
  msg.set(bhttp::field::server, "cloudweave");
  if (!r.content_type.empty()) msg.set(bhttp::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers) msg.set(name, value);
  msg.keep_alive(keep_alive);
}

bhttp::response<bhttp::string_body> to_beast(Response& r, unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> msg{static_cast<bhttp::status>(r.status), version};
  if (r.status == 460) msg.reason("Checksum Mismatch");  // tus; Beast knows no phrase for it
  set_response_header(msg, r, keep_alive);
  size_t length = r.body.size();
  if (!head) msg.body() = std::move(r.body);
  if (r.status != 204 && r.status != 304) msg.set(bhttp::field::content_length, std::to_string(length));
  return msg;
}

// The request as routes see it, from the header alone: routing and, for a streamed body,
// authentication happen before the body is read. A buffered body is moved in afterwards.
Request request_from_header(const bhttp::request_header<>& msg, const std::string& peer,
                            const TrustedProxies& proxies) {
  Request r;
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  auto forwarded = msg.find("X-Forwarded-For");
  r.remote_address = proxies.client_address(
      peer, forwarded == msg.end() ? std::nullopt : std::optional<std::string_view>(forwarded->value()));
  r.headers.reserve(16);
  for (auto& field : msg) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  return r;
}

ApiError body_too_large(uint64_t limit) {
  return ApiError(ErrorCode::kPayloadTooLarge, "request body exceeds " + std::to_string(limit) + " bytes");
}

}  // namespace

struct HttpServer::Impl {
  Impl(ServerSettings s, Pipeline& p, WsHub& h, MetricsRegistry& m)
      : settings(std::move(s)),
        pipeline(p),
        hub(h),
        metrics(m),
        io(1),
        workers(static_cast<size_t>(std::max(1, settings.worker_threads))),
        acceptor(net::make_strand(io)),
        signals(io, SIGINT, SIGTERM) {}

  ServerSettings settings;
  Pipeline& pipeline;
  WsHub& hub;
  MetricsRegistry& metrics;
  // Declared before io: destroying io destroys suspended connection coroutines, whose cleanup
  // touches these, so they must still exist then.
  std::atomic<bool> draining{false};
  std::atomic<int> active_requests{0};
  std::atomic<int> open_connections{0};
  std::mutex connections_mutex;
  std::set<std::shared_ptr<ConnectionState>> connections;
  // One event loop per IO thread, as nginx has one per worker: a connection lives on one loop,
  // so no two threads contend for a scheduler lock (one io_context shared by every thread
  // spent more CPU on that contention than on HTTP). `io` also holds the acceptor, the signal
  // handler and the shutdown timer; `loops` are the others, each run by a thread of its own.
  net::io_context io;
  std::vector<std::unique_ptr<net::io_context>> loops;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> loop_guards;
  size_t next_loop = 0;  // round robin over io and loops; only the accept loop touches it
  net::thread_pool workers;
  tcp::acceptor acceptor;
  net::signal_set signals;

  net::awaitable<void> accept_loop();
  net::awaitable<void> serve_connection(tcp::socket socket);
  net::awaitable<void> serve_websocket(beast::tcp_stream stream, bhttp::request<bhttp::string_body> upgrade,
                                       std::string remote);
  net::awaitable<void> write_error(beast::tcp_stream& stream, unsigned version, int status, const char* code,
                                   const std::string& message);
  /// A route's response, with its body from memory or streamed from a BodySource. May turn
  /// keep_alive off (a body whose end only the closing connection can mark).
  net::awaitable<beast::error_code> write_response(beast::tcp_stream& stream, Response& response, unsigned version,
                                                   bool& keep_alive, bool head);
  /// A request to a BodyMode::kStream route, from after its header to its response. Returns
  /// whether the connection can carry another request.
  net::awaitable<bool> serve_streamed_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                           bhttp::request_parser<bhttp::string_body>& parser, Request& request,
                                           RouteMatch match);
  void begin_shutdown();
  net::io_context& loop_for_next_connection();
  void stop_loops();
};

net::io_context& HttpServer::Impl::loop_for_next_connection() {
  size_t i = next_loop++ % (loops.size() + 1);
  return i == 0 ? io : *loops[i - 1];
}

void HttpServer::Impl::stop_loops() {
  io.stop();
  for (auto& loop : loops) loop->stop();
}

// ---------------------------------------------------------------- WebSocket sessions

class WsSession final : public WsClient, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(beast::tcp_stream stream, HttpServer::Impl& server) : ws_(std::move(stream)), server_(server) {}

  void send(std::shared_ptr<const std::string> message) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), message = std::move(message)]() mutable {
      if (self->close_code_) return;
      if (self->queue_.size() >= self->server_.settings.ws_queue_limit) {
        // A consumer that cannot keep up is cut off rather than buffered without bound.
        log::warn("websocket send queue full; disconnecting slow consumer", nlohmann::json{{"orgId", self->org_}});
        self->close_now(websocket::close_code::policy_error);
        return;
      }
      self->queue_.push_back(std::move(message));
      self->pump();
    });
  }

  void close(unsigned short code) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), code] { self->close_now(code); });
  }

  net::awaitable<void> run(bhttp::request<bhttp::string_body> upgrade) {
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = 10s;
    timeouts.idle_timeout = server_.settings.ws_idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(64 * 1024);
    beast::get_lowest_layer(ws_).expires_never();
    beast::error_code ec;
    co_await ws_.async_accept(upgrade, ec_into(ec));
    if (ec) co_return;
    // Until it authenticates the session is held under no organization (""), which no event
    // targets, so that shutdown still finds and closes it.
    server_.hub.add("", shared_from_this());

    // Token in the query string (never logged), else the first message must authenticate.
    std::string path;
    std::map<std::string, std::string> query;
    if (parse_target(upgrade.target(), path, query) && query.count("access_token")) {
      authenticate(query["access_token"]);
      if (!authenticated_) {
        reply_error("invalid or expired access token");
        close_now(websocket::close_code::policy_error);
      }
    }
    if (!authenticated_ && !close_code_) arm_auth_deadline();

    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code rec;
      co_await ws_.async_read(buffer, ec_into(rec));
      if (rec) break;
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      on_message(text);
    }
    server_.hub.remove(org_, this);
  }

 private:
  void on_message(const std::string& text) {
    auto msg = parse_untrusted_json(text);
    std::string type =
        msg.is_object() && msg.contains("type") && msg["type"].is_string() ? msg["type"].get<std::string>() : "";
    if (!authenticated_) {
      if (type == "auth" && msg.contains("token") && msg["token"].is_string())
        authenticate(msg["token"].get<std::string>());
      if (!authenticated_) {
        reply_error(type == "auth" ? "invalid or expired access token"
                                   : "authenticate first with {\"type\":\"auth\",\"token\":…}");
        close_now(websocket::close_code::policy_error);
      }
      return;
    }
    if (type == "ping") {
      queue_json({{"type", "pong"}});
    } else {
      reply_error("unknown message type", "VALIDATION_ERROR");
    }
  }

  void authenticate(const std::string& token) {
    auto principal = server_.pipeline.authenticator().verify_access_token(token);
    if (!principal) return;
    authenticated_ = true;
    server_.hub.remove("", this);
    org_ = principal->organization_id;
    user_ = principal->user_id;
    server_.hub.add(org_, shared_from_this());
    queue_json({{"type", "auth.ok"}, {"data", {{"userId", principal->user_id}, {"organizationId", org_}}}});
  }

  void arm_auth_deadline() {
    auto timer = std::make_shared<net::steady_timer>(ws_.get_executor(), server_.settings.ws_auth_timeout);
    timer->async_wait([self = shared_from_this(), timer](beast::error_code ec) {
      if (!ec && !self->authenticated_) self->close_now(websocket::close_code::policy_error);
    });
  }

  void reply_error(const std::string& message, const char* code = "AUTHENTICATION_ERROR") {
    queue_json({{"type", "error"}, {"data", {{"code", code}, {"message", message}}}});
  }

 public:
  const std::string& user_id() const override { return user_; }

 private:
  void queue_json(const nlohmann::json& msg) {
    queue_.push_back(std::make_shared<const std::string>(dump_json(msg)));
    pump();
  }

  void close_now(unsigned short code) {
    if (close_code_) return;
    close_code_ = code;
    pump();
  }

  // One write in flight: drains the queue, then sends the close frame if one is pending.
  void pump() {
    if (writing_) return;
    writing_ = true;
    net::co_spawn(ws_.get_executor(), write_loop(shared_from_this()), net::detached);
  }

  static net::awaitable<void> write_loop(std::shared_ptr<WsSession> self) {
    while (!self->queue_.empty()) {
      auto message = self->queue_.front();
      self->queue_.pop_front();
      self->ws_.text(true);
      beast::error_code ec;
      co_await self->ws_.async_write(net::buffer(*message), ec_into(ec));
      if (ec) {
        self->queue_.clear();
        self->writing_ = false;
        co_return;
      }
      if (self->close_code_ && self->close_code_ != 1001) break;  // error → close promptly
    }
    if (self->close_code_ && !self->close_sent_) {
      self->close_sent_ = true;
      self->queue_.clear();
      websocket::close_reason reason(self->close_code_);
      beast::error_code ec;
      co_await self->ws_.async_close(reason, ec_into(ec));
    }
    self->writing_ = false;
  }

  websocket::stream<beast::tcp_stream> ws_;
  HttpServer::Impl& server_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool authenticated_ = false;
  bool close_sent_ = false;
  unsigned short close_code_ = 0;
  std::string org_;
  std::string user_;
};

// ---------------------------------------------------------------- HTTP connections

net::awaitable<void> HttpServer::Impl::write_error(beast::tcp_stream& stream, unsigned version, int status,
                                                   const char* code, const std::string& message) {
  Response r = pipeline.error_response(nullptr, status, code, message);
  auto msg = to_beast(r, version ? version : 11, false, false);
  stream.expires_after(5s);
  beast::error_code ec;
  co_await bhttp::async_write(stream, msg, ec_into(ec));
}

net::awaitable<void> HttpServer::Impl::serve_connection(tcp::socket socket) {
  beast::error_code addr_ec;
  auto endpoint = socket.remote_endpoint(addr_ec);
  std::string remote = addr_ec ? "unknown" : endpoint.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  auto state = std::make_shared<ConnectionState>();
  state->stream = &stream;
  {
    std::lock_guard lock(connections_mutex);
    connections.insert(state);
  }
  ++open_connections;
  struct Unregister {
    Impl& self;
    std::shared_ptr<ConnectionState> state;
    ~Unregister() {
      state->stream = nullptr;
      std::lock_guard lock(self.connections_mutex);
      self.connections.erase(state);
      --self.open_connections;
    }
  } unregister{*this, state};

  bool first = true;
  while (!draining) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(settings.max_header_bytes));
    // No limit while the header is read: which limit applies depends on the route (a streamed
    // upload has its own), so it is checked once the route is known.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(first ? settings.header_timeout : settings.keep_alive_timeout);
    state->idle = true;
    beast::error_code ec;
    size_t n = co_await bhttp::async_read_header(stream, buffer, parser, ec_into(ec));
    if (ec == net::error::operation_aborted && draining) {
      // Shutdown cancels reads on idle keep-alive connections. One whose next request was
      // already on its way (bytes buffered or waiting in the socket) is not idle: that request
      // is read and answered, with Connection: close, instead of dropped.
      beast::error_code aec;
      if (buffer.size() > 0 || parser.got_some() || stream.socket().available(aec) > 0) {
        stream.expires_after(settings.header_timeout);
        n = co_await bhttp::async_read_header(stream, buffer, parser, ec_into(ec));
      }
    }
    state->idle = false;
    first = false;
    if (ec == bhttp::error::header_limit) {
      co_await write_error(stream, 11, 431, "HEADERS_TOO_LARGE", "request headers too large");
      break;
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof || ec == net::error::bad_descriptor)
      break;
    if (ec) {
      if (n > 0 || buffer.size() > 0 || ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
        co_await write_error(stream, 11, 400, "VALIDATION_ERROR", "malformed HTTP request: " + ec.message());
      break;
    }
    auto& header = parser.get();
    unsigned version = header.version();

    if (websocket::is_upgrade(header)) {
      std::string target(header.target());
      if (target.rfind("/api/v1/ws", 0) == 0 && (target.size() == 10 || target[10] == '?' || target[10] == '/')) {
        stream.expires_never();
        co_await serve_websocket(std::move(stream), parser.release(), remote);
        co_return;
      }
    }

    Request request = request_from_header(header, remote, settings.trusted_proxies);
    bool target_ok = parse_target(request.target, request.path, request.query);
    RouteMatch match;
    if (target_ok) match = pipeline.match(request);
    if (match.route && match.route->options.body == BodyMode::kStream) {
      bool keep_alive = co_await serve_streamed_body(stream, buffer, parser, request, std::move(match));
      if (!keep_alive) break;
      continue;
    }

    if (auto length = parser.content_length(); length && *length > settings.max_body_bytes) {
      co_await write_error(stream, version, 413, "PAYLOAD_TOO_LARGE",
                           "request body exceeds " + std::to_string(settings.max_body_bytes) + " bytes");
      break;
    }
    parser.body_limit(settings.max_body_bytes);  // a chunked body is counted as it arrives
    if (auto expect = header[bhttp::field::expect]; beast::iequals(expect, "100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
      beast::error_code cec;
      co_await bhttp::async_write(stream, cont, ec_into(cec));
    }
    beast::error_code bec;
    // Most requests (GETs) have no body: the header read finished the message, and another
    // read would only cost a trip through the executor.
    if (!parser.is_done()) {
      stream.expires_after(settings.body_timeout);
      co_await bhttp::async_read(stream, buffer, parser, ec_into(bec));
    }
    if (bec == bhttp::error::body_limit) {
      co_await write_error(stream, version, 413, "PAYLOAD_TOO_LARGE",
                           "request body exceeds " + std::to_string(settings.max_body_bytes) + " bytes");
      break;
    }
    if (bec) {
      if (bec != beast::error::timeout && bec != bhttp::error::end_of_stream && bec != net::error::eof &&
          bec != net::error::operation_aborted)
        co_await write_error(stream, version, 400, "VALIDATION_ERROR", "malformed HTTP request body: " + bec.message());
      break;
    }

    auto& message = parser.get();
    bool keep_alive = message.keep_alive();
    bool head = message.method() == bhttp::verb::head;
    request.body = std::move(message.body());
    ++active_requests;
    Response response;
    if (!target_ok) {
      response = pipeline.error_response(&request, 400, "VALIDATION_ERROR", "malformed request target");
      keep_alive = false;
    } else {
      if (match.route && match.route->options.blocking) {
        response = co_await net::co_spawn(
            workers, [&]() -> net::awaitable<Response> { co_return pipeline.handle(request, std::move(match)); },
            net::use_awaitable);
      } else {
        response = pipeline.handle(request, std::move(match));
      }
    }
    keep_alive = keep_alive && !draining;
    beast::error_code wec = co_await write_response(stream, response, version, keep_alive, head);
    --active_requests;
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<beast::error_code> HttpServer::Impl::write_response(beast::tcp_stream& stream, Response& response,
                                                                   unsigned version, bool& keep_alive, bool head) {
  beast::error_code ec;
  if (!response.body_source || response.status == 204 || response.status == 304) {
    auto out = to_beast(response, version, keep_alive, head);
    stream.expires_after(settings.body_timeout);
    co_await bhttp::async_write(stream, out, ec_into(ec));
    co_return ec;
  }
  bhttp::response<bhttp::buffer_body> out{static_cast<bhttp::status>(response.status), version};
  auto size = response.body_source->size();
  // Without a length the body ends with a last chunk; HTTP/1.0 has no chunks, so there the end
  // of the connection is the end of the body.
  if (!size && version < 11) keep_alive = false;
  set_response_header(out, response, keep_alive);
  if (size)
    out.content_length(*size);
  else if (version >= 11)
    out.chunked(true);
  co_return co_await send_body_from_source(stream, out, *response.body_source, head, settings.body_timeout, workers);
}

net::awaitable<bool> HttpServer::Impl::serve_streamed_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                           bhttp::request_parser<bhttp::string_body>& parser,
                                                           Request& request, RouteMatch match) {
  using End = BodyReadResult::End;
  const RouteOptions& options = match.route->options;
  const bool blocking = options.blocking;
  unsigned version = parser.get().version();
  bool keep_alive = parser.get().keep_alive();
  bool expect_continue = version >= 11 && beast::iequals(parser.get()[bhttp::field::expect], "100-continue");
  std::optional<uint64_t> announced;
  if (auto length = parser.content_length()) announced = *length;
  ++active_requests;
  struct Active {
    std::atomic<int>& count;
    ~Active() { --count; }
  } active{active_requests};

  // Headers first: the caller is authenticated and authorized, and the route opens its sink,
  // before a byte of the body is read. A request refused here never has its body read (and with
  // Expect: 100-continue the client never even sends it).
  Exchange exchange(request);
  std::unique_ptr<BodySink> sink;
  auto admit = [&] {
    pipeline.admit(exchange, std::move(match));
    if (exchange.response) return;
    if (announced && *announced > options.max_body_bytes)
      return pipeline.fail(exchange, std::make_exception_ptr(body_too_large(options.max_body_bytes)));
    try {
      sink = options.open_sink(exchange.ctx);
      if (!sink) throw std::logic_error("open_sink returned no sink for " + exchange.route_label);
    } catch (...) { pipeline.fail(exchange, std::current_exception()); }
  };
  // Like handle(), every phase that may touch the database (authentication, the sink's setup,
  // the handler, the audit entry) runs where the route says: on the pool when it blocks.
  auto conclude = [&] { return pipeline.conclude(exchange); };
  if (blocking)
    co_await on_pool(workers, admit);
  else
    admit();
  if (exchange.response) {
    // No co_await inside ?: — GCC 12 miscompiles it (a crash here).
    Response response;
    if (blocking)
      response = co_await on_pool(workers, conclude);
    else
      response = conclude();
    keep_alive = false;  // the unread body is still on its way
    co_await write_response(stream, response, version, keep_alive, false);
    co_await drain_before_close(stream);
    co_return false;
  }

  if (expect_continue) {
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
    beast::error_code cec;
    stream.expires_after(settings.body_timeout);
    co_await bhttp::async_write(stream, cont, ec_into(cec));
  }
  bhttp::request_parser<bhttp::buffer_body> body_parser{std::move(parser)};
  body_parser.body_limit(options.max_body_bytes);  // counts a chunked body as it arrives
  BodyReadResult read = co_await read_body_to_sink(stream, buffer, body_parser, *sink, options.max_body_bytes,
                                                   settings.body_timeout, workers);
  switch (read.end) {
    case End::kComplete:
      exchange.ctx.body_sink = sink.get();
      break;
    case End::kTooLarge:
      pipeline.fail(exchange, std::make_exception_ptr(body_too_large(options.max_body_bytes)));
      break;
    case End::kMalformed:
      pipeline.fail(exchange, std::make_exception_ptr(ApiError(ErrorCode::kValidation,
                                                               "malformed HTTP request body: " + read.ec.message())));
      break;
    case End::kDisconnected:
      // Nobody is left to answer; the error is for the access log, metrics and audit.
      pipeline.fail(exchange, std::make_exception_ptr(
                                  ApiError(ErrorCode::kValidation, "request body incomplete: " + read.ec.message())));
      break;
    case End::kSinkFailed:
      pipeline.fail(exchange, read.error);
      break;
  }
  const bool complete = read.end == End::kComplete;
  if (!complete) co_await on_pool(workers, [&] { sink->abort(); });
  auto finish = [&] {
    if (complete) pipeline.run(exchange);
    return pipeline.conclude(exchange);
  };
  Response response;
  if (blocking)
    response = co_await on_pool(workers, finish);
  else
    response = finish();
  exchange.ctx.body_sink = nullptr;
  // A sink the handler did not claim deletes its file when destroyed: a 2 GiB unlink belongs on
  // the pool too.
  co_await on_pool(workers, [&] { sink.reset(); });
  if (read.end == End::kDisconnected) co_return false;

  keep_alive = keep_alive && complete && !draining;
  beast::error_code wec = co_await write_response(stream, response, version, keep_alive, false);
  if (!complete && !wec) co_await drain_before_close(stream);
  co_return keep_alive && !wec;
}

net::awaitable<void> HttpServer::Impl::serve_websocket(beast::tcp_stream stream,
                                                       bhttp::request<bhttp::string_body> upgrade, std::string remote) {
  auto session = std::make_shared<WsSession>(std::move(stream), *this);
  if (draining) { session->close(websocket::close_code::going_away); }
  co_await session->run(std::move(upgrade));
}

net::awaitable<void> HttpServer::Impl::accept_loop() {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(net::make_strand(loop_for_next_connection()), ec_into(ec));
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
      log::warn("accept failed", nlohmann::json{{"error", ec.message()}});
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    socket.set_option(tcp::no_delay(true));
    auto executor = socket.get_executor();
    net::co_spawn(executor, serve_connection(std::move(socket)), [](const std::exception_ptr& e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) { log::error("connection failed", nlohmann::json{{"error", ex.what()}}); }
    });
  }
}

void HttpServer::Impl::begin_shutdown() {
  if (draining.exchange(true)) return;
  log::info("shutting down: draining connections");
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
  });
  std::vector<std::shared_ptr<ConnectionState>> snapshot;
  {
    std::lock_guard lock(connections_mutex);
    snapshot.assign(connections.begin(), connections.end());
  }
  for (auto& state : snapshot) {
    if (!state->stream) continue;
    // Close keep-alive connections waiting for their next request; busy ones close after
    // writing their response (keep-alive is off while draining).
    net::post(state->stream->get_executor(), [state] {
      if (state->stream && state->idle) {
        beast::error_code ec;
        state->stream->socket().cancel(ec);
      }
    });
  }
  hub.close_all(websocket::close_code::going_away);

  auto deadline = std::chrono::steady_clock::now() + settings.shutdown_grace;
  auto timer = std::make_shared<net::steady_timer>(io);
  auto check = std::make_shared<std::function<void()>>();
  *check = [this, timer, deadline, check] {
    // Every connection gone, not only every request: a keep-alive connection whose next request
    // is arriving is answered first (serve_connection), within the grace period.
    bool done = active_requests == 0 && hub.session_count() == 0 && open_connections == 0;
    if (done || std::chrono::steady_clock::now() >= deadline) {
      if (!done) log::warn("shutdown grace period over; stopping with requests in flight");
      stop_loops();
      return;
    }
    timer->expires_after(20ms);
    timer->async_wait([check](beast::error_code) { (*check)(); });
  };
  net::post(io, [check] { (*check)(); });
}

// ---------------------------------------------------------------- HttpServer

HttpServer::HttpServer(ServerSettings settings, Pipeline& pipeline, WsHub& hub, MetricsRegistry& metrics)
    : impl_(std::make_unique<Impl>(std::move(settings), pipeline, hub, metrics)) {
  metrics.gauge("cloudweave_http_active_requests", "requests being served",
                [impl = impl_.get()] { return static_cast<double>(impl->active_requests.load()); });
  metrics.gauge("cloudweave_http_open_connections", "open HTTP connections",
                [impl = impl_.get()] { return static_cast<double>(impl->open_connections.load()); });
}

HttpServer::~HttpServer() { impl_->workers.join(); }

uint16_t HttpServer::listen() {
  auto& s = impl_->settings;
  tcp::endpoint endpoint(net::ip::make_address(s.host), s.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(net::socket_base::max_listen_connections);
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::run() {
  Impl& s = *impl_;
  s.signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) s.begin_shutdown();
  });
  net::co_spawn(s.acceptor.get_executor(), s.accept_loop(), net::detached);
  for (int i = 1; i < std::max(1, s.settings.io_threads); ++i) {
    s.loops.push_back(std::make_unique<net::io_context>(1));
    s.loop_guards.push_back(net::make_work_guard(*s.loops.back()));  // idle loops keep running
  }
  std::vector<std::thread> threads;
  for (auto& loop : s.loops) threads.emplace_back([&loop] { loop->run(); });
  s.io.run();
  s.stop_loops();  // io stops only at the end of a shutdown; the other loops go with it
  for (auto& t : threads) t.join();
  s.workers.join();
}

void HttpServer::request_shutdown() {
  net::post(impl_->io, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace cw::http
