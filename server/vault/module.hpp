#pragma once
/// CloudVault: the organization's file vault (docs/vault.md) — folders and files with versions
/// and a trash, tus uploads into a content-addressed blob store, downloads, share links, quotas.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "platform/module.hpp"
#include "platform/platform.hpp"
#include "vault/analytics_repository.hpp"
#include "vault/analytics_service.hpp"
#include "vault/avatars.hpp"
#include "vault/blob_store.hpp"
#include "vault/download_links.hpp"
#include "vault/item_repository.hpp"
#include "vault/maintenance.hpp"
#include "vault/processing.hpp"
#include "vault/routes.hpp"
#include "vault/s3_blob_store.hpp"
#include "vault/share_repository.hpp"
#include "vault/share_service.hpp"
#include "vault/storage_repository.hpp"
#include "vault/upload_repository.hpp"
#include "vault/upload_service.hpp"
#include "vault/vault_service.hpp"

namespace cw::http {
class RateLimiter;
}
namespace cw::orgs {
class OrgService;
}

namespace cw::vault {

struct VaultSettings {
  std::filesystem::path directory;  // <data dir>/vault: blobs and upload parts
  VaultLimits limits;
  UploadSettings uploads;
  MaintenanceSettings maintenance;
  std::string public_url;   // share link URLs (CLOUDWEAVE_PUBLIC_URL)
  bool sync_writes = true;  // fdatasync uploads (off only in throughput benchmarks)
  ProcessingSettings processing;
  /// Set: content in this S3-compatible bucket instead of under `directory` (the scaled setup).
  std::optional<S3StoreSettings> s3;
};

class VaultModule final : public platform::Module {
 public:
  VaultModule(platform::Platform& platform, orgs::OrgService& orgs, http::RateLimiter& limiter,
              const VaultSettings& settings);
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;
  void subscribe(events::EventBus& events) override;

  std::unique_ptr<BlobStore> blob_store;
  BlobStore& blobs;
  ItemRepository items;
  StorageRepository storage;
  UploadRepository upload_repository;
  ShareRepository share_repository;
  AnalyticsRepository analytics_repository;
  VaultService vault;
  UploadService uploads;
  ShareService shares;
  AnalyticsService analytics;
  Maintenance maintenance;
  ProcessingService processing;
  Avatars avatars;
  DownloadLinks links;

 private:
  VaultRouteContext routes_;
};

}  // namespace cw::vault
