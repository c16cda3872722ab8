#include "auth/session_states.hpp"

namespace cw::auth {

bool SessionStates::live(const std::string& user_id, const std::string& session_id) {
  Millis now = clock_.now_ms();
  std::uint64_t epoch;
  {
    std::lock_guard lock(mutex_);
    epoch = forgets_;
    auto user = by_user_.find(user_id);
    if (user != by_user_.end()) {
      auto it = user->second.find(session_id);
      if (it != user->second.end() && now - it->second.checked_at < kTtlMs) return it->second.live;
    }
  }
  bool live = tokens_.family_live(session_id, now);  // outside the lock: a query
  std::lock_guard lock(mutex_);
  // A revocation that landed while the query ran may not be in its answer: do not keep it.
  if (forgets_ != epoch) return live;
  if (by_user_.size() >= kMaxUsers) by_user_.clear();
  by_user_[user_id].insert_or_assign(session_id, Known{live, now});
  return live;
}

void SessionStates::forget_user(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  by_user_.erase(user_id);
  ++forgets_;
}

}  // namespace cw::auth
