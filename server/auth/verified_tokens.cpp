#include "auth/verified_tokens.hpp"

namespace cw::auth {

std::optional<VerifiedClaims> VerifiedTokens::find(std::string_view token, long long now_s) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token);
  if (it == entries_.end() || it->second.expires_at_s <= now_s) return std::nullopt;
  return it->second;
}

void VerifiedTokens::remember(std::string_view token, VerifiedClaims claims) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();  // expired sessions go with the rest
  entries_.insert_or_assign(std::string(token), std::move(claims));
}

}  // namespace cw::auth
