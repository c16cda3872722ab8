#include "orgs/repository.hpp"

namespace cw::orgs {

using storage::params;

namespace {
constexpr const char* kInsertOrganization =
    "INSERT INTO organizations (id, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kSelectOrgById =
    "SELECT id, name, slug, demo_scenario, demo_loaded_at, created_at FROM organizations WHERE id = ?";
constexpr const char* kSelectOrgBySlug =
    "SELECT id, name, slug, demo_scenario, demo_loaded_at, created_at FROM organizations WHERE slug = ?";
constexpr const char* kSelectOrgs =
    "SELECT id, name, slug, demo_scenario, demo_loaded_at, created_at FROM organizations ORDER BY created_at";
constexpr const char* kRenameOrganization = "UPDATE organizations SET name = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSetDemo =
    "UPDATE organizations SET demo_scenario = ?, demo_loaded_at = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSlugExists = "SELECT 1 FROM organizations WHERE slug = ?";

constexpr const char* kUserColumns =
    "SELECT id, organization_id, email, name, password_hash, role, status, preferences, onboarding,"
    " created_at, last_login_at FROM users ";
constexpr const char* kSelectIdentity =
    "SELECT id, email, organization_id, role FROM users WHERE id = ? AND status = 'active'";
constexpr const char* kSelectUserWithOrganization =
    "SELECT u.id, u.organization_id, u.email, u.name, u.password_hash, u.role, u.status,"
    " u.preferences, u.onboarding, u.created_at, u.last_login_at,"
    " o.name, o.slug, o.demo_scenario, o.demo_loaded_at, o.created_at"
    " FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ?";
constexpr const char* kInsertUser =
    "INSERT INTO users (id, organization_id, email, name, password_hash, role, status,"
    " invite_token_hash, preferences, onboarding, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kChangeRole =
    "UPDATE users SET role = ?, updated_at = ? WHERE organization_id = ? AND id = ?"
    " AND (role <> 'owner' OR ? = 'owner' OR"
    "      (SELECT COUNT(*) FROM users WHERE organization_id = ? AND role = 'owner') > 1)";
constexpr const char* kDeleteUser =
    "DELETE FROM users WHERE organization_id = ? AND id = ?"
    " AND (role <> 'owner' OR"
    "      (SELECT COUNT(*) FROM users WHERE organization_id = ? AND role = 'owner') > 1)";
constexpr const char* kUserExists = "SELECT 1 FROM users WHERE organization_id = ? AND id = ?";
constexpr const char* kRenameUser = "UPDATE users SET name = ?, updated_at = ? WHERE organization_id = ? AND id = ?";
constexpr const char* kSetPassword = "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?";
constexpr const char* kActivateInvited =
    "UPDATE users SET password_hash = ?, name = ?, status = 'active', invite_token_hash = NULL,"
    " updated_at = ? WHERE id = ? AND status = 'invited'";
constexpr const char* kSetPreferences = "UPDATE users SET preferences = ?, updated_at = ? WHERE id = ?";
constexpr const char* kSetOnboarding = "UPDATE users SET onboarding = ?, updated_at = ? WHERE id = ?";
constexpr const char* kRecordLogin = "UPDATE users SET last_login_at = ? WHERE id = ?";

Organization org_from(const storage::Row& r) {
  Organization o;
  o.id = r.text(0);
  o.name = r.text(1);
  o.slug = r.text(2);
  o.demo_scenario = r.opt_text(3);
  o.demo_loaded_at = r.opt_integer(4);
  o.created_at = r.integer(5);
  return o;
}

User user_from(const storage::Row& r) {
  User u;
  u.id = r.text(0);
  u.organization_id = r.text(1);
  u.email = r.text(2);
  u.name = r.text(3);
  u.password_hash = r.text(4);
  u.role = parse_role(r.text(5)).value_or(Role::kViewer);
  u.status = r.text(6);
  u.preferences = nlohmann::json::parse(r.text(7), nullptr, false);
  u.onboarding = nlohmann::json::parse(r.text(8), nullptr, false);
  u.created_at = r.integer(9);
  u.last_login_at = r.opt_integer(10);
  return u;
}

std::optional<User> one_user(const storage::Result& result) {
  if (result.empty()) return std::nullopt;
  return user_from(result.first());
}

// The WHERE clause for a user listing; parameters appended to `args`.
std::string user_filter(const std::string& organization_id, const UserQuery& q, storage::Params& args) {
  std::string where = "WHERE organization_id = ?";
  args.push_back(organization_id);
  if (q.role) {
    where += " AND role = ?";
    args.push_back(*q.role);
  }
  if (q.text) {
    // The client's % and _ are literal characters, not wildcards.
    where += " AND (lower(name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')";
    std::string pattern = "%";
    for (char c : *q.text) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    pattern += "%";
    args.push_back(pattern);
    args.push_back(pattern);
  }
  return where;
}
}  // namespace

void OrgRepository::insert_organization(storage::Connection& conn, const Organization& org) {
  conn.execute(kInsertOrganization, params(org.id, org.name, org.slug, org.created_at, org.created_at));
}

std::optional<Organization> OrgRepository::find_organization(const std::string& id) {
  auto r = db_.execute(kSelectOrgById, params(id));
  if (r.empty()) return std::nullopt;
  return org_from(r.first());
}

std::optional<Organization> OrgRepository::find_organization_by_slug(const std::string& slug) {
  auto r = db_.execute(kSelectOrgBySlug, params(slug));
  if (r.empty()) return std::nullopt;
  return org_from(r.first());
}

std::vector<Organization> OrgRepository::list_organizations() {
  std::vector<Organization> out;
  for (const auto& row : db_.execute(kSelectOrgs).rows) out.push_back(org_from(row));
  return out;
}

bool OrgRepository::rename_organization(const std::string& id, const std::string& name, Millis now) {
  return db_.execute(kRenameOrganization, params(name, now, id)).affected > 0;
}

void OrgRepository::set_demo(const std::string& id, const std::optional<std::string>& scenario,
                             const std::optional<Millis>& loaded_at, Millis now) {
  db_.execute(kSetDemo, params(scenario, loaded_at, now, id));
}

bool OrgRepository::slug_taken(storage::Connection& conn, const std::string& slug) {
  return !conn.execute(kSlugExists, params(slug)).empty();
}

void OrgRepository::insert_user(storage::Connection& conn, const User& u, const std::string& invite_hash) {
  conn.execute(kInsertUser,
               params(u.id, u.organization_id, u.email, u.name,
                      u.password_hash.empty() ? std::optional<std::string>() : u.password_hash, role_name(u.role),
                      u.status, invite_hash.empty() ? std::optional<std::string>() : invite_hash, u.preferences.dump(),
                      u.onboarding.dump(), u.created_at, u.created_at));
}

std::optional<User> OrgRepository::find_user(const std::string& organization_id, const std::string& id) {
  return one_user(
      db_.execute(std::string(kUserColumns) + "WHERE organization_id = ? AND id = ?", params(organization_id, id)));
}

std::optional<User> OrgRepository::find_user_by_id(const std::string& id) {
  return one_user(db_.execute(std::string(kUserColumns) + "WHERE id = ?", params(id)));
}

std::optional<Principal> OrgRepository::find_identity(const std::string& id) {
  auto r = db_.execute(kSelectIdentity, params(id));
  if (r.empty()) return std::nullopt;
  const auto& row = r.first();
  return Principal{row.text(0), row.text(1), row.text(2), parse_role(row.text(3)).value_or(Role::kViewer), ""};
}

std::optional<std::pair<User, Organization>> OrgRepository::find_user_with_organization(const std::string& id) {
  auto r = db_.execute(kSelectUserWithOrganization, params(id));
  if (r.empty()) return std::nullopt;
  const auto& row = r.first();
  User u = user_from(row);
  Organization o;
  o.id = u.organization_id;
  o.name = row.text(11);
  o.slug = row.text(12);
  o.demo_scenario = row.opt_text(13);
  o.demo_loaded_at = row.opt_integer(14);
  o.created_at = row.integer(15);
  return std::make_pair(std::move(u), std::move(o));
}

std::optional<User> OrgRepository::find_user_by_email(const std::string& email) {
  return one_user(db_.execute(std::string(kUserColumns) + "WHERE email = ?", params(email)));
}

std::optional<User> OrgRepository::find_user_by_invite(const std::string& invite_hash) {
  return one_user(db_.execute(std::string(kUserColumns) + "WHERE invite_token_hash = ? AND status = 'invited'",
                              params(invite_hash)));
}

std::vector<User> OrgRepository::list_users(const std::string& organization_id, const UserQuery& q) {
  storage::Params args;
  std::string sql = std::string(kUserColumns) + user_filter(organization_id, q, args);
  // sort_column comes from a fixed list in the service, never from the client verbatim.
  sql += " ORDER BY " + q.sort_column + (q.descending ? " DESC" : " ASC") + ", id ASC LIMIT ? OFFSET ?";
  args.push_back(static_cast<std::int64_t>(q.limit));
  args.push_back(static_cast<std::int64_t>(q.offset));
  std::vector<User> out;
  for (const auto& row : db_.execute(sql, args).rows) out.push_back(user_from(row));
  return out;
}

long long OrgRepository::count_users(const std::string& organization_id, const UserQuery& q) {
  storage::Params args;
  std::string sql = "SELECT COUNT(*) FROM users " + user_filter(organization_id, q, args);
  return db_.execute(sql, args).first().integer(0);
}

OrgRepository::RoleChange OrgRepository::change_role(const std::string& organization_id, const std::string& id,
                                                     Role role, Millis now) {
  std::string name = role_name(role);
  auto r = db_.execute(kChangeRole, params(name, now, organization_id, id, name, organization_id));
  if (r.affected > 0) return RoleChange::kChanged;
  return db_.execute(kUserExists, params(organization_id, id)).empty() ? RoleChange::kNotFound : RoleChange::kLastOwner;
}

OrgRepository::Removal OrgRepository::remove_user(const std::string& organization_id, const std::string& id) {
  auto r = db_.execute(kDeleteUser, params(organization_id, id, organization_id));
  if (r.affected > 0) return Removal::kRemoved;
  return db_.execute(kUserExists, params(organization_id, id)).empty() ? Removal::kNotFound : Removal::kLastOwner;
}

bool OrgRepository::rename_user(const std::string& organization_id, const std::string& id, const std::string& name,
                                Millis now) {
  return db_.execute(kRenameUser, params(name, now, organization_id, id)).affected > 0;
}

void OrgRepository::set_password(const std::string& id, const std::string& hash, Millis now) {
  db_.execute(kSetPassword, params(hash, now, id));
}

void OrgRepository::activate_invited(const std::string& id, const std::string& hash, const std::string& name,
                                     Millis now) {
  db_.execute(kActivateInvited, params(hash, name, now, id));
}

void OrgRepository::set_preferences(const std::string& id, const nlohmann::json& prefs, Millis now) {
  db_.execute(kSetPreferences, params(prefs.dump(), now, id));
}

void OrgRepository::set_onboarding(const std::string& id, const nlohmann::json& onboarding, Millis now) {
  db_.execute(kSetOnboarding, params(onboarding.dump(), now, id));
}

void OrgRepository::record_login(const std::string& id, Millis now) { db_.execute(kRecordLogin, params(now, id)); }

}  // namespace cw::orgs
