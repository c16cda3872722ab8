#pragma once
/// The vault's HTTP routes (api/openapi.yaml, tag vault): thin — parse, call a service, serialise.
#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "vault/model.hpp"

namespace cw::http {
class Router;
class RequestContext;
}  // namespace cw::http

namespace cw::vault {

class VaultService;
class UploadService;
class ShareService;
class AnalyticsService;
class ProcessingService;
class Avatars;
class DownloadLinks;
class BlobStore;

struct VaultRouteContext {
  VaultService& vault;
  UploadService& uploads;
  ShareService& shares;
  AnalyticsService& analytics;
  ProcessingService& processing;
  BlobStore& blobs;
  const Clock& clock;
  std::string public_url;  // share links: `<public_url>/s/<token>`; empty: relative
  std::function<std::string(const std::string& user_id)> user_name;
  Avatars& avatars;
  /// Whether the user is an active member of the organization (whose pictures a member may see).
  std::function<bool(const std::string& user_id, const std::string& organization_id)> member_of;
  DownloadLinks& links;
};

/// Who sends an upload's bytes: a member, or a visitor of a file-drop link, for whom the link's
/// creator stands (quotas, `created_by`) while the upload belongs to the link.
struct Uploader {
  Principal principal;
  std::optional<Share> drop;
};
using IdentifyUploader = std::function<Uploader(http::RequestContext&)>;

void register_vault_routes(http::Router& router, VaultRouteContext& c);
/// tus on `base` (members: /api/v1/vault/uploads; file drops: /api/v1/public/shares/{token}/uploads).
void register_tus(http::Router& router, VaultRouteContext& c, const std::string& base, bool members,
                  const IdentifyUploader& identify);
void register_upload_routes(http::Router& router, VaultRouteContext& c);
/// PUT|DELETE /users/me/avatar, GET /users/{userId}/avatar (avatar_routes.cpp).
void register_avatar_routes(http::Router& router, VaultRouteContext& c);
void register_share_routes(http::Router& router, VaultRouteContext& c);

}  // namespace cw::vault
