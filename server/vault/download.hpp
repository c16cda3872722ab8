#pragma once
/// The one way vault bytes leave the server, for members and share links alike: Range, ETag
/// (the content's SHA-256), and headers that keep a browser from ever running what was
/// uploaded — `Content-Disposition: attachment` (RFC 6266, UTF-8 `filename*`), `nosniff`, and
/// `Content-Security-Policy: sandbox`. Inline display is granted only to types a browser shows
/// without running anything (raster images, PDF, plain text); HTML, SVG and XML never are.
#include <functional>
#include <string>

#include "http/message.hpp"
#include "vault/blob_store.hpp"

namespace cw::vault {

struct DownloadOptions {
  std::string organization_id;
  std::string sha256;
  std::string filename;
  std::string mime_type;     // as stored; empty: application/octet-stream
  bool want_inline = false;  // ?inline=1
  /// Called once the last byte of the file was sent (a ranged request that ends elsewhere never
  /// calls it), on the worker pool.
  std::function<void()> on_complete;
};

http::Response download_response(const http::Request& request, BlobStore& blobs, const DownloadOptions& options);

/// `attachment; filename="report.pdf"; filename*=UTF-8''r%C3%A9port.pdf` (or `inline; …`).
std::string content_disposition(const std::string& filename, bool as_inline);
/// May this type be shown in the browser rather than saved?
bool inline_safe(const std::string& mime_type);

}  // namespace cw::vault
