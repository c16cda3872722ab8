#pragma once
/// Our external ids for GCP resources are the paths the REST APIs address them by:
///   projects/<p>/zones/<z>/instances/<name>      projects/<p>/zones/<z>/disks/<name>
///   projects/<p>/regions/<r>/disks/<name>        projects/<p>/global/firewalls/<name>
///   projects/_/buckets/<name>                    (Cloud Storage's canonical resource name)
/// Parsing checks every segment, so an id can never smuggle a path or query into a request URL.
#include <optional>
#include <string>

namespace cw::providers::gcp {

struct ResourceId {
  enum class Kind { kInstance, kDisk, kFirewall, kBucket } kind;
  std::string project;   // "_" for buckets
  std::string location;  // zone, region, "global" or "" for buckets
  std::string name;
  std::string path;  // the id itself
};

/// nullopt when `external_id` is not one of the shapes above.
std::optional<ResourceId> parse_resource_id(const std::string& external_id);

}  // namespace cw::providers::gcp
