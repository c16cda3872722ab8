#pragma once
/// Organizations (tenants) and their members. A user belongs to exactly one organization and has
/// one role in it; preferences and onboarding progress are per user (JSON documents).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/principal.hpp"

namespace cw::orgs {

struct Organization {
  std::string id;
  std::string name;
  std::string slug;
  std::optional<std::string> demo_scenario;
  std::optional<Millis> demo_loaded_at;
  Millis created_at = 0;
};

struct User {
  std::string id;
  std::string organization_id;
  std::string email;
  std::string name;
  std::string password_hash;  // empty for an invited user who has not set one
  Role role = Role::kViewer;
  std::string status;  // active | invited
  nlohmann::json preferences;
  nlohmann::json onboarding;
  Millis created_at = 0;
  std::optional<Millis> last_login_at;
};

nlohmann::json to_json(const Organization& org);
/// The public shape of a user (never the password hash).
nlohmann::json to_json(const User& user);

nlohmann::json default_preferences();
nlohmann::json default_onboarding();
/// Merges a partial preferences document into `current`; throws VALIDATION_ERROR naming fields.
nlohmann::json merge_preferences(const nlohmann::json& current, const nlohmann::json& patch);
nlohmann::json merge_onboarding(const nlohmann::json& current, const nlohmann::json& patch);
bool onboarding_done(const nlohmann::json& onboarding);

}  // namespace cw::orgs
