#include "core/json_values.hpp"
#include "inventory/model.hpp"

#include <cstdio>

namespace cw::inventory {

namespace {

std::string normalise(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) out += (c == ' ' || c == '\t') ? '_' : static_cast<char>(std::tolower(c));
  return out;
}

// FNV-1a, 64-bit: a change detector, not a security boundary.
std::string fnv1a(const std::string& a, const std::string& b) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const std::string* s : {&a, &b}) {
    for (unsigned char c : *s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}
}  // namespace

nlohmann::json to_json(const Account& a) {
  return {{"id", a.id},
          {"provider", a.provider},
          {"name", a.name},
          {"status", a.status},
          {"statusReason", a.status_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.status_reason)},
          {"regions", a.settings.value("regions", nlohmann::json::array())},
          {"syncIntervalSeconds", a.sync_interval_seconds},
          {"lastSync", time_or_null(a.last_sync_at)},
          {"lastSyncJobId", a.last_sync_job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.last_sync_job_id)},
          {"resourceCount", a.resource_count},
          {"isDemo", a.is_demo},
          {"createdAt", format_rfc3339(a.created_at)},
          {"updatedAt", format_rfc3339(a.updated_at)}};
}

nlohmann::json to_json(const Resource& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"type", r.type},
          {"provider", r.provider},
          {"providerId", r.account_id},
          {"externalId", r.external_id},
          {"region", r.region},
          {"status", r.status},
          {"spec", r.spec},
          {"tags", r.tags},
          {"monthlyCost", r.monthly_cost},
          {"isDemo", r.is_demo},
          {"createdAt", format_rfc3339(r.created_at)},
          {"updatedAt", format_rfc3339(r.updated_at)},
          {"lastSyncedAt", format_rfc3339(r.last_synced_at)}};
}

std::string tag_token(const std::string& key, const std::string& value) {
  return " " + normalise(key) + "=" + normalise(value) + " ";
}

StoredRecord prepare_record(const providers::ResourceRecord& r) {
  StoredRecord s{&r, r.spec.dump(), r.tags.dump(), r.posture.dump(), "", ""};
  s.search_text = " " + normalise(r.name) + " " + normalise(r.external_id) + " ";
  if (r.tags.is_object()) {
    for (auto it = r.tags.begin(); it != r.tags.end(); ++it) {
      std::string value = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
      s.search_text += tag_token(it.key(), value).substr(1);
    }
  }
  char cost[32];
  std::snprintf(cost, sizeof cost, "%.4f", r.monthly_cost);
  s.content_hash = fnv1a(r.provider + "|" + r.name + "|" + r.type + "|" + r.region + "|" + r.status + "|" + cost,
                         s.spec + s.tags + s.posture);
  return s;
}

}  // namespace cw::inventory
