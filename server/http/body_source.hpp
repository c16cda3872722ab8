#pragma once
/// A response body too big to hold in memory (a file, a generated export). The server pulls it
/// in bounded chunks and sends each before asking for the next, so memory stays flat whatever
/// the size. With a known size it is sent with Content-Length, otherwise chunked.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace cw::http {

class BodySource {
 public:
  virtual ~BodySource() = default;
  /// The exact number of bytes read() will produce, when known up front.
  virtual std::optional<uint64_t> size() const = 0;
  /// Copies the next bytes into `out` (up to `capacity`); 0 means the end. Runs on the worker
  /// pool, one call at a time, so it may block on disk. Throws to cut the response short (the
  /// server then closes the connection: a client must not take a short body for a whole one).
  virtual size_t read(char* out, size_t capacity) = 0;
  /// Called once, on the worker pool, after the last byte was handed to the socket: the
  /// download is complete (a share link counts it then). Not called when it was cut short.
  /// Must not throw: the bytes are gone, there is nobody left to tell.
  virtual void completed() noexcept {}
};

}  // namespace cw::http
