#include "vault/download.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/log.hpp"
#include "http/file_response.hpp"

namespace cw::vault {

namespace {

/// Passes the file's bytes through and reports when the body was sent to its end.
class CompletionSource final : public http::BodySource {
 public:
  CompletionSource(std::shared_ptr<http::BodySource> inner, std::function<void()> on_complete)
      : inner_(std::move(inner)), on_complete_(std::move(on_complete)) {}
  std::optional<uint64_t> size() const override { return inner_->size(); }
  size_t read(char* out, size_t capacity) override { return inner_->read(out, capacity); }
  void completed() noexcept override {
    try {
      on_complete_();
    } catch (const std::exception& e) { log::warn("vault download: completion not recorded", {{"error", e.what()}}); }
  }

 private:
  std::shared_ptr<http::BodySource> inner_;
  std::function<void()> on_complete_;
};

bool attr_char(unsigned char c) {  // RFC 8187 attr-char
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

/// Does the response carry the file's last byte? (200, or a 206 whose range ends there.)
bool reaches_end(const http::Response& r) {
  if (r.status == 200) return true;
  if (r.status != 206) return false;
  for (auto& [name, value] : r.headers) {
    if (name != "Content-Range") continue;
    auto dash = value.find('-'), slash = value.find('/');
    if (dash == std::string::npos || slash == std::string::npos) return false;
    return std::stoull(value.substr(dash + 1, slash - dash - 1)) + 1 == std::stoull(value.substr(slash + 1));
  }
  return false;
}

}  // namespace

bool inline_safe(const std::string& mime_type) {
  static const char* kSafe[] = {"image/png",  "image/jpeg", "image/gif",       "image/webp",
                                "image/avif", "image/bmp",  "application/pdf", "text/plain"};
  for (const char* t : kSafe)
    if (mime_type == t) return true;
  return false;
}

std::string content_disposition(const std::string& filename, bool as_inline) {
  std::string fallback, encoded;
  for (unsigned char c : filename) {
    fallback += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%') ? static_cast<char>(c) : '_';
    if (attr_char(c)) {
      encoded += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return std::string(as_inline ? "inline" : "attachment") + "; filename=\"" + fallback + "\"; filename*=UTF-8''" +
         encoded;
}

http::Response download_response(const http::Request& request, BlobStore& blobs, const DownloadOptions& o) {
  auto path = blobs.local_path(o.organization_id, o.sha256);
  std::optional<uint64_t> size;
  if (!path) size = blobs.content_size(o.organization_id, o.sha256);
  if (!path && !size) {
    log::error("vault: content missing from the blob store",
               {{"organizationId", o.organization_id}, {"sha256", o.sha256}});
    throw not_found("file content");
  }
  bool as_inline = o.want_inline && inline_safe(o.mime_type);
  std::string type = o.mime_type.empty() ? "application/octet-stream" : o.mime_type;
  if (!as_inline && (type.rfind("text/", 0) == 0 || type.find("xml") != std::string::npos ||
                     type.find("html") != std::string::npos || type.find("svg") != std::string::npos))
    type = "application/octet-stream";  // never something a browser would render, even if opened
  if (as_inline && type == "text/plain") type = "text/plain; charset=utf-8";
  http::Response r;
  if (path) {
    r = http::file_response(
        request, {.path = *path, .content_type = type, .etag = o.sha256, .cache_control = "private, no-cache"});
  } else {
    // Remote content (S3): the same conditional and ranged answers, read as it is sent.
    r = http::ranged_response(
        request, {.size = *size,
                  .etag = o.sha256,
                  .content_type = type,
                  .cache_control = "private, no-cache",
                  .open = [&blobs, o](uint64_t offset, uint64_t length) -> std::shared_ptr<http::BodySource> {
                    auto source = blobs.open_content(o.organization_id, o.sha256, offset, length);
                    if (!source) throw not_found("file content");
                    return source;
                  }});
  }
  r.set_header("Content-Disposition", content_disposition(o.filename, as_inline));
  r.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
  r.set_header("X-Content-Type-Options", "nosniff");
  if (r.body_source && o.on_complete && reaches_end(r) && request.method != "HEAD")
    r.body_source = std::make_shared<CompletionSource>(r.body_source, o.on_complete);
  return r;
}

}  // namespace cw::vault
