#pragma once
/// The `Range: bytes=…` request header (RFC 9110 §14), reduced to what a file download needs:
/// one byte range or the whole body. Pure, no IO, so every edge case is unit-tested here.
///
/// Policy (why): a request with several ranges is answered with the whole body (200). That is
/// allowed (a server may ignore Range), it spares us multipart/byteranges, and the clients we
/// serve (browsers resuming a download, media players seeking) ask for one range at a time.
/// A header that does not parse, or names another unit, is ignored the same way. A zero-length
/// body ignores Range: there is no byte to point at, and 416 would break clients that always
/// send `bytes=0-`.
#include <cstdint>
#include <string_view>

namespace cw::http {

struct ByteRangeResult {
  enum class Kind {
    kWholeBody,      // no usable Range: answer 200 with everything
    kPartial,        // answer 206 with [first, last]
    kUnsatisfiable,  // answer 416 with `Content-Range: bytes */size`
  };
  Kind kind = Kind::kWholeBody;
  uint64_t first = 0;  // inclusive, valid for kPartial
  uint64_t last = 0;   // inclusive, valid for kPartial

  uint64_t length() const { return last - first + 1; }
};

/// Interprets a Range header value against a body of `size` bytes.
ByteRangeResult parse_byte_range(std::string_view header, uint64_t size);

}  // namespace cw::http
