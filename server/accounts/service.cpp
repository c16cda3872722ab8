#include "accounts/service.hpp"

#include "events/event_bus.hpp"

#include "core/ids.hpp"
#include "core/log.hpp"
#include "storage/database.hpp"

namespace cw::accounts {

void AccountService::validate_credentials(const std::string& provider, const nlohmann::json& credentials,
                                          const nlohmann::json& endpoints) {
  const providers::ProviderKind* kind = gateway_.registry().find(provider);
  if (!kind) {
    std::string names;
    for (const auto& n : gateway_.registry().names()) names += (names.empty() ? "" : ", ") + n;
    throw field_error("provider", "must be one of: " + names);
  }
  if (!credentials.is_object()) throw field_error("credentials", "must be an object");
  auto problems = kind->validate(credentials, endpoints);
  if (problems.empty()) return;
  nlohmann::json fields = nlohmann::json::object();
  std::string message = "invalid credentials:";
  for (const auto& [field, reason] : problems) {
    fields["credentials." + field] = reason;
    message += " " + field + " (" + reason + ")";
  }
  throw ApiError(ErrorCode::kValidation, message, nlohmann::json{{"fields", fields}});
}

void AccountService::validate_settings(const std::string& provider, const nlohmann::json& settings) {
  const providers::ProviderKind* kind = gateway_.registry().find(provider);
  if (!kind) return;  // validate_credentials names the provider
  std::map<std::string, std::string> problems;
  if (kind->validate_settings)
    problems = kind->validate_settings(settings);
  else if (settings.contains("billingExportTable"))
    problems["billingExportTable"] = "is not a setting of " + provider + " accounts";
  if (problems.empty()) return;
  nlohmann::json fields = nlohmann::json::object();
  std::string message = "invalid settings:";
  for (const auto& [field, reason] : problems) {
    fields[field] = reason;
    message += " " + field + " (" + reason + ")";
  }
  throw ApiError(ErrorCode::kValidation, message, nlohmann::json{{"fields", fields}});
}

providers::ConnectionTest AccountService::probe(const Account& account) {
  providers::ConnectionTest result;
  try {
    result = gateway_.open(account)->test_connection();
  } catch (const providers::ProviderError& e) {
    result.valid = false;
    result.errors.push_back(providers::explain_failure(e, "the provider refused the connection"));
  }
  return result;
}

providers::ConnectionTest AccountService::run_test(const Account& account) {
  providers::ConnectionTest result = probe(account);
  Millis now = clock_.now_ms();
  std::string reason = result.valid || result.errors.empty() ? "" : result.errors.front();
  // A valid account is "connected" once it has synced, "pending" until then — as the database
  // knows it now: a sync may have completed while the test talked to the cloud.
  repo_.record_test(account.id, result.valid, reason, now);
  return result;
}

Account AccountService::connect(const Principal& actor, const NewAccount& in) {
  validate_credentials(in.provider, in.credentials, in.endpoints);
  Millis now = clock_.now_ms();
  Account a;
  a.id = new_id("acct");
  a.organization_id = actor.organization_id;
  a.provider = in.provider;
  a.name = in.name;
  a.sealed_credentials = gateway_.keyring().seal(in.credentials.dump(), a.id);
  a.settings = {{"regions", in.regions}, {"endpoints", in.endpoints}};
  if (!in.services.is_null()) a.settings["services"] = in.services;
  if (!in.billing_export_table.empty()) a.settings["billingExportTable"] = in.billing_export_table;
  validate_settings(in.provider, a.settings);
  a.is_demo = in.is_demo;
  a.sync_interval_seconds = in.sync_interval_seconds;
  a.created_at = a.updated_at = now;
  if (in.verify) {
    // Nothing is saved for credentials that do not work: the client shows the first cause and
    // may send the account again without `verify` to keep it anyway.
    providers::ConnectionTest t = probe(a);
    forget_provider_state(a);
    if (!t.valid) {
      std::string cause = t.errors.empty() ? "the connection test failed" : t.errors.front();
      throw ApiError(ErrorCode::kValidation, cause,
                     nlohmann::json{{"fields", {{"credentials", cause}}}, {"test", t.to_json()}});
    }
  }
  try {
    repo_.insert(a);
  } catch (const storage::DatabaseError& e) {
    if (e.unique_violation())
      throw ApiError(ErrorCode::kConflict, "a cloud account with this name already exists",
                     nlohmann::json{{"fields", {{"name", "is already used by another account"}}}});
    throw;
  }
  run_test(a);
  Account saved = *repo_.find(actor.organization_id, a.id);
  if (saved.status != "error" && in.schedule_sync) request_sync(saved, true);
  return *repo_.find(actor.organization_id, a.id);
}

Account AccountService::get(const Principal& actor, const std::string& id) {
  auto a = repo_.find(actor.organization_id, id);
  if (!a) throw not_found("cloud account");
  return *a;
}

AccountPage AccountService::list(const Principal& actor, int limit, long long offset) {
  return {repo_.list(actor.organization_id, limit, offset), repo_.count(actor.organization_id)};
}

Account AccountService::update(const Principal& actor, const std::string& id, const AccountPatch& patch) {
  Account a = get(actor, id);
  bool retest = false;
  if (patch.name) a.name = *patch.name;
  if (patch.credentials) {
    validate_credentials(a.provider, *patch.credentials,
                         patch.endpoints ? *patch.endpoints : a.settings.value("endpoints", nlohmann::json::object()));
    a.sealed_credentials = gateway_.keyring().seal(patch.credentials->dump(), a.id);
    retest = true;
  }
  if (patch.regions) a.settings["regions"] = *patch.regions;
  if (patch.services) {
    a.settings["services"] = *patch.services;
    retest = true;
  }
  if (patch.endpoints && *patch.endpoints != a.settings.value("endpoints", nlohmann::json::object())) {
    // Endpoints decide where the stored credentials are sent: whoever redirects them must know
    // them, or an admin could have the next connection test post the secret to their own server.
    if (!patch.credentials)
      throw field_error("credentials",
                        "are required again when the endpoints change (they decide where "
                        "the credentials are sent)");
    a.settings["endpoints"] = *patch.endpoints;
    retest = true;
  }
  if (patch.billing_export_table &&
      *patch.billing_export_table != a.settings.value("billingExportTable", std::string())) {
    if (patch.billing_export_table->empty())
      a.settings.erase("billingExportTable");
    else
      a.settings["billingExportTable"] = *patch.billing_export_table;
    retest = true;  // the connection test reads the table
  }
  if (patch.regions || patch.endpoints || patch.billing_export_table) validate_settings(a.provider, a.settings);
  if (patch.sync_interval_seconds) a.sync_interval_seconds = *patch.sync_interval_seconds;
  a.updated_at = clock_.now_ms();
  try {
    repo_.update(a);
  } catch (const storage::DatabaseError& e) {
    if (e.unique_violation())
      throw ApiError(ErrorCode::kConflict, "a cloud account with this name already exists",
                     nlohmann::json{{"fields", {{"name", "is already used by another account"}}}});
    throw;
  }
  if (retest) run_test(a);
  return get(actor, id);
}

void AccountService::disconnect(const Principal& actor, const std::string& id) {
  Account account = get(actor, id);
  bool removed = false;
  repo_.atomically([&] {
    removed = repo_.remove(actor.organization_id, id);
    if (removed)
      for (const auto& listener : removed_listeners_) listener(actor.organization_id);
  });
  if (!removed) throw not_found("cloud account");
  forget_provider_state(account);
}

void AccountService::remove_demo_accounts(const std::string& organization_id) {
  auto demo_accounts = repo_.demo_accounts(organization_id);
  repo_.atomically([&] {
    for (const auto& a : demo_accounts) repo_.remove(organization_id, a.id);
    for (const auto& listener : removed_listeners_) listener(organization_id);
  });
  for (const auto& a : demo_accounts) forget_provider_state(a);
}

void AccountService::record_sync(const Account& account, const std::string& status, const std::string& reason,
                                 std::optional<Millis> synced_at, long long resource_count,
                                 const std::function<void()>& also) {
  repo_.atomically([&] {
    repo_.record_sync(account.id, status, reason, synced_at, resource_count, clock_.now_ms());
    if (also) also();
  });
}

void AccountService::forget_provider_state(const Account& account) {
  // Some providers keep state of their own per account (the simulated cloud): it goes too.
  gateway_.forget(account);
}

providers::ConnectionTest AccountService::test(const Principal& actor, const std::string& id) {
  return run_test(get(actor, id));
}

std::string AccountService::request_sync(const Account& account, bool full) {
  std::string job_id = queue_.enqueue(
      kSyncJob, {{"accountId", account.id}, {"full", full}},
      {.organization_id = account.organization_id, .max_attempts = 5, .dedupe_key = "sync:" + account.id});
  repo_.set_sync_job(account.id, job_id);
  return job_id;
}

int AccountService::enqueue_due_syncs() {
  int n = 0;
  for (const auto& [org, id] : repo_.due_for_sync(clock_.now_ms())) {
    if (auto a = repo_.find(org, id)) {
      request_sync(*a, false);
      ++n;
    }
  }
  return n;
}

}  // namespace cw::accounts
