#pragma once
/// Short-lived links that let the browser download a vault file by itself (its download manager,
/// no copy in page memory, any size): the UI asks for a link with its session, then navigates to
/// it. The link is the grant sealed with the server's keyring (authenticated encryption), so
/// every replica can open it and nobody can forge or alter one; it names the content's hash, so a
/// newer version is never served through an older link, and it expires after a few minutes.
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace cw {
class Keyring;
}

namespace cw::vault {

struct DownloadGrant {
  /// file_id is a folder's id (or "root") when `folder`: the link downloads it as a zip.
  std::string organization_id, user_id, file_id, sha256;
  Millis expires_at = 0;
  bool folder = false;
};

class DownloadLinks {
 public:
  static constexpr Millis kTtlMs = 5 * 60 * 1000;  // time to start the download, not to finish it

  DownloadLinks(const Keyring& keyring, const Clock& clock) : keyring_(keyring), clock_(clock) {}

  /// The link's token for `grant` (its expires_at is set here).
  std::string issue(DownloadGrant grant) const;
  /// The grant, or nullopt when the token is malformed, forged, altered or expired.
  std::optional<DownloadGrant> open(const std::string& token) const;

 private:
  const Keyring& keyring_;
  const Clock& clock_;
};

}  // namespace cw::vault
