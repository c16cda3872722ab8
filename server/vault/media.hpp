#pragma once
/// Thumbnails and media metadata of vault files, with libvips and libexif. Untrusted input:
/// libvips' untrusted loaders are blocked, an image over `max_pixels` is refused from its header
/// before anything is decoded (decompression bombs), and the server never calls this itself —
/// it runs `cloudweave vault-media --serve` in child processes with a memory cap and a timeout
/// (media_worker.hpp), so a crash or a runaway decoder costs one job attempt, not the server.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace cw::vault {

struct MediaLimits {
  int64_t max_pixels = 100'000'000;  // 100 MP: more than any camera, less than a bomb
  int thumbnail_size = 256;          // the longest side, in pixels
};

/// The content is not an image libvips will read, or is refused (too many pixels): a verdict,
/// not a failure — the file stays without a thumbnail and processing ends.
class MediaRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Whether a file of this media type can get a thumbnail: images, except those only untrusted
/// loaders read (SVG, icons).
bool thumbnailable(const std::string& mime_type);

/// Reads `in`, writes a WebP thumbnail (longest side `limits.thumbnail_size`, turned upright by
/// its EXIF orientation) to `out` and returns {width, height, pages, format, exif?}. Throws
/// MediaRefused for what it will not read, std::runtime_error when libvips fails.
nlohmann::json make_thumbnail(const std::filesystem::path& in, const std::filesystem::path& out,
                              const MediaLimits& limits);

/// The EXIF fields people look for (camera, lens settings, when, where) as text; empty when the
/// file has none. libexif reads JPEG files' APP1 segment.
nlohmann::json read_exif(const std::filesystem::path& file);

/// `cloudweave vault-media --serve [--max-pixels N] [--size S]`, the server's media worker: reads
/// "IN<TAB>OUT" lines and answers one JSON line each — the metadata, {"refused": reason} for
/// MediaRefused, {"error": …} for another failure — until its input ends.
int media_worker_main(int argc, char** argv);

}  // namespace cw::vault
