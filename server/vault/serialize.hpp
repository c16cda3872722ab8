#pragma once
/// The vault's records as the API shows them (api/openapi.yaml, tag vault).
#include <nlohmann/json.hpp>

#include <vector>

#include "vault/analytics_service.hpp"
#include "vault/model.hpp"
#include "vault/storage_repository.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

nlohmann::json item_json(const Item& item);
nlohmann::json path_json(const std::vector<PathEntry>& path);
nlohmann::json trash_entry_json(const Item& item, int trash_days);
nlohmann::json version_json(const Version& version, const std::optional<std::string>& current_id);
/// `token` only when the link was just made (it is not kept).
nlohmann::json share_json(const Share& share, const Item& item, Millis now, const std::string& public_url,
                          const std::string& token = "");
nlohmann::json settings_json(const Settings& settings, int64_t max_upload_bytes);
/// GET /vault/analytics: days in order, downloads split into all and through links.
nlohmann::json analytics_json(const AnalyticsReport& report);
/// image, video, audio, document, archive, text or other.
std::string type_group(const std::string& mime_type);

}  // namespace cw::vault
