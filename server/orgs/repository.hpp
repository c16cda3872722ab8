#pragma once
/// SQL for organizations and users. Every user query that a request can reach takes the caller's
/// organization id, so an id from another tenant simply finds nothing.
#include <optional>
#include <string>
#include <vector>

#include "orgs/model.hpp"
#include "storage/database.hpp"

namespace cw::orgs {

struct UserQuery {
  std::optional<std::string> role;
  std::optional<std::string> text;  // matches name or email
  std::string sort_column = "created_at";
  bool descending = false;
  int limit = 50;
  long long offset = 0;
};

class OrgRepository {
 public:
  explicit OrgRepository(storage::Database& db) : db_(db) {}

  void insert_organization(storage::Connection& conn, const Organization& org);
  std::optional<Organization> find_organization(const std::string& id);
  std::optional<Organization> find_organization_by_slug(const std::string& slug);
  std::vector<Organization> list_organizations();
  bool rename_organization(const std::string& id, const std::string& name, Millis now);
  bool slug_taken(storage::Connection& conn, const std::string& slug);
  void set_demo(const std::string& id, const std::optional<std::string>& scenario,
                const std::optional<Millis>& loaded_at, Millis now);

  void insert_user(storage::Connection& conn, const User& user, const std::string& invite_hash);
  std::optional<User> find_user(const std::string& organization_id, const std::string& id);
  std::optional<User> find_user_by_id(const std::string& id);
  /// Just who a user is and may do (no JSON documents): the per-request authentication lookup.
  std::optional<Principal> find_identity(const std::string& id);
  /// The user and their organization in one query (GET /auth/me).
  std::optional<std::pair<User, Organization>> find_user_with_organization(const std::string& id);
  std::optional<User> find_user_by_email(const std::string& email);
  std::optional<User> find_user_by_invite(const std::string& invite_hash);
  std::vector<User> list_users(const std::string& organization_id, const UserQuery& q);
  long long count_users(const std::string& organization_id, const UserQuery& q);

  /// Changes a role unless that would leave the organization without an owner.
  enum class RoleChange { kChanged, kNotFound, kLastOwner };
  RoleChange change_role(const std::string& organization_id, const std::string& id, Role role, Millis now);
  enum class Removal { kRemoved, kNotFound, kLastOwner };
  Removal remove_user(const std::string& organization_id, const std::string& id);

  bool rename_user(const std::string& organization_id, const std::string& id, const std::string& name, Millis now);
  void set_password(const std::string& id, const std::string& hash, Millis now);
  void activate_invited(const std::string& id, const std::string& hash, const std::string& name, Millis now);
  void set_preferences(const std::string& id, const nlohmann::json& prefs, Millis now);
  void set_onboarding(const std::string& id, const nlohmann::json& onboarding, Millis now);
  void record_login(const std::string& id, Millis now);

 private:
  storage::Database& db_;
};

}  // namespace cw::orgs
