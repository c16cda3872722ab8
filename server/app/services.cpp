#include "app/services.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/crypto.hpp"
#include "auth/password.hpp"
#include "core/ids.hpp"
#include "accounts/module.hpp"
#include "inventory/module.hpp"
#include "costs/recommendations_module.hpp"
#include "monitoring/module.hpp"
#include "vault/module.hpp"
#include "security/module.hpp"
#include "jobs/module.hpp"
#include "notifications/module.hpp"
#include "providers/aws/aws_provider.hpp"
#include "providers/azure/azure_provider.hpp"
#include "providers/gcp/gcp_provider.hpp"
#include "providers/simulated/simulated_provider.hpp"
#include "core/log.hpp"
#include "storage/migrations.hpp"

namespace cw::app {

namespace fs = std::filesystem;

void ensure_data_dir(const Config& config) {
  std::error_code ec;
  if (!fs::exists(config.data_dir, ec)) {
    fs::create_directories(config.data_dir, ec);
    if (ec) throw std::runtime_error("cannot create data dir " + config.data_dir + ": " + ec.message());
    fs::permissions(config.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
}

std::vector<auth::SigningKey> load_signing_keys(const Config& config) {
  std::vector<auth::SigningKey> keys;
  std::string secret = config.jwt_secret;
  if (secret.empty()) {
    fs::path path = fs::path(config.data_dir) / "jwt-signing.key";
    std::ifstream in(path);
    if (in) {
      std::getline(in, secret);
    } else {
      secret = crypto::random_token(48);
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0) throw std::runtime_error("cannot create " + path.string());
      std::string line = secret + "\n";
      if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        ::close(fd);
        throw std::runtime_error("cannot write " + path.string());
      }
      ::close(fd);
      log::info("created JWT signing key file", {{"path", path.string()}});
    }
    if (secret.size() < 32) throw std::runtime_error(path.string() + " holds a key shorter than 32 characters");
  }
  keys.push_back({auth::key_id_for(secret), secret});
  for (const auto& old : config.jwt_previous_secrets) keys.push_back({auth::key_id_for(old), old});
  return keys;
}

std::optional<vault::S3StoreSettings> vault_s3_settings(const Config& cfg, const Keyring& keyring) {
  if (cfg.vault_s3_bucket.empty()) return std::nullopt;
  if (cfg.vault_s3_credentials.empty())
    throw std::runtime_error(
        "CLOUDWEAVE_VAULT_S3_BUCKET is set without CLOUDWEAVE_VAULT_S3_CREDENTIALS: make them with "
        "`cloudweave keys seal-s3 --access-key-id <id>` (the secret on stdin)");
  auto plain = keyring.open(cfg.vault_s3_credentials, kVaultS3CredentialsContext);
  auto keys = plain ? nlohmann::json::parse(*plain, nullptr, false) : nlohmann::json();
  if (!keys.is_object())
    throw std::runtime_error(
        "CLOUDWEAVE_VAULT_S3_CREDENTIALS does not open with this server's master key: seal them again with "
        "`cloudweave keys seal-s3`");
  vault::S3StoreSettings s;
  s.bucket = {.bucket = cfg.vault_s3_bucket,
              .region = cfg.vault_s3_region,
              .endpoint = cfg.vault_s3_endpoint,
              .credentials = {keys.value("accessKeyId", ""), keys.value("secretAccessKey", ""), ""}};
  s.prefix = cfg.vault_s3_prefix;
  // S3 takes at most 10,000 parts: parts grow (by whole MiB) when the largest upload needs it.
  constexpr uint64_t kMiB = uint64_t{1} << 20;
  const uint64_t needed = (static_cast<uint64_t>(cfg.vault_max_upload_bytes) + 9'999) / 10'000;
  s.part_bytes = std::max<uint64_t>(8 * kMiB, (needed + kMiB - 1) / kMiB * kMiB);
  s.scratch = fs::path(cfg.data_dir) / "vault" / "tmp";
  return s;
}

Services::Services(const Config& cfg) : config(cfg) {
  ensure_data_dir(cfg);
  storage::DatabaseSettings db_settings;
  db_settings.url = cfg.database_url;
  db_settings.pool_size = cfg.db_pool_size;
  db = storage::open_database(db_settings);
  auto applied = storage::migrate(*db, storage::embedded_migrations());
  if (!applied.empty()) log::info("database migrated", {{"applied", applied}});

  events = std::make_unique<events::EventBus>(*db, clock);
  events->subscribe_local([this](const events::DomainEvent& event, const std::shared_ptr<const std::string>& message) {
    hub.deliver(event.organization_id, message, event.audience_user);
  });
  events->on_disconnect_user([this](const std::string& organization_id, const std::string& user_id) {
    constexpr unsigned short kPolicyViolation = 1008;
    hub.close_user(organization_id, user_id, kPolicyViolation);
  });
  if (!cfg.redis_url.empty()) {
    redis = std::make_unique<storage::RedisClient>(cfg.redis_url);
    events->enable_redis(*redis, cfg.redis_url);
  }
  limiter = std::make_unique<http::RateLimiter>(clock, redis.get());
  keyring = std::make_unique<Keyring>(Keyring::load(cfg.data_dir, cfg.master_key, cfg.master_key_previous));
  http_client = std::make_unique<providers::common::HttpClient>(
      providers::common::HttpClientSettings{.allow_private_addresses = cfg.outbound_allow_private},
      providers::common::HttpClientEffects{clock, nullptr, nullptr});
  providers.add(providers::simulated::simulated_kind());
  providers.add(providers::aws::aws_kind(*http_client));
  providers.add(providers::azure::azure_kind(*http_client));
  providers.add(providers::gcp::gcp_kind(*http_client));
  queue = std::make_unique<jobs::JobQueue>(*db, clock, new_id("worker"));
  platform = std::make_unique<platform::Platform>(platform::Platform{*db, clock, *events, *queue, *keyring, providers});

  // The domains, each in one line, after the ones it uses.
  orgs = &add<orgs::OrgsModule>(*platform, auth::hash_password);
  auth = &add<auth::AuthModule>(*platform, load_signing_keys(cfg), orgs->service, *limiter);
  audit = &add<audit::AuditModule>(*platform);
  auto& accounts = add<accounts::AccountsModule>(*platform, orgs->service,
                                                 accounts::AccountsSettings{cfg.sync_scheduler_seconds * 1000LL});
  auto& inventory = add<inventory::InventoryModule>(*platform, accounts);
  demo = &add<demo::DemoModule>(inventory, orgs->service, clock);
  add<jobs::JobsModule>(*platform);
  add<notifications::NotificationsModule>(
      *platform, orgs->service, notifications::SendSettings{.allow_private_addresses = cfg.outbound_allow_private},
      cfg.public_url);
  costs = &add<costs::CostsModule>(
      *platform, accounts, costs::CostsSettings{cfg.data_dir, {.scheduler_ms = cfg.sync_scheduler_seconds * 1000LL}});
  add<costs::RecommendationsModule>(*platform, accounts, inventory);
  add<security::SecurityModule>(*platform);  // loads the rule catalog: a bad rule file stops here
  // Collection and evaluation look for due work as often as syncs do (at most once a minute).
  const Millis monitoring_tick = std::min<Millis>(60'000, cfg.sync_scheduler_seconds * 1000LL);
  monitoring::MonitoringSettings monitoring_settings{.collection = {.scheduler_ms = monitoring_tick},
                                                     .evaluate_every_ms = monitoring_tick,
                                                     .public_url = cfg.public_url};
  if (!cfg.metrics_url.empty()) monitoring_settings.prometheus = monitoring::PrometheusSettings{.url = cfg.metrics_url};
  add<monitoring::MonitoringModule>(*platform, accounts, inventory, monitoring_settings);
  vault::VaultSettings vault_settings{.directory = fs::path(cfg.data_dir) / "vault",
                                      .limits = {.max_upload_bytes = cfg.vault_max_upload_bytes},
                                      .public_url = cfg.public_url,
                                      .processing = {.worker = {.program = fs::read_symlink("/proc/self/exe"),
                                                                .memory_bytes = cfg.vault_media_memory_mb << 20,
                                                                .timeout_ms = cfg.vault_media_timeout_ms},
                                                     .clamd = {.address = cfg.vault_clamd},
                                                     .max_attempts = static_cast<int>(cfg.vault_process_attempts)}};
  vault_settings.s3 = vault_s3_settings(cfg, *keyring);
  auto& vault = add<vault::VaultModule>(*platform, orgs->service, *limiter, vault_settings);
  if (!cfg.vault_s3_bucket.empty()) {
    // Reached now, so a wrong bucket, endpoint or key stops the start with the reason.
    try {
      vault.blobs.part_ids();
    } catch (const std::exception& e) {
      throw std::runtime_error("the vault's bucket " + cfg.vault_s3_bucket + " cannot be used: " + e.what());
    }
    log::info("vault content in S3", {{"bucket", cfg.vault_s3_bucket}, {"prefix", cfg.vault_s3_prefix}});
  }

  runner = std::make_unique<jobs::JobRunner>(*queue, jobs::RunnerSettings{.workers = cfg.job_workers});
  runner->set_retry_classifier([](const std::exception& e) {
    auto* provider_error = dynamic_cast<const providers::ProviderError*>(&e);
    return provider_error ? provider_error->retryable() : true;
  });
  runner->set_progress_listener([this](const jobs::Job& job, const jobs::JobProgress& p) {
    events->broadcast(job.organization_id, "job.progress",
                      {{"jobId", job.id},
                       {"type", job.type},
                       {"progress",
                        {{"done", p.done},
                         {"total", p.total > 0 ? nlohmann::json(p.total) : nlohmann::json(nullptr)},
                         {"message", p.message}}}});
  });
  runner->set_on_periodic_run([this](const std::string& name) {
    metrics.increment("cloudweave_periodic_task_runs_total", {{"task", name}});
  });
  for (auto& module : modules) {
    module->add_jobs(*runner);
    module->subscribe(*events);
  }

  metrics.gauge("cloudweave_db_pool_connections", "open database connections",
                [this] { return static_cast<double>(db->stats().size); });
  metrics.gauge("cloudweave_db_pool_in_use", "database connections in use",
                [this] { return static_cast<double>(db->stats().in_use); });
  metrics.gauge("cloudweave_db_pool_waiting", "requests waiting for a database connection",
                [this] { return static_cast<double>(db->stats().waiting); });
  metrics.gauge("cloudweave_ws_sessions", "authenticated WebSocket sessions",
                [this] { return static_cast<double>(hub.session_count()); });
  metrics.gauge("process_resident_memory_bytes", "resident memory", [] { return process_rss_bytes(); });
}

Services::~Services() {
  // Jobs publish events and the bus calls into the domains: both stop before anything is
  // destroyed; then the modules go, the last added (which may use earlier ones) first.
  if (runner) runner->stop();
  if (events) events->stop();
  while (!modules.empty()) modules.pop_back();
}

void Services::add_routes(http::Router& router) {
  for (auto& module : modules) module->add_routes(router);
}

void Services::start_background_work() {
  events->start();
  if (config.job_workers > 0) runner->start();
}

}  // namespace cw::app
