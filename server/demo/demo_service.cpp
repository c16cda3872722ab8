#include "demo/demo_service.hpp"

#include "core/error.hpp"

namespace cw::demo {

nlohmann::json DemoService::load(const Principal& actor, const std::string& scenario) {
  bool known = false;
  for (const char* s : kScenarios) known = known || scenario == s;
  if (!known) throw field_error("scenario", "must be one of: startup, enterprise, devops, multicloud");
  accounts_.remove_demo_accounts(actor.organization_id);

  accounts::NewAccount account;
  account.provider = "simulated";
  account.name = "Demo (" + scenario + ")";
  // A fixed seed: everyone who loads a scenario sees the same, documented sample estate. The
  // bill's spike is planted two days back, so the Costs area has a recent anomaly to show.
  const std::string spike_on = format_rfc3339(clock_.now_ms() - 2 * 86'400'000LL).substr(0, 10);
  account.credentials = {{"scenario", scenario}, {"seed", 1}, {"spikeOn", spike_on}};
  account.sync_interval_seconds = 300;
  account.is_demo = true;
  account.schedule_sync = false;
  accounts::Account created = accounts_.connect(actor, account);
  auto stats = sync_.sync(created, true, "");
  orgs_.set_demo_mode(actor.organization_id, scenario);
  orgs_.complete_onboarding_step(actor.user_id, "demo-or-real");
  nlohmann::json out = status(actor.organization_id);
  out["accountId"] = created.id;
  out["resources"] = stats.total;
  return out;
}

nlohmann::json DemoService::status(const std::string& organization_id) {
  auto org = orgs_.organization(organization_id);
  return {
      {"isDemo", org.demo_scenario.has_value()},
      {"scenario", org.demo_scenario ? nlohmann::json(*org.demo_scenario) : nlohmann::json(nullptr)},
      {"loadedAt", org.demo_loaded_at ? nlohmann::json(format_rfc3339(*org.demo_loaded_at)) : nlohmann::json(nullptr)}};
}

void DemoService::clear(const Principal& actor) {
  accounts_.remove_demo_accounts(actor.organization_id);
  orgs_.set_demo_mode(actor.organization_id, std::nullopt);
}

}  // namespace cw::demo
