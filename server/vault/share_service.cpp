#include "vault/share_service.hpp"

#include <nlohmann/json.hpp>

#include <map>

#include "auth/password.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "events/event_bus.hpp"
#include "http/rate_limiter.hpp"

namespace cw::vault {

namespace {

// Wrong passwords: a few tries at once, then one every 30 s from an address and one every 10 s
// on a link (a guessing campaign from many addresses). The owner is never locked out: members
// reach the file in the vault, not through its link.
constexpr http::BucketSpec kPerAddress{5, 1.0 / 30};
constexpr http::BucketSpec kPerLink{20, 1.0 / 10};

void check_password_rules(const std::string& password) {
  if (password.size() < 8 || password.size() > 128) throw field_error("password", "must be 8 to 128 characters");
}

}  // namespace

ShareService::ShareService(ShareRepository& shares, ItemRepository& items, VaultService& vault,
                           http::RateLimiter& limiter, events::EventBus& events, const Clock& clock)
    : shares_(shares), items_(items), vault_(vault), limiter_(limiter), events_(events), clock_(clock) {}

bool ShareService::may_manage(const Principal& caller, const Share& share) const {
  return role_at_least(caller.role, Role::kAdmin) || share.created_by == actor_of(caller);
}

CreatedShare ShareService::create(const Principal& caller, const NewShare& request) {
  Item item = vault_.get(caller, request.item_id);
  if (item.infected) throw ApiError(ErrorCode::kInfected, "this file is quarantined and cannot be shared");
  if (request.upload_only && !item.is_folder()) throw field_error("uploadOnly", "only a folder can be a file drop");
  if (request.expires_at && *request.expires_at <= clock_.now_ms())
    throw field_error("expiresAt", "must be in the future");
  if (request.password) check_password_rules(*request.password);
  CreatedShare out;
  out.token = crypto::random_token(16);  // 128 bits
  out.share =
      Share{.id = new_id("vsh"),
            .organization_id = caller.organization_id,
            .item_id = item.id,
            .token_hash = crypto::sha256_hex(out.token),
            .created_by = actor_of(caller),
            .created_at = clock_.now_ms(),
            .expires_at = request.expires_at,
            .password_hash = request.password ? std::optional(auth::hash_password(*request.password)) : std::nullopt,
            .max_downloads = request.max_downloads,
            .upload_only = request.upload_only};
  shares_.insert(out.share);
  out.item = item;
  return out;
}

std::vector<ResolvedShare> ShareService::list(const Principal& caller, const std::optional<std::string>& item_id) {
  std::optional<std::string> mine;
  if (!role_at_least(caller.role, Role::kAdmin)) mine = actor_of(caller);
  std::vector<ResolvedShare> out;
  for (auto& share : shares_.list(caller.organization_id, mine, item_id)) {
    auto item = items_.find(caller.organization_id, share.item_id);
    if (item) out.push_back({std::move(share), std::move(*item)});
  }
  return out;
}

ResolvedShare ShareService::update(const Principal& caller, const std::string& id, const SharePatch& patch) {
  auto share = shares_.find(caller.organization_id, id);
  if (!share) throw not_found("share link");
  if (!may_manage(caller, *share))
    throw ApiError(ErrorCode::kAuthorization, "only its creator or an admin can change a link");
  if (patch.expires_at) {
    if (*patch.expires_at && **patch.expires_at <= clock_.now_ms())
      throw field_error("expiresAt", "must be in the future");
    share->expires_at = *patch.expires_at;
  }
  if (patch.password) {
    if (*patch.password) check_password_rules(**patch.password);
    share->password_hash =
        *patch.password ? std::optional(auth::hash_password(**patch.password)) : std::optional<std::string>();
  }
  if (patch.max_downloads) share->max_downloads = *patch.max_downloads;
  shares_.update(*share);
  auto item = items_.find(caller.organization_id, share->item_id);
  if (!item) throw not_found("file or folder");
  return {*share, *item};
}

void ShareService::revoke(const Principal& caller, const std::string& id) {
  auto share = shares_.find(caller.organization_id, id);
  if (!share) throw not_found("share link");
  if (!may_manage(caller, *share))
    throw ApiError(ErrorCode::kAuthorization, "only its creator or an admin can revoke a link");
  shares_.remove(caller.organization_id, id);
}

ResolvedShare ShareService::resolve(const std::string& token, const std::optional<std::string>& password,
                                    const std::string& remote_address,
                                    const std::function<void(const ResolvedShare&)>& identified) {
  auto gone = [] { return ApiError(ErrorCode::kNotFound, "this link does not exist or has expired"); };
  if (token.size() < 16 || token.size() > 64) throw gone();
  auto share = shares_.find_by_token_hash(crypto::sha256_hex(token));
  if (!share) throw gone();
  if (share->expires_at && *share->expires_at <= clock_.now_ms()) throw gone();
  auto item = items_.find(share->organization_id, share->item_id);
  if (!item) throw gone();
  if (identified) identified({*share, *item});
  if (item->in_trash()) throw gone();
  if (share->password_hash) {
    if (!password || password->empty())
      throw ApiError(ErrorCode::kSharePasswordRequired, "this link is protected by a password");
    const std::string address_key = "share-ip:" + remote_address;
    const std::string link_key = "share-link:" + share->id;
    for (auto [key, spec] : {std::pair{address_key, kPerAddress}, std::pair{link_key, kPerLink}}) {
      auto d = limiter_.take(key, spec, 0);
      if (!d.allowed)
        throw ApiError(ErrorCode::kRateLimited, "too many wrong passwords; try again later")
            .with_retry_after(std::max(d.retry_after_seconds, 1));
    }
    if (!auth::verify_password(*share->password_hash, *password)) {
      limiter_.take(address_key, kPerAddress);
      limiter_.take(link_key, kPerLink);
      throw ApiError(ErrorCode::kSharePasswordWrong, "wrong password");
    }
  }
  if (item->infected) throw ApiError(ErrorCode::kInfected, "this file is quarantined and cannot be downloaded");
  if (share->max_downloads && share->downloads >= *share->max_downloads)
    throw ApiError(ErrorCode::kGone, "this link's downloads are used up");
  return {*share, *item};
}

Item ShareService::file_of(const ResolvedShare& link, const std::optional<std::string>& file_id) {
  if (link.share.upload_only) throw ApiError(ErrorCode::kNotFound, "this link only accepts uploads");
  if (link.item.is_file()) {
    if (file_id && *file_id != link.item.id) throw not_found("file");
    return link.item;
  }
  if (!file_id) throw field_error("fileId", "is required for a folder link");
  auto file = items_.find(link.share.organization_id, *file_id);
  if (!file || file->in_trash() || !file->is_file()) throw not_found("file");
  bool inside = false;
  for (auto& folder : items_.ancestors(link.share.organization_id, file->parent_id))
    inside = inside || folder.id == link.item.id;
  if (!inside) throw not_found("file");
  if (file->infected) throw ApiError(ErrorCode::kInfected, "this file is quarantined and cannot be downloaded");
  return *file;
}

std::vector<std::pair<std::string, Item>> ShareService::files_below(const ResolvedShare& link, size_t limit) {
  std::vector<std::pair<std::string, Item>> out;
  if (!link.item.is_folder() || link.share.upload_only) return out;
  auto below = items_.descendants(link.share.organization_id, link.item.id);
  std::map<std::string, const Item*> by_id;
  for (auto& item : below) by_id[item.id] = &item;
  for (auto& item : below) {
    if (!item.is_file() || item.infected) continue;
    std::string path = item.name;
    for (auto parent = by_id.find(item.parent_id); parent != by_id.end();
         parent = by_id.find(parent->second->parent_id))
      path = parent->second->name + "/" + path;
    out.emplace_back(path, item);
    if (out.size() >= limit) break;
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.first < b.first; });
  return out;
}

void ShareService::count_download(const ResolvedShare& link, const Item& file) {
  shares_.count_download(link.share.id, clock_.now_ms());
  events_.publish(link.share.organization_id, "vault.share.downloaded",
                  {{"shareId", link.share.id},
                   {"itemId", link.item.id},
                   {"fileId", file.id},
                   {"fileName", file.name},
                   {"createdBy", link.share.created_by},
                   {"downloads", link.share.downloads + 1},
                   {"maxDownloads",
                    link.share.max_downloads ? nlohmann::json(*link.share.max_downloads) : nlohmann::json(nullptr)}});
}

}  // namespace cw::vault
