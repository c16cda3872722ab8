#pragma once
/// Who is making a request: a user (by access token) or an API key acting inside one organization.
/// Roles are ordered owner ⊃ admin ⊃ operator ⊃ viewer; `role_at_least` is the single check.
#include <optional>
#include <string>
#include <string_view>

namespace cw {

enum class Role { kViewer = 0, kOperator = 1, kAdmin = 2, kOwner = 3 };

const char* role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
inline bool role_at_least(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

struct Principal {
  std::string user_id;  // empty for an API key
  std::string email;    // empty for an API key
  std::string organization_id;
  Role role = Role::kViewer;
  std::string api_key_id;    // empty for a user
  std::string on_behalf_of;  // for an API key: the member who created it
  std::string session_id;    // for a user: the sign-in (refresh-token family) the access token belongs to
};

}  // namespace cw
