#include "providers/gcp/resource_id.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace cw::providers::gcp {
namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    parts.push_back(s.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

/// Resource names, zones and project ids use letters, digits, '-', '_' and (buckets) '.'.
bool safe_segment(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

std::optional<ResourceId> parse_resource_id(const std::string& id) {
  auto p = split(id);
  if (!std::all_of(p.begin(), p.end(), safe_segment) || p.size() < 4 || p[0] != "projects") return std::nullopt;
  if (p.size() == 4 && p[1] == "_" && p[2] == "buckets")
    return ResourceId{ResourceId::Kind::kBucket, "_", "", p[3], id};
  if (p.size() == 5 && p[2] == "global" && p[3] == "firewalls")
    return ResourceId{ResourceId::Kind::kFirewall, p[1], "global", p[4], id};
  if (p.size() == 6 && p[2] == "zones" && p[4] == "instances")
    return ResourceId{ResourceId::Kind::kInstance, p[1], p[3], p[5], id};
  if (p.size() == 6 && (p[2] == "zones" || p[2] == "regions") && p[4] == "disks")
    return ResourceId{ResourceId::Kind::kDisk, p[1], p[3], p[5], id};
  return std::nullopt;
}

}  // namespace cw::providers::gcp
