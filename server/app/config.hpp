#pragma once
/// Server configuration: defaults, then a config file of CLOUDWEAVE_*=value lines, then the
/// environment (env wins over the file), then command-line flags. Every value is validated and
/// every problem reported at once.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/client_address.hpp"

namespace cw::app {

struct Config {
  // Loopback unless told otherwise: a laptop's `make run` is not reachable from the network.
  // Containers set CLOUDWEAVE_HOST=0.0.0.0.
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "./data";
  std::string database_url;  // default: sqlite://<data_dir>/cloudweave.db
  std::string redis_url;     // empty: Redis disabled
  std::string jwt_secret;    // empty: a key file in the data dir
  std::vector<std::string> jwt_previous_secrets;
  std::vector<std::string> cors_origins;
  http::TrustedProxies trusted_proxies;  // whose X-Forwarded-For names the client
  bool outbound_allow_private = false;
  std::string public_url;  // where users reach the web UI (links in emails); empty: no links mailed   // cloud
                           // endpoints on loopback/private addresses
  long long max_body_bytes = 1 << 20;
  long long vault_max_upload_bytes = 10LL << 30;  // the largest file the vault accepts (10 GiB)
  std::string vault_clamd;                        // clamd's address (unix:/path or host:port); "" = no scan
  long long vault_media_timeout_ms = 60'000;      // a thumbnail worker is stopped after this long
  long long vault_media_memory_mb = 1024;         // its address space
  long long vault_process_attempts = 4;           // tries of a file's processing before it is marked failed
  // The vault's content in an S3-compatible bucket (scaled setup); empty bucket: files under
  // <data_dir>/vault. The credentials are sealed with the keyring (`cloudweave keys seal-s3`).
  std::string vault_s3_bucket;
  std::string vault_s3_region = "us-east-1";
  std::string vault_s3_endpoint;  // empty: AWS itself
  std::string vault_s3_prefix;    // "" or ending with '/'
  std::string vault_s3_credentials;
  std::string metrics_url;  // a Prometheus-compatible backend for metric samples; "" = embedded store
  int rate_limit = 1200;    // requests per minute per address and per user; 0 disables
  std::string log_level = "info";
  std::string web_dir;  // default: web/dist beside the binary's project, or ./web/dist
  int io_threads = 0;   // 0: one per core
  int worker_threads = 4;
  int db_pool_size = 8;
  int shutdown_grace_seconds = 10;
  std::string master_key;  // empty: key file <data_dir>/master.key
  std::vector<std::string> master_key_previous;
  int job_workers = 2;
  int sync_scheduler_seconds = 15;  // how often due account syncs are looked for
};

/// Reads `file` (if not empty) and `env`, applies `flags` (already-parsed CLI values, keyed by
/// env-variable name). Returns human-readable errors; empty when the config is valid.
std::vector<std::string> load_config(Config& config, const std::string& file,
                                     const std::map<std::string, std::string>& env,
                                     const std::map<std::string, std::string>& flags);

/// The process environment's CLOUDWEAVE_* variables.
std::map<std::string, std::string> cloudweave_environment();

/// The database URL with any password replaced by "***" (for logs).
std::string redact_url(const std::string& url);

}  // namespace cw::app
