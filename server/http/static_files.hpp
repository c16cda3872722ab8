#pragma once
/// Serves the built web UI (web/dist): exact files with content types and caching headers,
/// precompressed `.gz` siblings when the client accepts gzip, and index.html for any other path
/// that is not an API path (the React router handles it in the browser).
#include <optional>
#include <string>

#include "http/message.hpp"

namespace cw::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  bool available() const { return available_; }
  /// nullopt when the UI is not built (the caller answers 404).
  std::optional<Response> serve(const Request& request) const;

 private:
  std::optional<Response> file_response(const std::string& relative, const Request& request, bool immutable) const;
  std::string root_;
  bool available_ = false;
};

}  // namespace cw::http
