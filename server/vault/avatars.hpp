#pragma once
/// Profile pictures, made from vault images: a member picks (or uploads) an image in the vault,
/// and its thumbnail — already made, EXIF-upright and small by the processing pipeline — is
/// copied to `<vault dir>/avatars/<user id>.webp`. The copy does not depend on the file: the
/// picture stays when the file is changed, moved or deleted.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/principal.hpp"

namespace cw::vault {

class VaultService;
class ProcessingService;

class Avatars {
 public:
  Avatars(std::filesystem::path directory, VaultService& vault, ProcessingService& processing);

  /// The caller's picture becomes the thumbnail of vault file `file_id` (an image of the caller's
  /// organization whose processing made one; 400 otherwise).
  void set(const Principal& caller, const std::string& file_id);
  void remove(const Principal& caller);
  /// The picture of `user_id`, or nullopt.
  std::optional<std::filesystem::path> find(const std::string& user_id) const;

 private:
  std::filesystem::path path_of(const std::string& user_id) const;

  std::filesystem::path directory_;
  VaultService& vault_;
  ProcessingService& processing_;
};

}  // namespace cw::vault
