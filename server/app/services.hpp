#pragma once
/// The composition root: builds every long-lived service from the Config, in dependency order,
/// and owns them. `serve` and the CLI commands share it; nothing else constructs services.
#include <memory>

#include "app/config.hpp"
#include "core/keyring.hpp"
#include "demo/demo_service.hpp"
#include "inventory/accounts.hpp"
#include "inventory/resources.hpp"
#include "inventory/sync.hpp"
#include "jobs/job_runner.hpp"
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"
#include "audit/repository.hpp"
#include "auth/service.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "events/event_bus.hpp"
#include "http/ws_hub.hpp"
#include "notifications/service.hpp"
#include "orgs/service.hpp"
#include "storage/database.hpp"
#include "storage/redis_client.hpp"

namespace cw::app {

struct Services {
  explicit Services(const Config& config);
  ~Services();

  const Config& config;
  SystemClock clock;
  MetricsRegistry metrics;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::RedisClient> redis;  // null when not configured
  http::WsHub hub;
  /// Domain events: outbox → WebSocket hub, notifications, other replicas (events/event_bus.hpp).
  std::unique_ptr<events::EventBus> events;
  std::unique_ptr<http::RateLimiter> limiter;
  std::unique_ptr<orgs::OrgRepository> org_repo;
  std::unique_ptr<orgs::OrgService> orgs;
  std::unique_ptr<auth::TokenRepository> token_repo;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<audit::AuditRepository> audit;

  std::unique_ptr<Keyring> keyring;
  /// Outbound HTTP for real cloud APIs (retries, breaker, rate limit); outlives the providers.
  std::unique_ptr<providers::common::HttpClient> http_client;
  providers::ProviderRegistry providers;
  std::unique_ptr<jobs::JobQueue> queue;
  std::unique_ptr<inventory::AccountRepository> account_repo;
  std::unique_ptr<inventory::ResourceRepository> resource_repo;
  std::unique_ptr<inventory::ProviderGateway> gateway;
  std::unique_ptr<inventory::SyncService> sync;
  std::unique_ptr<inventory::AccountService> accounts;
  std::unique_ptr<inventory::ResourceService> resources;
  std::unique_ptr<demo::DemoService> demo;
  std::unique_ptr<notifications::NotificationRepository> notification_repo;
  std::unique_ptr<notifications::NotificationService> notifications;
  /// Declared last: stopped (in its destructor) before anything it uses is destroyed.
  std::unique_ptr<jobs::JobRunner> runner;

  /// Starts the job workers and periodic tasks (serve only; CLI commands do not run jobs).
  void start_background_work();
};

/// The signing keys: CLOUDWEAVE_JWT_SECRET (+ previous secrets), else a 0600 key file in the
/// data dir, created on first start.
std::vector<auth::SigningKey> load_signing_keys(const Config& config);

/// Creates the data dir (0700) if missing.
void ensure_data_dir(const Config& config);

}  // namespace cw::app
