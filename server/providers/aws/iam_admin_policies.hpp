#pragma once
/// Which IAM users hold full administrative rights ("*" on "*", CIS AWS 1.16), read from
/// GetAccountAuthorizationDetails (query protocol XML, policy documents URL-encoded JSON).
/// Pages are folded into AdminGrants as they come: each policy document is judged when it is read
/// and only the verdicts and the names that link users, groups and managed policies are kept,
/// never the documents.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::aws {

/// Whether a policy document (JSON) has a statement with Effect "Allow", Action "*" and Resource
/// "*" (each a string or in a list). nullopt when the text is not a JSON object.
std::optional<bool> policy_grants_admin(std::string_view document);

/// What the pages of GetAccountAuthorizationDetails (Filter User, Group, LocalManagedPolicy,
/// AWSManagedPolicy) say about users' administrative rights.
class AdminGrants {
 public:
  /// Folds one answer page in (`body` is parsed where it lies and changed); returns its Marker,
  /// "" on the last page. Not the expected document: ProviderError("MalformedResponse").
  std::string add_page(std::string& body);

  /// For the user `arn`: true when a policy that applies to it — its inline policies, its managed
  /// policies' default versions, and both of each of its groups — grants "*" on "*"; false when
  /// none does; nullopt when that cannot be told (the user, a group or a managed policy is not in
  /// the answers, or a document is unreadable) and none found grants it.
  std::optional<bool> user_is_admin(const std::string& arn) const;

 private:
  /// A user's or group's own grants: its inline documents already judged, its managed policies.
  struct Grants {
    std::optional<bool> inline_admin = false;
    std::vector<std::string> managed;  // policy ARNs
  };
  struct User {
    Grants own;
    std::vector<std::string> groups;  // group names
  };
  std::optional<bool> verdict(const Grants& grants) const;

  std::map<std::string, User> users_;                         // by user ARN
  std::map<std::string, Grants> groups_;                      // by group name
  std::map<std::string, std::optional<bool>> managed_admin_;  // policy ARN → its default version grants "*"
};

}  // namespace cw::providers::aws
