#include "http/static_files.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cw::http {

namespace fs = std::filesystem;

namespace {
std::string content_type_for(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {{".html", "text/html; charset=utf-8"},
                                                               {".js", "text/javascript; charset=utf-8"},
                                                               {".mjs", "text/javascript; charset=utf-8"},
                                                               {".css", "text/css; charset=utf-8"},
                                                               {".json", "application/json"},
                                                               {".svg", "image/svg+xml"},
                                                               {".png", "image/png"},
                                                               {".jpg", "image/jpeg"},
                                                               {".jpeg", "image/jpeg"},
                                                               {".gif", "image/gif"},
                                                               {".webp", "image/webp"},
                                                               {".ico", "image/x-icon"},
                                                               {".woff", "font/woff"},
                                                               {".woff2", "font/woff2"},
                                                               {".txt", "text/plain; charset=utf-8"},
                                                               {".map", "application/json"},
                                                               {".webmanifest", "application/manifest+json"}};
  for (const auto& [ext, type] : kTypes) {
    if (path.ends_with(ext)) return type;
  }
  return "application/octet-stream";
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

bool accepts_gzip(const Request& request) {
  auto ae = request.header("accept-encoding");
  return ae && ae->find("gzip") != std::string_view::npos;
}
}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  std::error_code ec;
  available_ = !root_.empty() && fs::is_regular_file(fs::path(root_) / "index.html", ec);
  if (available_) root_ = fs::canonical(root_, ec).string();
}

std::optional<Response> StaticFiles::file_response(const std::string& relative, const Request& request,
                                                   bool immutable) const {
  std::error_code ec;
  fs::path full = fs::weakly_canonical(fs::path(root_) / relative, ec);
  if (ec) return std::nullopt;
  // Refuse anything that resolves outside the UI folder (../, symlinks).
  std::string full_str = full.string();
  if (full_str.rfind(root_ + "/", 0) != 0) return std::nullopt;
  if (!fs::is_regular_file(full, ec)) return std::nullopt;
  Response r;
  r.content_type = content_type_for(full_str);
  bool gz = accepts_gzip(request) && fs::is_regular_file(full_str + ".gz", ec);
  // Validator from size and modification time: cheap, and changes whenever the build does.
  auto mtime = fs::last_write_time(full, ec).time_since_epoch().count();
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%jx-%jx%s\"", static_cast<uintmax_t>(fs::file_size(full, ec)),
                static_cast<uintmax_t>(mtime), gz ? "-gz" : "");
  r.set_header("ETag", etag);
  r.set_header("Vary", "Accept-Encoding");
  r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (auto inm = request.header("if-none-match"); inm && inm->find(etag) != std::string_view::npos) {
    r.status = 304;
    return r;
  }
  if (!read_file(gz ? fs::path(full_str + ".gz") : full, r.body)) return std::nullopt;
  if (gz) r.set_header("Content-Encoding", "gzip");
  return r;
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (!available_) return std::nullopt;
  std::string relative = request.path.substr(1);
  if (relative.find("..") != std::string::npos || relative.find('\0') != std::string::npos) return std::nullopt;
  if (!relative.empty() && relative.back() != '/') {
    // Vite puts content-hashed bundles under assets/: those never change.
    bool immutable = relative.rfind("assets/", 0) == 0;
    if (auto r = file_response(relative, request, immutable)) return r;
    // A missing file with an extension is a real 404, not a client-side route.
    auto last_slash = relative.rfind('/');
    std::string name = last_slash == std::string::npos ? relative : relative.substr(last_slash + 1);
    if (name.find('.') != std::string::npos) return std::nullopt;
  }
  return file_response("index.html", request, false);
}

}  // namespace cw::http
