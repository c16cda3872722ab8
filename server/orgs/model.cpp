#include "core/json_values.hpp"
#include "orgs/model.hpp"

#include <filesystem>
#include <regex>

#include "core/error.hpp"
#include "core/json_body.hpp"

namespace cw::orgs {

namespace {
const char* const kSteps[] = {"welcome", "cloud-providers", "demo-or-real", "preferences"};
const char* const kNotificationKeys[] = {"email",    "inApp", "alerts", "costAlerts",  "deployments",
                                         "security", "sync",  "vault",  "weeklyReport"};

bool known_step(const std::string& id) {
  for (const char* s : kSteps) {
    if (id == s) return true;
  }
  return false;
}

// An IANA zone name: checked against the system's zoneinfo database (tzdata) when present,
// otherwise only its shape is checked.
bool known_timezone(const std::string& name) {
  static const std::regex kShape("^(UTC|[A-Za-z_]+(/[A-Za-z0-9_+\\-]+){1,2})$");
  // Length first: libstdc++'s regex recurses per character (a 900 KB name overflowed the stack).
  if (name.size() > 64 || !std::regex_match(name, kShape)) return false;
  if (name == "UTC") return true;
  std::error_code ec;
  static const bool have_db = std::filesystem::is_directory("/usr/share/zoneinfo/Europe", ec);
  return !have_db || std::filesystem::is_regular_file("/usr/share/zoneinfo/" + name, ec);
}

}  // namespace

nlohmann::json to_json(const Organization& org) {
  return {{"id", org.id}, {"name", org.name}, {"slug", org.slug}, {"createdAt", format_rfc3339(org.created_at)}};
}

nlohmann::json to_json(const User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"role", role_name(user.role)},
          {"status", user.status},
          {"organizationId", user.organization_id},
          {"createdAt", format_rfc3339(user.created_at)},
          {"lastLoginAt", time_or_null(user.last_login_at)}};
}

nlohmann::json default_preferences() {
  return {{"theme", "system"},
          {"language", "en"},
          {"timezone", "UTC"},
          {"notifications",
           {{"email", true},
            {"inApp", true},
            {"alerts", true},
            {"costAlerts", true},
            {"deployments", true},
            {"security", true},
            {"sync", true},
            {"vault", true},
            {"weeklyReport", false}}},
          {"dashboardLayout", nullptr},
          {"defaultCloudProvider", nullptr}};
}

nlohmann::json default_onboarding() {
  nlohmann::json steps = nlohmann::json::array();
  for (const char* s : kSteps) steps.push_back({{"id", s}, {"completed", false}});
  return {{"currentStep", "welcome"}, {"completed", false}, {"skipped", false}, {"steps", steps}};
}

bool onboarding_done(const nlohmann::json& o) { return o.value("completed", false) || o.value("skipped", false); }

nlohmann::json merge_preferences(const nlohmann::json& current, const nlohmann::json& patch) {
  nlohmann::json out = default_preferences();
  if (current.is_object()) {
    // Key by key for the notification switches: preferences stored before a switch existed
    // get its default.
    nlohmann::json switches = out["notifications"];
    out.update(current);
    if (out["notifications"].is_object()) switches.update(out["notifications"]);
    out["notifications"] = switches;
  }
  JsonBody body(patch);
  static const std::regex kLanguage("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$");
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    if (key == "theme") {
      if (auto t = body.optional_one_of("theme", {"system", "light", "dark"})) out["theme"] = *t;
    } else if (key == "language") {
      if (!v.is_string() || v.get_ref<const std::string&>().size() > 16 ||
          !std::regex_match(v.get<std::string>(), kLanguage))
        body.fail(key, "must be a language tag like en or pt-BR");
      else
        out[key] = v;
    } else if (key == "timezone") {
      if (!v.is_string() || !known_timezone(v.get<std::string>()))
        body.fail(key, "must be an IANA time zone like Europe/Berlin or UTC");
      else
        out[key] = v;
    } else if (key == "notifications") {
      if (!v.is_object()) {
        body.fail(key, "must be an object");
        continue;
      }
      for (auto n = v.begin(); n != v.end(); ++n) {
        bool known = false;
        for (const char* k : kNotificationKeys) known = known || n.key() == k;
        if (!known)
          body.fail("notifications." + n.key(), "is not a notification setting");
        else if (!n.value().is_boolean())
          body.fail("notifications." + n.key(), "must be true or false");
        else
          out["notifications"][n.key()] = n.value();
      }
    } else if (key == "dashboardLayout") {
      if (!v.is_null() && !v.is_object())
        body.fail(key, "must be an object or null");
      else if (v.dump().size() > 16 * 1024)
        body.fail(key, "must be at most 16 KiB");
      else
        out[key] = v;
    } else if (key == "defaultCloudProvider") {
      if (v.is_null())
        out[key] = nullptr;
      else if (auto p = body.optional_one_of("defaultCloudProvider", {"aws", "azure", "gcp", "simulated"}))
        out[key] = *p;
    } else {
      body.fail(key, "is not a preference");
    }
  }
  body.finish();
  return out;
}

nlohmann::json merge_onboarding(const nlohmann::json& current, const nlohmann::json& patch) {
  nlohmann::json out = current.is_object() ? current : default_onboarding();
  JsonBody body(patch);
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    if (key == "currentStep") {
      if (!v.is_string() || !known_step(v.get<std::string>()))
        body.fail(key, "must be one of: welcome, cloud-providers, demo-or-real, preferences");
      else
        out[key] = v;
    } else if (key == "completed" || key == "skipped") {
      if (!v.is_boolean())
        body.fail(key, "must be true or false");
      else
        out[key] = v;
    } else if (key == "steps") {
      if (!v.is_array()) {
        body.fail(key, "must be an array of {id, completed}");
        continue;
      }
      for (const auto& step : v) {
        if (!step.is_object() || !step.contains("id") || !step["id"].is_string() ||
            !known_step(step["id"].get<std::string>()) || !step.contains("completed") ||
            !step["completed"].is_boolean()) {
          body.fail(key, "each step needs a known id and a boolean completed");
          break;
        }
        for (auto& s : out["steps"]) {
          if (s["id"] == step["id"]) s["completed"] = step["completed"];
        }
      }
    } else {
      body.fail(key, "is not an onboarding field");
    }
  }
  body.finish();
  return out;
}

}  // namespace cw::orgs
