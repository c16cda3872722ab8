#pragma once
/// Profile pictures, made from vault images: a member picks (or uploads) an image in the vault,
/// and its thumbnail — already made, EXIF-upright and small by the processing pipeline — is
/// copied to the blob store's object `avatars/<user id>.webp` (a file under the vault directory,
/// or an S3 object that every replica sees). The copy does not depend on the file: the picture
/// stays when the file is changed, moved or deleted.
#include <optional>
#include <string>

#include "core/principal.hpp"

namespace cw::vault {

class BlobStore;
class VaultService;
class ProcessingService;

class Avatars {
 public:
  Avatars(BlobStore& blobs, VaultService& vault, ProcessingService& processing);

  /// The caller's picture becomes the thumbnail of vault file `file_id` (an image of the caller's
  /// organization whose processing made one; 400 otherwise).
  void set(const Principal& caller, const std::string& file_id);
  void remove(const Principal& caller);
  /// The picture of `user_id` (WebP bytes), or nullopt.
  std::optional<std::string> find(const std::string& user_id) const;

 private:
  static std::string key_of(const std::string& user_id);

  BlobStore& blobs_;
  VaultService& vault_;
  ProcessingService& processing_;
};

}  // namespace cw::vault
