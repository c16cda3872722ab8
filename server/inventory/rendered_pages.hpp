#pragma once
/// Rendered GET /resources responses, keyed by organization and query, each valid only for the
/// inventory version it was rendered at (ResourceRepository::version, bumped in the same
/// transaction as every change): a cached page is exactly what the database would give now, on
/// any replica. Dashboards and consoles ask for the same first pages over and over; serving them
/// costs one indexed read instead of a sorted query, a count and JSON rendering. Bounded by bytes.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cw::inventory {

class RenderedPages {
 public:
  explicit RenderedPages(size_t max_bytes = 32u << 20) : max_bytes_(max_bytes) {}

  std::optional<std::string> find(const std::string& key, std::int64_t version) const;
  void remember(const std::string& key, std::int64_t version, const std::string& body);

 private:
  struct Page {
    std::int64_t version;
    std::string body;
  };
  size_t max_bytes_;
  size_t bytes_ = 0;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Page> pages_;
};

}  // namespace cw::inventory
