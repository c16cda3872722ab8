#include "security/mute_repository.hpp"

namespace cw::security {

using storage::params;

namespace {

constexpr const char* kMuteColumns =
    "id, organization_id, rule_id, resource_id, account_id, region, tag_key, tag_value, reason, created_by,"
    " created_at, expires_at";
constexpr const char* kInsertMute =
    "INSERT INTO security_mutes (id, organization_id, rule_id, resource_id, account_id, region, tag_key, tag_value,"
    " reason, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kDeleteMute = "DELETE FROM security_mutes WHERE organization_id = ? AND id = ?";
constexpr const char* kInsertRule =
    "INSERT INTO security_custom_rules (organization_id, rule_id, definition, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?)";
constexpr const char* kSelectRules =
    "SELECT rule_id, definition, created_by, created_at FROM security_custom_rules WHERE organization_id = ?"
    " ORDER BY rule_id";
constexpr const char* kDeleteRule = "DELETE FROM security_custom_rules WHERE organization_id = ? AND rule_id = ?";

Mute mute_from(storage::Row& r) {
  Mute m;
  m.id = r.take_text(0);
  m.organization_id = r.take_text(1);
  m.rule_id = r.opt_text(2);
  m.resource_id = r.opt_text(3);
  m.account_id = r.opt_text(4);
  m.region = r.opt_text(5);
  m.tag_key = r.opt_text(6);
  m.tag_value = r.opt_text(7);
  m.reason = r.take_text(8);
  m.created_by = r.take_text(9);
  m.created_at = r.integer(10);
  m.expires_at = r.opt_integer(11);
  return m;
}

}  // namespace

void MuteRepository::insert(const Mute& m) {
  db_.execute(kInsertMute, params(m.id, m.organization_id, m.rule_id, m.resource_id, m.account_id, m.region, m.tag_key,
                                  m.tag_value, m.reason, m.created_by, static_cast<long long>(m.created_at),
                                  m.expires_at ? std::optional<long long>(*m.expires_at) : std::nullopt));
}

std::vector<Mute> MuteRepository::list(const std::string& organization_id) {
  std::vector<Mute> out;
  for (auto& row : db_.execute(std::string("SELECT ") + kMuteColumns +
                                   " FROM security_mutes WHERE organization_id = ? ORDER BY created_at DESC, id DESC",
                               params(organization_id))
                       .rows)
    out.push_back(mute_from(row));
  return out;
}

std::optional<Mute> MuteRepository::find(const std::string& organization_id, const std::string& id) {
  auto result =
      db_.execute(std::string("SELECT ") + kMuteColumns + " FROM security_mutes WHERE organization_id = ? AND id = ?",
                  params(organization_id, id));
  if (result.rows.empty()) return std::nullopt;
  return mute_from(result.rows.front());
}

bool MuteRepository::remove(const std::string& organization_id, const std::string& id) {
  return db_.execute(kDeleteMute, params(organization_id, id)).affected > 0;
}

void MuteRepository::insert_rule(const std::string& organization_id, const StoredRule& r) {
  db_.execute(kInsertRule,
              params(organization_id, r.rule_id, r.definition, r.created_by, static_cast<long long>(r.created_at)));
}

std::vector<StoredRule> MuteRepository::rules(const std::string& organization_id) {
  std::vector<StoredRule> out;
  for (auto& row : db_.execute(kSelectRules, params(organization_id)).rows)
    out.push_back({row.take_text(0), row.take_text(1), row.take_text(2), row.integer(3)});
  return out;
}

bool MuteRepository::remove_rule(const std::string& organization_id, const std::string& rule_id) {
  return db_.execute(kDeleteRule, params(organization_id, rule_id)).affected > 0;
}

}  // namespace cw::security
