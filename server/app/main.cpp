// cloudweave: the one binary. `serve` runs the API + UI server; the other commands operate on the
// same database with the same configuration.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <string_view>
#include <nlohmann/json.hpp>

#include "app/config.hpp"
#include "app/services.hpp"
#include "app/system_routes.hpp"
#include "auth/password.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json_body.hpp"
#include "core/log.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "storage/migrations.hpp"
#include "vault/media.hpp"

namespace {

using cw::app::Config;

int serve(const Config& config) {
  cw::app::Services services(config);
  cw::http::Router router;
  cw::app::register_system_routes(router, services);
  services.add_routes(router);

  cw::http::StaticFiles static_files(config.web_dir);
  if (!static_files.available()) cw::log::warn("web UI not found; serving the API only", {{"webDir", config.web_dir}});

  cw::http::PipelineSettings pipeline_settings;
  pipeline_settings.cors_origins = config.cors_origins;
  pipeline_settings.rate_limit_per_minute = config.rate_limit;
  auto& audit_repo = services.audit->repository;
  cw::http::Pipeline pipeline(
      pipeline_settings, router, services.auth->service,
      [&audit_repo](const cw::http::AuditEvent& e) { audit_repo.append(e); }, *services.limiter, services.metrics,
      static_files, services.clock);

  cw::http::ServerSettings server_settings;
  server_settings.host = config.host;
  server_settings.port = static_cast<uint16_t>(config.port);
  server_settings.io_threads = config.io_threads;
  server_settings.worker_threads = config.worker_threads;
  server_settings.max_body_bytes = static_cast<size_t>(config.max_body_bytes);
  server_settings.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
  server_settings.trusted_proxies = config.trusted_proxies;
  cw::http::HttpServer server(server_settings, pipeline, services.hub, services.metrics);
  uint16_t port = server.listen();
  services.start_background_work();
  // The address bound, as it is: 0.0.0.0 means every interface, and saying so matters.
  bool v6 = config.host.find(':') != std::string::npos;
  std::cout << "listening on http://" << (v6 ? "[" + config.host + "]" : config.host) << ":" << port
            << (config.host == "0.0.0.0" || config.host == "::" ? " (all interfaces)" : "") << std::endl;
  cw::log::info("server started",
                {{"port", port},
                 {"database", cw::app::redact_url(config.database_url)},
                 {"redis", config.redis_url.empty() ? "disabled" : cw::app::redact_url(config.redis_url)},
                 {"ioThreads", config.io_threads}});
  server.run();
  cw::log::info("server stopped");
  return 0;
}

int migrate(const Config& config) {
  cw::app::ensure_data_dir(config);
  cw::storage::DatabaseSettings settings{config.database_url, 1, 5000};
  auto db = cw::storage::open_database(settings);
  auto applied = cw::storage::migrate(*db, cw::storage::embedded_migrations());
  std::cout << (applied.empty() ? "schema is up to date"
                                : "applied " + std::to_string(applied.size()) + " migration(s)")
            << "; schema version " << cw::storage::schema_version(*db) << std::endl;
  return 0;
}

struct UserCreateArgs {
  std::string email, name, role = "viewer", org, password, org_name;
  bool skip_onboarding = false;
};

int user_create(const Config& config, const UserCreateArgs& args) {
  std::string email;
  if (!cw::normalize_email(args.email, email)) {
    std::cerr << "error: --email is not a valid email address\n";
    return 2;
  }
  auto role = cw::parse_role(args.role);
  if (!role) {
    std::cerr << "error: --role must be owner, admin, operator or viewer\n";
    return 2;
  }
  std::string password = args.password;
  if (password.empty()) {
    if (const char* env = std::getenv("CLOUDWEAVE_USER_PASSWORD")) password = env;
  }
  bool generated = password.empty();
  if (generated) password = cw::crypto::random_token(15);
  if (password.size() < cw::kMinPasswordLength) {
    std::cerr << "error: the password must be at least " << cw::kMinPasswordLength << " characters\n";
    return 2;
  }
  cw::app::Services services(config);
  std::string name = args.name.empty() ? email.substr(0, email.find('@')) : args.name;
  cw::orgs::NewMember member{email, name, *role, cw::auth::hash_password(password)};
  try {
    std::optional<cw::orgs::Organization> org;
    if (!args.org.empty()) {
      org = services.orgs->repository.find_organization(args.org);
      if (!org) org = services.orgs->repository.find_organization_by_slug(args.org);
      if (!org) {
        std::cerr << "error: no organization with id or slug '" << args.org << "'\n";
        return 2;
      }
    }
    cw::orgs::User user;
    if (org) {
      cw::Principal system{"", "", org->id, cw::Role::kOwner, ""};
      user = services.orgs->service.add_member(system, member).user;
    } else {
      // No organization named: a new one, with this user as its owner.
      member.role = cw::Role::kOwner;
      std::string org_name = args.org_name.empty() ? name + "'s organization" : args.org_name;
      user = services.orgs->service.create_with_owner(org_name, member).second;
    }
    if (args.skip_onboarding)
      services.orgs->service.update_onboarding(user.id, {{"completed", true}, {"skipped", true}});
    std::cout << "created user " << user.id << " <" << user.email << "> role " << cw::role_name(user.role)
              << " in organization " << user.organization_id << std::endl;
    if (generated) std::cout << "generated password: " << password << std::endl;
  } catch (const cw::ApiError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

int demo_load(const Config& config, const std::string& scenario, const std::string& org_ref) {
  cw::app::Services services(config);
  auto org = services.orgs->repository.find_organization(org_ref);
  if (!org) org = services.orgs->repository.find_organization_by_slug(org_ref);
  if (!org) {
    std::cerr << "error: no organization with id or slug '" << org_ref << "'\n";
    return 2;
  }
  cw::Principal system{"", "", org->id, cw::Role::kOwner, ""};
  try {
    auto result = services.demo->service.load(system, scenario);
    std::cout << "loaded demo scenario " << scenario << " into " << org->slug << ": " << result.value("resources", 0)
              << " resources" << std::endl;
  } catch (const cw::ApiError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

int costs_import(const Config& config, const std::string& file, const std::string& format, const std::string& account,
                 const std::string& currency) {
  cw::app::Services services(config);
  try {
    auto imp = services.costs->imports.import_file(
        account, format, currency, file,
        [](long long done, long long total, const std::string& message) { std::cerr << "  " << message << std::endl; });
    for (const auto& w : imp.warnings) std::cerr << "warning: " << w << "\n";
    if (imp.state != "succeeded") {
      std::cerr << "error: nothing was imported from " << file << ":\n";
      for (const auto& e : imp.errors)
        std::cerr << "  " << file << ":" << e.row << (e.column.empty() ? "" : " " + e.column) << ": " << e.message
                  << "\n";
      return 1;
    }
    std::cout << "imported " << imp.rows << " rows into account " << imp.account_id << " (import " << imp.id
              << "), billing periods";
    for (const auto& p : imp.periods) std::cout << " " << p;
    std::cout << std::endl;
  } catch (const cw::ApiError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

int keys_rotate(const Config& config) {
  cw::app::ensure_data_dir(config);
  std::unique_ptr<cw::Keyring> ring;
  if (config.master_key.empty()) {
    ring = std::make_unique<cw::Keyring>(cw::Keyring::rotate_key_file(config.data_dir));
  } else {
    // Keys from the environment: the operator put the new key in CLOUDWEAVE_MASTER_KEY and the
    // old ones in CLOUDWEAVE_MASTER_KEY_PREVIOUS; re-seal under the new one.
    ring = std::make_unique<cw::Keyring>(
        cw::Keyring::load(config.data_dir, config.master_key, config.master_key_previous));
  }
  cw::storage::DatabaseSettings settings{config.database_url, 1, 5000};
  auto db = cw::storage::open_database(settings);
  cw::storage::migrate(*db, cw::storage::embedded_migrations());
  cw::accounts::AccountRepository accounts(*db);
  int resealed = 0, unreadable = 0;
  for (const auto& [id, sealed] : accounts.all_credentials()) {
    if (ring->sealed_with_current(sealed)) continue;
    auto plain = ring->open(sealed, id);
    if (!plain) {
      ++unreadable;
      continue;
    }
    accounts.set_credentials(id, ring->seal(*plain, id));
    ++resealed;
  }
  std::cout << "current key " << ring->current_key_id() << "; re-encrypted " << resealed << " credential(s)";
  if (unreadable) std::cout << "; " << unreadable << " could not be decrypted with any known key";
  std::cout << std::endl;
  // The vault's S3 key is sealed in the configuration, which this command does not write.
  if (!config.vault_s3_credentials.empty() && !ring->sealed_with_current(config.vault_s3_credentials))
    std::cout << "CLOUDWEAVE_VAULT_S3_CREDENTIALS is sealed with an older key: it still opens while that key is "
                 "kept; seal it again with `cloudweave keys seal-s3`"
              << std::endl;
  return unreadable ? 1 : 0;
}

/// Seals an access key for CLOUDWEAVE_VAULT_S3_CREDENTIALS: the secret comes on stdin (never on
/// the command line, where `ps` and shell history would keep it).
int keys_seal_s3(const Config& config, const std::string& access_key_id) {
  cw::app::ensure_data_dir(config);
  std::string secret;
  std::getline(std::cin, secret);
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
  if (access_key_id.empty() || secret.empty()) {
    std::cerr << "error: give --access-key-id and the secret access key on stdin\n";
    return 2;
  }
  auto ring = cw::Keyring::load(config.data_dir, config.master_key, config.master_key_previous);
  nlohmann::json keys = {{"accessKeyId", access_key_id}, {"secretAccessKey", secret}};
  std::cout << "CLOUDWEAVE_VAULT_S3_CREDENTIALS=" << ring.seal(keys.dump(), cw::app::kVaultS3CredentialsContext)
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The vault's media worker (vault/media.hpp): a child the server starts per image, with its
  // own memory cap; it needs no configuration, so it is dispatched before any is read.
  if (argc >= 2 && std::string_view(argv[1]) == "vault-media") return cw::vault::media_worker_main(argc, argv);
  // Whatever this process creates (database, keys, logs) is the owner's alone.
  ::umask(0077);
  CLI::App cli{"CloudWeave — self-hosted multi-cloud management"};
  cli.require_subcommand(1);
  std::string config_file;
  cli.add_option("--config", config_file, "file of CLOUDWEAVE_*=value lines");
  std::map<std::string, std::string> flags;

  auto* serve_cmd = cli.add_subcommand("serve", "run the API and web UI server");
  std::string port, host, data_dir;
  serve_cmd->add_option("--port", port, "TCP port (0 picks a free one)");
  serve_cmd->add_option("--host", host, "address to bind");
  serve_cmd->add_option("--data-dir", data_dir, "where SQLite and key files live");
  serve_cmd->add_option("--config", config_file, "file of CLOUDWEAVE_*=value lines");

  auto* migrate_cmd = cli.add_subcommand("migrate", "apply database migrations and exit");
  migrate_cmd->add_option("--data-dir", data_dir, "where SQLite and key files live");

  auto* user_cmd = cli.add_subcommand("user", "manage users");
  user_cmd->require_subcommand(1);
  auto* user_create_cmd = user_cmd->add_subcommand("create", "create a user that can sign in at once");
  UserCreateArgs user_args;
  user_create_cmd->add_option("--email", user_args.email, "email address")->required();
  user_create_cmd->add_option("--name", user_args.name, "display name");
  user_create_cmd->add_option("--role", user_args.role, "owner, admin, operator or viewer");
  user_create_cmd->add_option("--org", user_args.org, "organization id or slug (default: a new organization)");
  user_create_cmd->add_option("--org-name", user_args.org_name, "name of the new organization");
  user_create_cmd->add_option("--password", user_args.password,
                              "password (default: $CLOUDWEAVE_USER_PASSWORD, else generated and printed)");
  user_create_cmd->add_flag("--skip-onboarding", user_args.skip_onboarding,
                            "the user lands on the dashboard instead of the onboarding wizard");
  user_create_cmd->add_option("--data-dir", data_dir, "where SQLite and key files live");

  auto* demo_cmd = cli.add_subcommand("demo", "demo data");
  demo_cmd->require_subcommand(1);
  auto* demo_load_cmd = demo_cmd->add_subcommand("load", "load a demo scenario into an organization");
  std::string demo_scenario = "startup", demo_org;
  demo_load_cmd->add_option("--scenario", demo_scenario, "startup, enterprise, devops or multicloud");
  demo_load_cmd->add_option("--org", demo_org, "organization id or slug")->required();
  demo_load_cmd->add_option("--data-dir", data_dir, "where SQLite and key files live");

  auto* costs_cmd = cli.add_subcommand("costs", "cost data");
  costs_cmd->require_subcommand(1);
  auto* costs_import_cmd =
      costs_cmd->add_subcommand("import", "import a cost file (FOCUS CSV or CSV.gz) into an account");
  std::string costs_file, costs_format = "focus", costs_account, costs_currency = "USD";
  costs_import_cmd->add_option("FILE", costs_file, "the file")->required();
  costs_import_cmd->add_option("--format", costs_format, "focus (default), aws-cur, aws-cur2, azure, gcp or oci");
  costs_import_cmd->add_option("--account", costs_account, "the cloud account id (GET /providers)")->required();
  costs_import_cmd->add_option("--currency", costs_currency, "currency of rows when the file has no BillingCurrency");
  costs_import_cmd->add_option("--data-dir", data_dir, "where SQLite and key files live");

  auto* keys_cmd = cli.add_subcommand("keys", "encryption keys for stored credentials");
  keys_cmd->require_subcommand(1);
  auto* keys_rotate_cmd = keys_cmd->add_subcommand("rotate", "add a new master key and re-encrypt all credentials");
  keys_rotate_cmd->add_option("--data-dir", data_dir, "where SQLite and key files live");

  auto* keys_seal_s3_cmd = keys_cmd->add_subcommand(
      "seal-s3", "seal the vault bucket's access key (secret on stdin) for CLOUDWEAVE_VAULT_S3_CREDENTIALS");
  std::string s3_access_key_id;
  keys_seal_s3_cmd->add_option("--access-key-id", s3_access_key_id, "the access key id")->required();
  keys_seal_s3_cmd->add_option("--data-dir", data_dir, "where the key file lives");

  auto* version_cmd = cli.add_subcommand("version", "print the version");

  CLI11_PARSE(cli, argc, argv);

  if (version_cmd->parsed()) {
    std::cout << "cloudweave " << CLOUDWEAVE_VERSION << std::endl;
    return 0;
  }
  if (!port.empty()) flags["CLOUDWEAVE_PORT"] = port;
  if (!host.empty()) flags["CLOUDWEAVE_HOST"] = host;
  if (!data_dir.empty()) flags["CLOUDWEAVE_DATA_DIR"] = data_dir;
  auto env = cw::app::cloudweave_environment();
  if (config_file.empty() && env.count("CLOUDWEAVE_CONFIG")) config_file = env["CLOUDWEAVE_CONFIG"];

  Config config;
  auto errors = cw::app::load_config(config, config_file, env, flags);
  if (!errors.empty()) {
    std::cerr << "invalid configuration:\n";
    for (const auto& e : errors) std::cerr << "  " << e << "\n";
    return 2;
  }
  cw::log::Level level;
  cw::log::parse_level(config.log_level, level);
  cw::log::set_level(level);

  try {
    if (serve_cmd->parsed()) return serve(config);
    if (migrate_cmd->parsed()) return migrate(config);
    if (user_create_cmd->parsed()) return user_create(config, user_args);
    if (demo_load_cmd->parsed()) return demo_load(config, demo_scenario, demo_org);
    if (keys_rotate_cmd->parsed()) return keys_rotate(config);
    if (keys_seal_s3_cmd->parsed()) return keys_seal_s3(config, s3_access_key_id);
    if (costs_import_cmd->parsed())
      return costs_import(config, costs_file, costs_format, costs_account, costs_currency);
  } catch (const std::exception& e) {
    // Start-up failures (database unreachable, port taken) end here with a readable message.
    std::cerr << "error: " << e.what() << std::endl;
    cw::log::error("fatal", {{"error", e.what()}});
    return 1;
  }
  return 0;
}
