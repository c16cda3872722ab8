#include "http/body_streaming.hpp"

#include <memory>

namespace cw::http {

using namespace std::chrono_literals;

namespace {

// How a read error ends an upload: the client vanished (nobody to answer) or sent bad HTTP.
bool is_disconnect(const beast::error_code& ec) {
  return ec == bhttp::error::partial_message || ec == bhttp::error::end_of_stream || ec == net::error::eof ||
         ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::operation_aborted ||
         ec == net::error::broken_pipe || ec == net::error::bad_descriptor;
}

}  // namespace

net::awaitable<BodyReadResult> read_body_to_sink(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                 bhttp::request_parser<bhttp::buffer_body>& parser, BodySink& sink,
                                                 uint64_t max_bytes, std::chrono::seconds idle_timeout,
                                                 net::thread_pool& pool) {
  using End = BodyReadResult::End;
  BodyReadResult result;
  auto chunk = std::make_unique<char[]>(kStreamChunkBytes);
  // Beast reads into the free space of `buffer`, which after a header is a few hundred bytes:
  // 2 GiB would take millions of tiny reads (57 MiB/s measured). 64 KiB per read instead, and
  // the connection gives it back once the body is in.
  buffer.reserve(kSocketReadBytes);
  struct Shrink {
    beast::flat_buffer& buffer;
    ~Shrink() { buffer.shrink_to_fit(); }
  } shrink{buffer};
  while (!parser.is_done()) {
    auto& body = parser.get().body();
    body.data = chunk.get();
    body.size = kStreamChunkBytes;
    stream.expires_after(idle_timeout);
    beast::error_code ec;
    // Fills the chunk (need_buffer) or ends with the message; the flat buffer in between holds
    // at most one socket read, so memory stays at about two chunks per upload.
    co_await bhttp::async_read(stream, buffer, parser, ec_into(ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    size_t n = kStreamChunkBytes - body.size;
    if (ec) {
      result.ec = ec;
      result.end = ec == bhttp::error::body_limit ? End::kTooLarge
                   : is_disconnect(ec)            ? End::kDisconnected
                                                  : End::kMalformed;
      co_return result;
    }
    result.bytes += n;
    if (result.bytes > max_bytes) {  // the parser enforces it too; a limit is kept twice
      result.end = End::kTooLarge;
      co_return result;
    }
    if (n == 0) continue;
    try {
      co_await on_pool(pool, [&] { sink.write(std::string_view(chunk.get(), n)); });
    } catch (...) {
      result.end = End::kSinkFailed;
      result.error = std::current_exception();
      co_return result;
    }
  }
  try {
    co_await on_pool(pool, [&] { sink.finish(); });
  } catch (...) {
    result.end = End::kSinkFailed;
    result.error = std::current_exception();
  }
  co_return result;
}

net::awaitable<beast::error_code> send_body_from_source(beast::tcp_stream& stream,
                                                        bhttp::response<bhttp::buffer_body>& message,
                                                        BodySource& source, bool head,
                                                        std::chrono::seconds idle_timeout, net::thread_pool& pool) {
  auto& body = message.body();
  body.data = nullptr;
  body.size = 0;
  body.more = !head;
  bhttp::response_serializer<bhttp::buffer_body> serializer{message};
  beast::error_code ec;
  stream.expires_after(idle_timeout);
  co_await bhttp::async_write_header(stream, serializer, ec_into(ec));
  if (ec || head) co_return ec;

  std::optional<uint64_t> expected = source.size();
  uint64_t sent = 0;
  auto chunk = std::make_unique<char[]>(kStreamChunkBytes);
  for (;;) {
    size_t capacity = kStreamChunkBytes;
    if (expected) capacity = static_cast<size_t>(std::min<uint64_t>(capacity, *expected - sent));
    size_t n = 0;
    if (capacity > 0) {
      try {
        n = co_await on_pool(pool, [&] { return source.read(chunk.get(), capacity); });
      } catch (...) {
        co_return net::error::make_error_code(net::error::broken_pipe);  // cut short: close
      }
    }
    if (n == 0 && expected && sent != *expected)  // ended early: never pass it off as whole
      co_return net::error::make_error_code(net::error::broken_pipe);
    body.data = n ? chunk.get() : nullptr;
    body.size = n;
    body.more = n > 0;
    stream.expires_after(idle_timeout);
    co_await bhttp::async_write(stream, serializer, ec_into(ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return ec;
    if (n == 0) {
      co_await on_pool(pool, [&] { source.completed(); });
      co_return ec;
    }
    sent += n;
  }
}

net::awaitable<void> drain_before_close(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  constexpr uint64_t kMaxDrainBytes = uint64_t{16} << 20;
  stream.expires_after(2s);  // the whole drain, not per read
  auto scratch = std::make_unique<char[]>(kSocketReadBytes);
  uint64_t drained = 0;
  while (!ec && drained < kMaxDrainBytes) {
    size_t n = co_await stream.async_read_some(net::buffer(scratch.get(), kSocketReadBytes), ec_into(ec));
    drained += n;
  }
}

}  // namespace cw::http
