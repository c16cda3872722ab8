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
#include <functional>
#include <memory>
#include <string>

#include "http/body_source.hpp"
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

/// Bytes [offset, offset + length) of an open file, read as the body is sent (with read-ahead
/// advised); the source owns `fd`. Reading past the file's end throws (it shrank after the
/// headers went out).
std::shared_ptr<BodySource> file_slice(int fd, uint64_t offset, uint64_t length);

/// Throws ApiError NOT_FOUND when the path is not a readable regular file.
Response file_response(const Request& request, const FileResponseOptions& options);

/// A body that is not a local file (an object in S3): its size, a strong ETag (without quotes),
/// and how to read bytes [offset, offset + length) of it. The same conditional and partial
/// request handling as file_response; `open` is called only when bytes are to be sent.
struct RangedBody {
  uint64_t size = 0;
  std::string etag;
  std::string content_type = "application/octet-stream";
  std::string cache_control = "private, no-cache";
  std::function<std::shared_ptr<BodySource>(uint64_t offset, uint64_t length)> open;
};
Response ranged_response(const Request& request, const RangedBody& body);

/// A small body already in memory (a thumbnail), with the same handling; the ETag is the
/// SHA-256 of the bytes unless given.
Response bytes_response(const Request& request, std::string bytes, const std::string& content_type,
                        const std::string& cache_control = "private, no-cache", std::string etag = "");

/// `If-None-Match` semantics (weak comparison, `*` matches anything): does `header` name
/// `etag` (quoted, as sent in the ETag header)?
bool etag_list_matches(std::string_view header, std::string_view etag);

}  // namespace cw::http
