#include "vault/avatars.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "vault/processing.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

namespace fs = std::filesystem;

namespace {
ApiError not_an_image() {
  return ApiError(
      ErrorCode::kValidation, "fileId must be an image the vault has made a thumbnail of",
      nlohmann::json{{"fields", {{"fileId", "is not an image with a thumbnail (yet: wait until it is processed)"}}}});
}
}  // namespace

Avatars::Avatars(fs::path directory, VaultService& vault, ProcessingService& processing)
    : directory_(std::move(directory)), vault_(vault), processing_(processing) {
  fs::create_directories(directory_);
}

fs::path Avatars::path_of(const std::string& user_id) const {
  // User ids are ours (usr_ + base32): no path tricks can come through them, but check anyway.
  for (char c : user_id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') throw not_found("user");
  return directory_ / (user_id + ".webp");
}

void Avatars::set(const Principal& caller, const std::string& file_id) {
  if (caller.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no profile picture");
  Item file = vault_.get_file(caller, file_id);
  if (file.infected || file.processing != "done" || !file.has_thumbnail) throw not_an_image();
  const fs::path thumbnail = processing_.thumbnail(caller, file_id);
  // Copied aside, then renamed over the old picture: a reader never sees half a file.
  const fs::path target = path_of(caller.user_id);
  const fs::path scratch = directory_ / (new_id("tmp") + ".webp");
  fs::copy_file(thumbnail, scratch, fs::copy_options::overwrite_existing);
  fs::rename(scratch, target);
}

void Avatars::remove(const Principal& caller) {
  if (caller.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no profile picture");
  std::error_code ec;
  fs::remove(path_of(caller.user_id), ec);
}

std::optional<fs::path> Avatars::find(const std::string& user_id) const {
  const fs::path p = path_of(user_id);
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  return p;
}

}  // namespace cw::vault
