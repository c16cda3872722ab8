#include "orgs/service.hpp"

#include "events/event_bus.hpp"

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace cw::orgs {

namespace {
std::string slugify(const std::string& name) {
  std::string slug;
  for (unsigned char c : name) {
    if (std::isalnum(c))
      slug += static_cast<char>(std::tolower(c));
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
    if (slug.size() >= 40) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "org" : slug;
}
}  // namespace

std::string OrgService::unique_slug(storage::Connection& conn, const std::string& name) {
  std::string base = slugify(name);
  std::string slug = base;
  for (int i = 2; repo_.slug_taken(conn, slug); ++i) {
    slug = base + "-" + (i < 10 ? std::to_string(i) : crypto::to_hex(crypto::random_bytes(3)));
  }
  return slug;
}

std::pair<Organization, User> OrgService::create_with_owner(const std::string& organization_name,
                                                            const NewMember& owner) {
  Millis now = clock_.now_ms();
  Organization org{new_id("org"), organization_name, "", std::nullopt, std::nullopt, now};
  User user;
  user.id = new_id("usr");
  user.organization_id = org.id;
  user.email = owner.email;
  user.name = owner.name;
  user.password_hash = owner.password_hash;
  user.role = Role::kOwner;
  user.status = "active";
  user.preferences = default_preferences();
  user.onboarding = default_onboarding();
  user.created_at = now;
  try {
    db_.transaction([&](storage::Connection& conn) {
      org.slug = unique_slug(conn, organization_name);
      repo_.insert_organization(conn, org);
      repo_.insert_user(conn, user, "");
    });
  } catch (const storage::DatabaseError& e) {
    if (e.unique_violation())
      throw ApiError(ErrorCode::kConflict, "an account with this email already exists",
                     nlohmann::json{{"fields", {{"email", "is already registered"}}}});
    throw;
  }
  return {org, user};
}

Organization OrgService::organization(const std::string& id) {
  auto org = repo_.find_organization(id);
  if (!org) throw not_found("organization");
  return *org;
}

Organization OrgService::rename(const Principal& actor, const std::string& name) {
  Organization org;
  db_.transaction([&](storage::Connection&) {
    repo_.rename_organization(actor.organization_id, name, clock_.now_ms());
    org = organization(actor.organization_id);
    events_.publish(org.id, "organization.updated", to_json(org));
  });
  users_changed(actor.organization_id, "");
  return org;
}

Membership OrgService::add_member(const Principal& actor, const NewMember& member) {
  if (member.role == Role::kOwner && actor.role != Role::kOwner)
    throw ApiError(ErrorCode::kAuthorization, "only an owner can add another owner");
  Millis now = clock_.now_ms();
  Membership result;
  User& u = result.user;
  u.id = new_id("usr");
  u.organization_id = actor.organization_id;
  u.email = member.email;
  u.name = member.name;
  u.password_hash = member.password_hash;
  u.role = member.role;
  u.status = member.password_hash.empty() ? "invited" : "active";
  u.preferences = default_preferences();
  u.onboarding = default_onboarding();
  u.created_at = now;
  std::string invite_hash;
  if (u.status == "invited") {
    result.invite_token = crypto::random_token(32);
    invite_hash = crypto::sha256_hex(result.invite_token);
  }
  try {
    db_.transaction([&](storage::Connection& conn) {
      repo_.insert_user(conn, u, invite_hash);
      events_.publish(u.organization_id, "user.created", to_json(u));
      if (!result.invite_token.empty())
        for (const auto& listener : invited_listeners_) listener(u, result.invite_token);
    });
  } catch (const storage::DatabaseError& e) {
    if (e.unique_violation())
      throw ApiError(ErrorCode::kConflict, "a user with this email already exists",
                     nlohmann::json{{"fields", {{"email", "is already registered"}}}});
    throw;
  }
  return result;
}

OrgService::OrgService(storage::Database& db, OrgRepository& repo, events::EventBus& events, const Clock& clock)
    : db_(db), repo_(repo), events_(events), clock_(clock), users_(clock) {
  events_.on_users_changed([this](const std::string& org, const std::string& user) { users_.forget(org, user); });
}

CachedUser OrgService::profile(const std::string& user_id) {
  if (auto known = users_.find(user_id)) return known;
  auto found = repo_.find_user_with_organization(user_id);
  if (!found) return nullptr;
  auto entry = std::make_shared<const UserWithOrganization>(std::move(*found));
  users_.remember(entry);
  return entry;
}

std::optional<Principal> OrgService::identity(const std::string& user_id) {
  auto found = profile(user_id);
  if (!found || found->first.status != "active") return std::nullopt;
  const User& u = found->first;
  return Principal{u.id, u.email, u.organization_id, u.role, ""};
}

void OrgService::users_changed(const std::string& organization_id, const std::string& user_id) {
  events_.users_changed(organization_id, user_id);
}

void OrgService::on_users_changed(
    std::function<void(const std::string& organization_id, const std::string& user_id)> listener) {
  events_.on_users_changed(std::move(listener));
}

User OrgService::member(const Principal& actor, const std::string& id) {
  auto u = repo_.find_user(actor.organization_id, id);
  if (!u) throw not_found("user");
  return *u;
}

std::pair<std::vector<User>, long long> OrgService::members(const Principal& actor, const UserQuery& q) {
  return {repo_.list_users(actor.organization_id, q), repo_.count_users(actor.organization_id, q)};
}

std::vector<User> OrgService::active_members(const std::string& organization_id) {
  UserQuery q;
  q.limit = 10'000;
  std::vector<User> active;
  for (auto& u : repo_.list_users(organization_id, q))
    if (u.status == "active") active.push_back(std::move(u));
  return active;
}

std::optional<User> OrgService::find_member(const std::string& id) {
  auto found = repo_.find_user_with_organization(id);
  if (!found) return std::nullopt;
  return found->first;
}

User OrgService::update_member(const Principal& actor, const std::string& id, std::optional<Role> role,
                               std::optional<std::string> name) {
  User target = member(actor, id);
  Millis now = clock_.now_ms();
  User updated;
  db_.transaction([&](storage::Connection&) {
    if (role && *role != target.role) {
      if ((target.role == Role::kOwner || *role == Role::kOwner) && actor.role != Role::kOwner)
        throw ApiError(ErrorCode::kAuthorization, "only an owner can grant or revoke the owner role");
      if (repo_.change_role(actor.organization_id, id, *role, now) == OrgRepository::RoleChange::kLastOwner)
        throw ApiError(ErrorCode::kConflict, "the organization's last owner cannot be demoted");
    }
    if (name) repo_.rename_user(actor.organization_id, id, *name, now);
    updated = member(actor, id);
    events_.publish(updated.organization_id, "user.updated", to_json(updated));
  });
  users_changed(actor.organization_id, id);  // the new role applies to the very next request, on every replica
  return updated;
}

void OrgService::remove_member(const Principal& actor, const std::string& id) {
  User target = member(actor, id);
  if (target.role == Role::kOwner && actor.role != Role::kOwner)
    throw ApiError(ErrorCode::kAuthorization, "only an owner can remove an owner");
  db_.transaction([&](storage::Connection&) {
    switch (repo_.remove_user(actor.organization_id, id)) {
      case OrgRepository::Removal::kNotFound:
        throw not_found("user");
      case OrgRepository::Removal::kLastOwner:
        throw ApiError(ErrorCode::kConflict, "the organization's last owner cannot be removed");
      case OrgRepository::Removal::kRemoved:
        break;
    }
    events_.publish(actor.organization_id, "user.deleted", to_json(target));
  });
  users_changed(actor.organization_id, target.id);
  events_.disconnect_user(actor.organization_id, target.id);
}

User OrgService::require_user(const std::string& id) {
  auto u = repo_.find_user_by_id(id);
  if (!u) throw not_found("user");
  return *u;
}

nlohmann::json OrgService::update_preferences(const std::string& user_id, const nlohmann::json& patch) {
  User u = require_user(user_id);
  nlohmann::json merged = merge_preferences(u.preferences, patch);
  repo_.set_preferences(user_id, merged, clock_.now_ms());
  users_changed(u.organization_id, user_id);
  return merged;
}

void OrgService::complete_onboarding_step(const std::string& user_id, const std::string& step) {
  if (user_id.empty()) return;  // API keys have no onboarding
  auto u = repo_.find_user_by_id(user_id);
  if (!u) return;
  nlohmann::json patch{{"steps", {{{"id", step}, {"completed", true}}}}};
  repo_.set_onboarding(user_id, merge_onboarding(u->onboarding, patch), clock_.now_ms());
  users_changed(u->organization_id, user_id);
}

void OrgService::set_demo_mode(const std::string& organization_id, const std::optional<std::string>& scenario) {
  Millis now = clock_.now_ms();
  repo_.set_demo(organization_id, scenario, scenario ? std::optional<Millis>(now) : std::nullopt, now);
  users_changed(organization_id, "");
}

nlohmann::json OrgService::update_onboarding(const std::string& user_id, const nlohmann::json& patch) {
  User u = require_user(user_id);
  nlohmann::json merged = merge_onboarding(u.onboarding, patch);
  repo_.set_onboarding(user_id, merged, clock_.now_ms());
  users_changed(u.organization_id, user_id);
  return merged;
}

}  // namespace cw::orgs
