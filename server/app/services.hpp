#pragma once
/// The composition root: builds the shared machinery (the platform) from the Config, then the
/// domain modules in dependency order, and owns them. `serve` and the CLI commands share it;
/// nothing else constructs services. Adding a domain is one `add<…>(…)` line in services.cpp.
#include <memory>
#include <vector>

#include "app/config.hpp"
#include "audit/module.hpp"
#include "auth/module.hpp"
#include "core/clock.hpp"
#include "core/keyring.hpp"
#include "core/metrics.hpp"
#include "costs/module.hpp"
#include "demo/module.hpp"
#include "events/event_bus.hpp"
#include "http/rate_limiter.hpp"
#include "http/ws_hub.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_runner.hpp"
#include "orgs/module.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"
#include "providers/common/http_client.hpp"
#include "providers/provider.hpp"
#include "storage/database.hpp"
#include "storage/redis_client.hpp"

namespace cw::app {

/// What the vault's S3 credentials are sealed for (bound as associated data): the value of
/// CLOUDWEAVE_VAULT_S3_CREDENTIALS opens only as that.
inline constexpr const char* kVaultS3CredentialsContext = "vault.s3";

struct Services {
  explicit Services(const Config& config);
  ~Services();

  const Config& config;
  // --- the platform: shared by every domain ---
  SystemClock clock;
  MetricsRegistry metrics;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::RedisClient> redis;  // null when not configured
  http::WsHub hub;
  /// Domain events: outbox → WebSocket hub, notifications, other replicas (events/event_bus.hpp).
  std::unique_ptr<events::EventBus> events;
  std::unique_ptr<http::RateLimiter> limiter;
  std::unique_ptr<Keyring> keyring;
  /// Outbound HTTP for real cloud APIs (retries, breaker, rate limit); outlives the providers.
  std::unique_ptr<providers::common::HttpClient> http_client;
  providers::ProviderRegistry providers;
  std::unique_ptr<jobs::JobQueue> queue;
  std::unique_ptr<platform::Platform> platform;

  // --- the domains, in the order they were added; the few others need by name ---
  std::vector<std::unique_ptr<platform::Module>> modules;
  orgs::OrgsModule* orgs = nullptr;
  auth::AuthModule* auth = nullptr;
  audit::AuditModule* audit = nullptr;
  demo::DemoModule* demo = nullptr;
  costs::CostsModule* costs = nullptr;

  /// Declared last: stopped (in the destructor) before anything it uses is destroyed.
  std::unique_ptr<jobs::JobRunner> runner;

  /// Every module's routes.
  void add_routes(http::Router& router);
  /// Starts the event dispatcher, the job workers and periodic tasks (serve only; CLI commands
  /// do not run them).
  void start_background_work();

 private:
  template <typename M, typename... Args>
  M& add(Args&&... args) {
    auto module = std::make_unique<M>(std::forward<Args>(args)...);
    M& added = *module;
    modules.push_back(std::move(module));
    return added;
  }
};

/// The signing keys: CLOUDWEAVE_JWT_SECRET (+ previous secrets), else a 0600 key file in the
/// data dir, created on first start.
std::vector<auth::SigningKey> load_signing_keys(const Config& config);

/// Creates the data dir (0700) if missing.
void ensure_data_dir(const Config& config);

}  // namespace cw::app
