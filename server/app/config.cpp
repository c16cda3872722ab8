#include "app/config.hpp"
#include "providers/aws/aws_client.hpp"
#include "vault/clamd.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

extern char** environ;

namespace cw::app {

namespace {

/// CLOUDWEAVE_VAULT_S3_*: all or nothing, each checked here so a typo stops the start with the
/// setting's name rather than failing on the first upload.
template <typename Get>
void vault_s3(const Get& get, Config& c, std::vector<std::string>& errors) {
  const std::string* bucket = get("CLOUDWEAVE_VAULT_S3_BUCKET");
  if (!bucket || bucket->empty()) {
    for (const char* other : {"CLOUDWEAVE_VAULT_S3_REGION", "CLOUDWEAVE_VAULT_S3_ENDPOINT",
                              "CLOUDWEAVE_VAULT_S3_PREFIX", "CLOUDWEAVE_VAULT_S3_CREDENTIALS"})
      if (const std::string* v = get(other); v && !v->empty())
        errors.push_back(std::string(other) + ": needs CLOUDWEAVE_VAULT_S3_BUCKET (the vault's bucket)");
    return;
  }
  bool bucket_ok = bucket->size() >= 3 && bucket->size() <= 63;
  for (char ch : *bucket)
    bucket_ok = bucket_ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.');
  if (!bucket_ok)
    errors.push_back("CLOUDWEAVE_VAULT_S3_BUCKET=" + *bucket +
                     ": must be an S3 bucket name (3 to 63 lowercase letters, digits, '-' and '.')");
  c.vault_s3_bucket = *bucket;
  if (const std::string* v = get("CLOUDWEAVE_VAULT_S3_REGION")) {
    if (!providers::aws::is_region_name(*v))
      errors.push_back("CLOUDWEAVE_VAULT_S3_REGION=" + *v + ": must be a region name like eu-west-1");
    else
      c.vault_s3_region = *v;
  }
  if (const std::string* v = get("CLOUDWEAVE_VAULT_S3_ENDPOINT"); v && !v->empty()) {
    std::string url = *v;
    while (!url.empty() && url.back() == '/') url.pop_back();
    bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    if (!http || url.find_first_of(" ?#") != std::string::npos)
      errors.push_back("CLOUDWEAVE_VAULT_S3_ENDPOINT=" + *v + ": must be the store's URL, like http://minio:9000");
    else
      c.vault_s3_endpoint = url;
  }
  if (const std::string* v = get("CLOUDWEAVE_VAULT_S3_PREFIX"); v && !v->empty()) {
    std::string prefix = *v;
    if (prefix.back() != '/') prefix += '/';
    bool ok = prefix.front() != '/' && prefix.find("//") == std::string::npos && prefix.find("..") == std::string::npos;
    for (char ch : prefix)
      ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  std::string_view("/._-").find(ch) != std::string_view::npos);
    if (!ok)
      errors.push_back("CLOUDWEAVE_VAULT_S3_PREFIX=" + *v +
                       ": must be a key prefix like cloudweave/vault (letters, digits, '/', '.', '_', '-')");
    else
      c.vault_s3_prefix = prefix;
  }
  // Missing is reported when the server starts (`keys seal-s3` must still run to make them).
  const std::string* sealed = get("CLOUDWEAVE_VAULT_S3_CREDENTIALS");
  if (sealed && sealed->rfind("v1:", 0) != 0)
    errors.push_back(
        "CLOUDWEAVE_VAULT_S3_CREDENTIALS: must be the access key sealed by `cloudweave keys seal-s3` "
        "(a value starting with v1:)");
  else if (sealed)
    c.vault_s3_credentials = *sealed;
}

bool parse_int(const std::string& text, long long min, long long max, long long& out) {
  if (text.empty() || text.size() > 18) return false;
  size_t i = 0;
  bool negative = text[0] == '-';
  if (negative) i = 1;
  if (i == text.size()) return false;
  long long v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  if (negative) v = -v;
  if (v < min || v > max) return false;
  out = v;
  return true;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

std::string default_web_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/cloudweave → <project>/web/dist
    auto candidate = exe.parent_path().parent_path() / "web" / "dist";
    if (std::filesystem::exists(candidate / "index.html", ec)) return candidate.string();
  }
  return "web/dist";
}
}  // namespace

std::map<std::string, std::string> cloudweave_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    if (entry.rfind("CLOUDWEAVE_", 0) != 0) continue;
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

std::string redact_url(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::vector<std::string> load_config(Config& c, const std::string& file, const std::map<std::string, std::string>& env,
                                     const std::map<std::string, std::string>& flags) {
  std::vector<std::string> errors;
  std::map<std::string, std::string> values;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      errors.push_back("config file " + file + " cannot be read");
    } else {
      std::string line;
      int number = 0;
      while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        auto eq = line.find('=');
        std::string key = eq == std::string::npos ? "" : line.substr(first, eq - first);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
        if (key.rfind("CLOUDWEAVE_", 0) != 0) {
          errors.push_back(file + ":" + std::to_string(number) + ": expected CLOUDWEAVE_NAME=value");
          continue;
        }
        std::string value = line.substr(eq + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(value.begin());
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        values[key] = value;
      }
    }
  }
  for (const auto& [k, v] : env) values[k] = v;
  for (const auto& [k, v] : flags) values[k] = v;

  static const char* const kKnown[] = {"CLOUDWEAVE_HOST",
                                       "CLOUDWEAVE_PORT",
                                       "CLOUDWEAVE_DATA_DIR",
                                       "CLOUDWEAVE_DATABASE_URL",
                                       "CLOUDWEAVE_REDIS_URL",
                                       "CLOUDWEAVE_JWT_SECRET",
                                       "CLOUDWEAVE_JWT_PREVIOUS_SECRETS",
                                       "CLOUDWEAVE_CORS_ORIGINS",
                                       "CLOUDWEAVE_MAX_BODY_BYTES",
                                       "CLOUDWEAVE_VAULT_MAX_UPLOAD_BYTES",
                                       "CLOUDWEAVE_VAULT_CLAMD",
                                       "CLOUDWEAVE_VAULT_MEDIA_TIMEOUT_MS",
                                       "CLOUDWEAVE_VAULT_MEDIA_MEMORY_MB",
                                       "CLOUDWEAVE_VAULT_PROCESS_ATTEMPTS",
                                       "CLOUDWEAVE_VAULT_S3_BUCKET",
                                       "CLOUDWEAVE_VAULT_S3_REGION",
                                       "CLOUDWEAVE_VAULT_S3_ENDPOINT",
                                       "CLOUDWEAVE_VAULT_S3_PREFIX",
                                       "CLOUDWEAVE_VAULT_S3_CREDENTIALS",
                                       "CLOUDWEAVE_METRICS_URL",
                                       "CLOUDWEAVE_RATE_LIMIT",
                                       "CLOUDWEAVE_LOG_LEVEL",
                                       "CLOUDWEAVE_WEB_DIR",
                                       "CLOUDWEAVE_IO_THREADS",
                                       "CLOUDWEAVE_WORKER_THREADS",
                                       "CLOUDWEAVE_DB_POOL_SIZE",
                                       "CLOUDWEAVE_SHUTDOWN_GRACE_SECONDS",
                                       "CLOUDWEAVE_MASTER_KEY",
                                       "CLOUDWEAVE_MASTER_KEY_PREVIOUS",
                                       "CLOUDWEAVE_JOB_WORKERS",
                                       "CLOUDWEAVE_SYNC_SCHEDULER_SECONDS",
                                       "CLOUDWEAVE_CONFIG",
                                       "CLOUDWEAVE_USER_PASSWORD",
                                       "CLOUDWEAVE_TRUSTED_PROXIES",
                                       "CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE",
                                       "CLOUDWEAVE_PUBLIC_URL"};
  for (const auto& [k, v] : values) {
    bool known = false;
    for (const char* name : kKnown) known = known || k == name;
    if (!known) errors.push_back(k + ": unknown setting");
  }

  auto get = [&](const char* key) -> const std::string* {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
  };
  auto integer = [&](const char* key, long long min, long long max, auto& target) {
    if (const std::string* v = get(key)) {
      long long parsed;
      if (parse_int(*v, min, max, parsed))
        target = static_cast<std::remove_reference_t<decltype(target)>>(parsed);
      else
        errors.push_back(std::string(key) + "=" + *v + ": must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max));
    }
  };

  if (const std::string* v = get("CLOUDWEAVE_HOST")) {
    if (v->empty())
      errors.push_back("CLOUDWEAVE_HOST: must not be empty");
    else
      c.host = *v;
  }
  integer("CLOUDWEAVE_PORT", 0, 65535, c.port);
  if (const std::string* v = get("CLOUDWEAVE_DATA_DIR")) {
    if (v->empty())
      errors.push_back("CLOUDWEAVE_DATA_DIR: must not be empty");
    else
      c.data_dir = *v;
  }
  if (const std::string* v = get("CLOUDWEAVE_DATABASE_URL")) {
    if (v->rfind("sqlite://", 0) != 0 && v->rfind("postgresql://", 0) != 0 && v->rfind("postgres://", 0) != 0)
      errors.push_back("CLOUDWEAVE_DATABASE_URL: must start with sqlite:// or postgresql://");
    else
      c.database_url = *v;
  }
  if (const std::string* v = get("CLOUDWEAVE_REDIS_URL")) {
    if (!v->empty() && v->rfind("redis://", 0) != 0)
      errors.push_back("CLOUDWEAVE_REDIS_URL: must start with redis://");
    else
      c.redis_url = *v;
  }
  if (const std::string* v = get("CLOUDWEAVE_JWT_SECRET")) {
    if (!v->empty() && v->size() < 32)
      errors.push_back("CLOUDWEAVE_JWT_SECRET: must be at least 32 characters");
    else
      c.jwt_secret = *v;
  }
  if (const std::string* v = get("CLOUDWEAVE_JWT_PREVIOUS_SECRETS")) c.jwt_previous_secrets = split_list(*v);
  if (const std::string* v = get("CLOUDWEAVE_CORS_ORIGINS")) {
    c.cors_origins = split_list(*v);
    for (const auto& o : c.cors_origins) {
      if (o != "*" && o.rfind("http://", 0) != 0 && o.rfind("https://", 0) != 0)
        errors.push_back("CLOUDWEAVE_CORS_ORIGINS: '" + o + "' must be an origin like https://app.example.com");
    }
  }
  if (const std::string* v = get("CLOUDWEAVE_TRUSTED_PROXIES")) {
    std::string error;
    if (auto parsed = http::TrustedProxies::parse(*v, error))
      c.trusted_proxies = std::move(*parsed);
    else
      errors.push_back("CLOUDWEAVE_TRUSTED_PROXIES: " + error);
  }
  if (const std::string* v = get("CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE")) {
    if (*v == "1" || *v == "true" || *v == "yes")
      c.outbound_allow_private = true;
    else if (*v == "0" || *v == "false" || *v == "no" || v->empty())
      c.outbound_allow_private = false;
    else
      errors.push_back("CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE=" + *v + ": must be true or false");
  }
  if (const std::string* v = get("CLOUDWEAVE_PUBLIC_URL")) {
    std::string url = *v;
    while (!url.empty() && url.back() == '/') url.pop_back();
    bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    if (!url.empty() && (!http || url.find_first_of(" ?#") != std::string::npos))
      errors.push_back("CLOUDWEAVE_PUBLIC_URL=" + *v +
                       ": must be the web UI's address, like https://cloud.example.com");
    else
      c.public_url = url;
  }
  integer("CLOUDWEAVE_MAX_BODY_BYTES", 1024, 1LL << 32, c.max_body_bytes);
  integer("CLOUDWEAVE_VAULT_MAX_UPLOAD_BYTES", 1, 1LL << 42, c.vault_max_upload_bytes);
  if (const std::string* v = get("CLOUDWEAVE_VAULT_CLAMD")) {
    if (auto problem = vault::clamd_address_problem(*v); problem && !v->empty())
      errors.push_back("CLOUDWEAVE_VAULT_CLAMD=" + *v + ": " + *problem);
    else
      c.vault_clamd = *v;
  }
  integer("CLOUDWEAVE_VAULT_MEDIA_TIMEOUT_MS", 1, 3'600'000, c.vault_media_timeout_ms);
  integer("CLOUDWEAVE_VAULT_MEDIA_MEMORY_MB", 128, 65'536, c.vault_media_memory_mb);
  integer("CLOUDWEAVE_VAULT_PROCESS_ATTEMPTS", 1, 20, c.vault_process_attempts);
  vault_s3(get, c, errors);
  if (const std::string* v = get("CLOUDWEAVE_METRICS_URL"); v && !v->empty()) {
    std::string url = *v;
    while (!url.empty() && url.back() == '/') url.pop_back();
    bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    if (!http || url.find_first_of(" ?#") != std::string::npos)
      errors.push_back("CLOUDWEAVE_METRICS_URL=" + *v +
                       ": must be a Prometheus-compatible server's URL, like http://prometheus:9090");
    else
      c.metrics_url = url;
  }
  integer("CLOUDWEAVE_RATE_LIMIT", 0, 10'000'000, c.rate_limit);
  if (const std::string* v = get("CLOUDWEAVE_LOG_LEVEL")) {
    if (*v != "debug" && *v != "info" && *v != "warn" && *v != "error" && *v != "off")
      errors.push_back("CLOUDWEAVE_LOG_LEVEL=" + *v + ": must be debug, info, warn, error or off");
    else
      c.log_level = *v;
  }
  if (const std::string* v = get("CLOUDWEAVE_WEB_DIR")) c.web_dir = *v;
  integer("CLOUDWEAVE_IO_THREADS", 0, 256, c.io_threads);
  integer("CLOUDWEAVE_WORKER_THREADS", 1, 256, c.worker_threads);
  integer("CLOUDWEAVE_DB_POOL_SIZE", 1, 1000, c.db_pool_size);
  integer("CLOUDWEAVE_SHUTDOWN_GRACE_SECONDS", 0, 3600, c.shutdown_grace_seconds);

  if (const std::string* v = get("CLOUDWEAVE_MASTER_KEY")) c.master_key = *v;
  if (const std::string* v = get("CLOUDWEAVE_MASTER_KEY_PREVIOUS")) c.master_key_previous = split_list(*v);
  integer("CLOUDWEAVE_JOB_WORKERS", 0, 64, c.job_workers);
  integer("CLOUDWEAVE_SYNC_SCHEDULER_SECONDS", 1, 3600, c.sync_scheduler_seconds);

  if (c.database_url.empty())
    c.database_url = "sqlite://" + (std::filesystem::absolute(c.data_dir) / "cloudweave.db").string();
  if (c.web_dir.empty()) c.web_dir = default_web_dir();
  // One event loop per core but one: that core is left to blocking work (password hashing,
  // exports) and background jobs (syncs), which would otherwise delay the loops' requests.
  if (c.io_threads == 0) c.io_threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()) - 1);
  return errors;
}

}  // namespace cw::app
