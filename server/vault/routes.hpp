#pragma once
/// The vault's HTTP routes (api/openapi.yaml, tag vault): thin — parse, call a service, serialise.
#include <functional>
#include <string>

#include "core/clock.hpp"

namespace cw::http {
class Router;
}

namespace cw::vault {

class VaultService;
class UploadService;
class ShareService;
class BlobStore;

struct VaultRouteContext {
  VaultService& vault;
  UploadService& uploads;
  ShareService& shares;
  BlobStore& blobs;
  const Clock& clock;
  std::string public_url;  // share links: `<public_url>/s/<token>`; empty: relative
  std::function<std::string(const std::string& user_id)> user_name;
};

void register_vault_routes(http::Router& router, VaultRouteContext& c);
void register_upload_routes(http::Router& router, VaultRouteContext& c);
void register_share_routes(http::Router& router, VaultRouteContext& c);

}  // namespace cw::vault
