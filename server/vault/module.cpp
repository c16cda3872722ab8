#include "vault/module.hpp"

#include "orgs/service.hpp"

namespace cw::vault {

namespace {
std::unique_ptr<BlobStore> make_blob_store(const VaultSettings& settings) {
  if (settings.s3) return std::make_unique<S3BlobStore>(*settings.s3);
  return std::make_unique<LocalBlobStore>(settings.directory, settings.sync_writes);
}
}  // namespace

VaultModule::VaultModule(platform::Platform& p, orgs::OrgService& orgs, http::RateLimiter& limiter,
                         const VaultSettings& settings)
    : blob_store(make_blob_store(settings)),
      blobs(*blob_store),
      items(p.db),
      storage(p.db),
      upload_repository(p.db),
      share_repository(p.db),
      analytics_repository(p.db),
      vault(p.db, items, storage, blobs, analytics_repository, p.events, p.clock, settings.limits),
      uploads(upload_repository, vault, blobs, p.clock, settings.uploads),
      shares(share_repository, items, vault, limiter, p.events, p.clock),
      analytics(analytics_repository, share_repository, p.clock),
      maintenance(vault, uploads, analytics, p.queue, settings.maintenance),
      processing(items, storage, blobs, vault, p.queue, p.events, p.clock, settings.processing),
      avatars(blobs, vault, processing),
      links(p.keyring, p.clock),
      routes_{vault,
              uploads,
              shares,
              analytics,
              processing,
              blobs,
              p.clock,
              settings.public_url,
              [&orgs](const std::string& user_id) {
                auto user = orgs.profile(user_id);
                return user ? user->first.name : std::string("(removed user)");
              },
              avatars,
              [&orgs](const std::string& user_id, const std::string& organization_id) {
                auto who = orgs.identity(user_id);
                return who && who->organization_id == organization_id;
              },
              links} {}

void VaultModule::add_routes(http::Router& router) {
  register_vault_routes(router, routes_);
  register_upload_routes(router, routes_);
  register_share_routes(router, routes_);
  register_avatar_routes(router, routes_);
}

void VaultModule::add_jobs(jobs::JobRunner& runner) {
  maintenance.add_jobs(runner);
  processing.add_jobs(runner);
}

void VaultModule::subscribe(events::EventBus& events) { processing.subscribe(events); }

}  // namespace cw::vault
