#pragma once
/// Share links: a 128-bit random token (only its SHA-256 kept, looked up by that hash, so the
/// comparison never depends on the token's bytes), optional expiry, argon2id password with
/// wrong guesses throttled per link and per address, a download limit counted on completed
/// downloads, and upload-only "file drops". Every way to the bytes goes through resolve(), so a
/// revoked or expired link, or one whose item went to the trash, stops working at once.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "vault/item_repository.hpp"
#include "vault/model.hpp"
#include "vault/share_repository.hpp"
#include "vault/vault_service.hpp"

namespace cw::http {
class RateLimiter;
}
namespace cw::events {
class EventBus;
}

namespace cw::vault {

struct NewShare {
  std::string item_id;
  std::optional<Millis> expires_at;
  std::optional<std::string> password;
  std::optional<int64_t> max_downloads;
  bool upload_only = false;
};

/// A PATCH: each field given changes; an engaged-but-empty inner optional removes it.
struct SharePatch {
  std::optional<std::optional<Millis>> expires_at;
  std::optional<std::optional<std::string>> password;
  std::optional<std::optional<int64_t>> max_downloads;
};

struct CreatedShare {
  Share share;
  Item item;
  std::string token;  // shown once
};

struct ResolvedShare {
  Share share;
  Item item;
};

class ShareService {
 public:
  ShareService(ShareRepository& shares, ItemRepository& items, VaultService& vault, http::RateLimiter& limiter,
               events::EventBus& events, const Clock& clock);

  CreatedShare create(const Principal& caller, const NewShare& request);
  /// The caller's links (everyone's for admins), each with its item.
  std::vector<ResolvedShare> list(const Principal& caller, const std::optional<std::string>& item_id);
  ResolvedShare update(const Principal& caller, const std::string& id, const SharePatch& patch);
  void revoke(const Principal& caller, const std::string& id);

  /// The link behind a public request, checked: NOT_FOUND (unknown, revoked, expired, item in
  /// the trash), GONE (downloads used up), SHARE_PASSWORD_REQUIRED / _WRONG, RATE_LIMITED.
  /// `identified` hears of the link as soon as it is known, before those checks, so that a
  /// refused attempt is audited under the link's organization.
  ResolvedShare resolve(const std::string& token, const std::optional<std::string>& password,
                        const std::string& remote_address,
                        const std::function<void(const ResolvedShare&)>& identified = {});
  /// A file a link gives access to: the link's file, or (`file_id`) one inside its folder.
  Item file_of(const ResolvedShare& link, const std::optional<std::string>& file_id);
  /// A folder link's files with their paths below it (at most `limit`).
  std::vector<std::pair<std::string, Item>> files_below(const ResolvedShare& link, size_t limit);
  /// A download through the link completed: counted, and its creator hears of it
  /// (`vault.share.downloaded`, a `vault` notification).
  void count_download(const ResolvedShare& link, const Item& file);

 private:
  bool may_manage(const Principal& caller, const Share& share) const;

  ShareRepository& shares_;
  ItemRepository& items_;
  VaultService& vault_;
  http::RateLimiter& limiter_;
  events::EventBus& events_;
  const Clock& clock_;
};

}  // namespace cw::vault
