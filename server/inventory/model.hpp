#pragma once
/// The resources cloud accounts report, as CloudWeave stores them.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "accounts/model.hpp"
#include "core/clock.hpp"
#include "providers/provider.hpp"

namespace cw::inventory {

using accounts::Account;

struct Resource {
  std::string id, organization_id, account_id, provider, external_id, name, type, region, status;
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json tags = nlohmann::json::object();
  nlohmann::json posture = nlohmann::json::object();
  double monthly_cost = 0;
  bool is_demo = false;
  Millis created_at = 0, updated_at = 0, last_synced_at = 0;
};

/// The public shape, with `actions`: what the resource's provider can do to its type.
nlohmann::json to_json(const Resource& resource, const providers::ProviderRegistry& providers);

/// A provider record in storable form: JSON documents serialised once, the search text and the
/// content hash that lets a re-sync skip unchanged rows.
struct StoredRecord {
  const providers::ResourceRecord* record;
  std::string spec, tags, posture, search_text, content_hash;
};
StoredRecord prepare_record(const providers::ResourceRecord& record);

/// "env:prod" → " env=prod " as it appears in search_text (lower-case, spaces → '_').
std::string tag_token(const std::string& key, const std::string& value);

}  // namespace cw::inventory
