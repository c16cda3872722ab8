#pragma once
/// The monitoring domain's read of the inventory (`resources`, `cloud_accounts`): which resources
/// a query, a collection or a rule's scope covers. A read, never a write.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace cw::monitoring {

struct WatchedResource {
  std::string id, account_id, external_id, name, type, region, status;
  nlohmann::json tags = nlohmann::json::object();
};

/// A selection of resources: everything set must hold.
struct Selector {
  std::optional<std::string> resource_id, type, tag /* key=value */, account_id, region;
  std::vector<std::string> types;   // any of (collection)
  bool include_terminated = false;  // resource-state rules watch for it
};

/// True when `tag` ("key=value", or "key" for any value) is among the resource's tags.
bool has_tag(const nlohmann::json& tags, const std::string& tag);

class ResourceReader {
 public:
  explicit ResourceReader(storage::Database& db) : db_(db) {}
  /// The organization's resources the selector covers, terminated ones left out, in name order.
  std::vector<WatchedResource> select(const std::string& organization_id, const Selector& selector);
  std::optional<WatchedResource> find(const std::string& organization_id, const std::string& resource_id);

 private:
  storage::Database& db_;
};

}  // namespace cw::monitoring
