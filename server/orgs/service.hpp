#pragma once
/// Organizations and membership: creating a tenant with its first owner, inviting and adding
/// members, role changes (only owners touch owners; the last owner stays), preferences and
/// onboarding. Publishes user.* and organization.updated events to the organization.
#include <optional>
#include <string>
#include <utility>

#include "core/clock.hpp"
#include "orgs/user_cache.hpp"
#include "orgs/repository.hpp"

namespace cw::events {
class EventBus;
}

namespace cw::orgs {

struct NewMember {
  std::string email;  // normalized
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // empty → invitation
};

struct Membership {
  User user;
  std::string invite_token;  // set once, for invitations
};

class OrgService {
 public:
  OrgService(storage::Database& db, OrgRepository& repo, events::EventBus& events, const Clock& clock);

  /// The active user's id, email, organization and role — what every authenticated request
  /// needs; nullopt for an unknown, invited or removed user. Served from the user cache.
  std::optional<Principal> identity(const std::string& user_id);
  /// A user with their organization (any status), from the user cache; null when unknown.
  CachedUser profile(const std::string& user_id);
  /// Tells every replica's user cache that a user (or with an empty `user_id`, every user of the
  /// organization) changed. Called after each write to users or organizations.
  void users_changed(const std::string& organization_id, const std::string& user_id);
  /// Hears users_changed from this replica and the others (the session states of auth listen).
  void on_users_changed(std::function<void(const std::string& organization_id, const std::string& user_id)> listener);

  /// Registration: a new organization whose first user is its owner. 409 on a taken email.
  std::pair<Organization, User> create_with_owner(const std::string& organization_name, const NewMember& owner);
  Organization organization(const std::string& id);
  Organization rename(const Principal& actor, const std::string& name);

  Membership add_member(const Principal& actor, const NewMember& member);
  User member(const Principal& actor, const std::string& id);
  std::pair<std::vector<User>, long long> members(const Principal& actor, const UserQuery& q);
  /// Every active member (for notifications: who receives what, by their preferences).
  std::vector<User> active_members(const std::string& organization_id);
  User update_member(const Principal& actor, const std::string& id, std::optional<Role> role,
                     std::optional<std::string> name);
  void remove_member(const Principal& actor, const std::string& id);

  nlohmann::json update_preferences(const std::string& user_id, const nlohmann::json& patch);
  nlohmann::json update_onboarding(const std::string& user_id, const nlohmann::json& patch);
  /// Marks one onboarding step done for a user (connecting a cloud, choosing demo data).
  void complete_onboarding_step(const std::string& user_id, const std::string& step);
  /// Records that the organization is (scenario) or is no longer (nullopt) in demo mode.
  void set_demo_mode(const std::string& organization_id, const std::optional<std::string>& scenario);

  OrgRepository& repository() { return repo_; }
  /// Hears each invitation, with its one-time token, in the transaction that creates the member
  /// (notifications mail the invitee).
  void on_invited(std::function<void(const User& invited, const std::string& token)> listener) {
    invited_listeners_.push_back(std::move(listener));
  }
  /// A member by id in any organization (background jobs); nullopt when gone.
  std::optional<User> find_member(const std::string& id);

 private:
  std::string unique_slug(storage::Connection& conn, const std::string& name);
  User require_user(const std::string& id);
  storage::Database& db_;
  OrgRepository& repo_;
  events::EventBus& events_;
  const Clock& clock_;
  UserCache users_;
  std::vector<std::function<void(const User&, const std::string&)>> invited_listeners_;
};

}  // namespace cw::orgs
