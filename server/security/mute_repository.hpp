#pragma once
/// Mutes (security_mutes) and an organization's custom rules (security_custom_rules): the two
/// things people add to a scan's configuration.
#include <optional>
#include <string>
#include <vector>

#include "security/model.hpp"
#include "storage/database.hpp"

namespace cw::security {

struct StoredRule {
  std::string rule_id, definition, created_by;
  Millis created_at = 0;
};

class MuteRepository {
 public:
  explicit MuteRepository(storage::Database& db) : db_(db) {}

  void insert(const Mute& mute);
  std::vector<Mute> list(const std::string& organization_id);
  std::optional<Mute> find(const std::string& organization_id, const std::string& id);
  bool remove(const std::string& organization_id, const std::string& id);

  /// Throws the database's unique violation when the id is taken.
  void insert_rule(const std::string& organization_id, const StoredRule& rule);
  std::vector<StoredRule> rules(const std::string& organization_id);
  bool remove_rule(const std::string& organization_id, const std::string& rule_id);

 private:
  storage::Database& db_;
};

}  // namespace cw::security
