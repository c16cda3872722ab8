#include "vault/avatars.hpp"

#include "core/error.hpp"
#include "vault/blob_store.hpp"
#include "vault/processing.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

namespace {
ApiError not_an_image() {
  return ApiError(
      ErrorCode::kValidation, "fileId must be an image the vault has made a thumbnail of",
      nlohmann::json{{"fields", {{"fileId", "is not an image with a thumbnail (yet: wait until it is processed)"}}}});
}
}  // namespace

Avatars::Avatars(BlobStore& blobs, VaultService& vault, ProcessingService& processing)
    : blobs_(blobs), vault_(vault), processing_(processing) {}

std::string Avatars::key_of(const std::string& user_id) {
  // User ids are ours (usr_ + base32): no key tricks can come through them, but check anyway.
  for (char c : user_id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') throw not_found("user");
  return "avatars/" + user_id + ".webp";
}

void Avatars::set(const Principal& caller, const std::string& file_id) {
  if (caller.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no profile picture");
  Item file = vault_.get_file(caller, file_id);
  if (file.infected || file.processing != "done" || !file.has_thumbnail) throw not_an_image();
  // put_object replaces the old picture whole: a reader never sees half of one.
  blobs_.put_object(key_of(caller.user_id), processing_.thumbnail(caller, file_id));
}

void Avatars::remove(const Principal& caller) {
  if (caller.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no profile picture");
  blobs_.remove_object(key_of(caller.user_id));
}

std::optional<std::string> Avatars::find(const std::string& user_id) const {
  if (user_id.empty()) return std::nullopt;
  return blobs_.read_object(key_of(user_id));
}

}  // namespace cw::vault
