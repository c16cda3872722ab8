#pragma once
/// Answers a GET or HEAD with a file, in bounded memory: the file is opened here and the server
/// streams it (Response::body_source). Conditional and partial requests are handled the way
/// browsers and download tools expect:
///   * a strong ETag (the caller's content hash, or size + modification time) and
///     `If-None-Match` → 304;
///   * `Accept-Ranges: bytes`; one `Range` → 206 with `Content-Range`; a range past the end →
///     416 with `Content-Range: bytes */size`; several ranges → 200 with the whole file
///     (http/range.hpp says why); `If-Range` with another ETag → 200 with the whole file.
/// Content-Length is set by the server from the body source; HEAD gets the same headers.
#include <filesystem>
#include <string>

#include "http/message.hpp"

namespace cw::http {

struct FileResponseOptions {
  std::filesystem::path path;
  std::string content_type = "application/octet-stream";
  /// A strong validator the caller already has (e.g. a content hash), without quotes. Empty: one
  /// is derived from the file's size and modification time, which change whenever it does.
  std::string etag;
  /// Private data that may be kept but must be revalidated (a cheap 304 thanks to the ETag).
  std::string cache_control = "private, no-cache";
};

/// Throws ApiError NOT_FOUND when the path is not a readable regular file.
Response file_response(const Request& request, const FileResponseOptions& options);

/// `If-None-Match` semantics (weak comparison, `*` matches anything): does `header` name
/// `etag` (quoted, as sent in the ETag header)?
bool etag_list_matches(std::string_view header, std::string_view etag);

}  // namespace cw::http
