#pragma once
/// Internal to http/ (Beast types): moving big bodies between a socket and the worker pool in
/// bounded memory. The server reads an upload chunk by chunk into a BodySink and sends a
/// download chunk by chunk from a BodySource; at most one chunk per connection is in memory.
///
/// Why the worker pool: a sink writes to disk and a source reads from it. A write(2) of 256 KiB
/// to the page cache usually takes microseconds, but once dirty pages pile up (a 2 GiB upload)
/// the kernel throttles the writer for milliseconds at a time, and a sink may also hash or
/// encrypt (the vault). On an IO thread that would stall every other connection of its loop,
/// so each chunk goes to the worker pool: one hop per 256 KiB, one chunk in flight per
/// connection, so a connection never holds more than one worker at a time.
// Boost 1.74's Asio uses std::exchange without including <utility> under GCC 12.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <type_traits>

#include "http/body_sink.hpp"
#include "http/body_source.hpp"

namespace cw::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// Boost 1.74 has no as_tuple: errors are redirected into an error_code instead of thrown,
// because closed/aborted/timeout are normal ends of a connection, not exceptions.
inline auto ec_into(beast::error_code& ec) { return net::redirect_error(net::use_awaitable, ec); }

/// Runs `work` on the pool and resumes the caller on its own executor with the result (or the
/// exception `work` threw).
template <typename Work>
auto on_pool(net::thread_pool& pool, Work&& work) -> net::awaitable<std::invoke_result_t<Work&>> {
  using Result = std::invoke_result_t<Work&>;
  if constexpr (std::is_void_v<Result>) {
    co_await net::co_spawn(
        pool,
        [&]() -> net::awaitable<void> {
          work();
          co_return;
        },
        net::use_awaitable);
  } else {
    co_return co_await net::co_spawn(
        pool, [&]() -> net::awaitable<Result> { co_return work(); }, net::use_awaitable);
  }
}

/// Bytes per chunk in either direction: large enough that the pool hop is noise (~8,000 hops
/// for 2 GiB), small enough that thousands of transfers fit in memory.
inline constexpr size_t kStreamChunkBytes = size_t{256} << 10;
/// Bytes asked of the socket per read while an upload streams in.
inline constexpr size_t kSocketReadBytes = size_t{64} << 10;

struct BodyReadResult {
  enum class End {
    kComplete,      // every byte is in the sink and finish() returned
    kTooLarge,      // over the route's limit (a chunked body; Content-Length is checked earlier)
    kMalformed,     // bad chunk encoding and the like: answer 400
    kDisconnected,  // the client went away or stalled past the idle timeout: nobody to answer
    kSinkFailed,    // the sink threw (disk full): `error` says why
  };
  End end = End::kComplete;
  uint64_t bytes = 0;
  beast::error_code ec;
  std::exception_ptr error;
};

/// Reads the body that follows the header `parser` has parsed into `sink`, then calls finish().
/// `idle_timeout` bounds the wait for each chunk, not the whole body: a big upload on a slow
/// link may take hours, a silent client may not. Does not abort the sink on failure; the caller
/// does, after deciding what to answer.
net::awaitable<BodyReadResult> read_body_to_sink(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                 bhttp::request_parser<bhttp::buffer_body>& parser, BodySink& sink,
                                                 uint64_t max_bytes, std::chrono::seconds idle_timeout,
                                                 net::thread_pool& pool);

/// Sends `message` (status and headers set; Content-Length or chunked chosen by the caller)
/// with its body pulled from `source`; only the header for HEAD. An error (including a source
/// that throws or ends early) means the connection must be closed: the client cannot tell a
/// short body from a whole one otherwise.
net::awaitable<beast::error_code> send_body_from_source(beast::tcp_stream& stream,
                                                        bhttp::response<bhttp::buffer_body>& message,
                                                        BodySource& source, bool head,
                                                        std::chrono::seconds idle_timeout, net::thread_pool& pool);

/// After answering a request whose body we did not read (refused before it, or cut off): stop
/// sending, then read and drop what the client is still sending, for a bounded time and amount,
/// before the socket closes. Closing with unread data makes the kernel send a reset, which can
/// destroy our answer before the client has read it (the "lingering close" of nginx).
net::awaitable<void> drain_before_close(beast::tcp_stream& stream);

}  // namespace cw::http
