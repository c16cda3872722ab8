#include "vault/download_links.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/json_parse.hpp"
#include "core/keyring.hpp"

namespace cw::vault {

namespace {
constexpr std::string_view kContext = "vault.download-link";
}

std::string DownloadLinks::issue(DownloadGrant g) const {
  g.expires_at = clock_.now_ms() + kTtlMs;
  const nlohmann::json claims = {{"o", g.organization_id}, {"u", g.user_id},    {"f", g.file_id},
                                 {"h", g.sha256},          {"e", g.expires_at}, {"d", g.folder}};
  return crypto::base64url_encode(keyring_.seal(claims.dump(), kContext));
}

std::optional<DownloadGrant> DownloadLinks::open(const std::string& token) const {
  if (token.size() > 2048) return std::nullopt;
  std::string sealed;
  if (!crypto::base64url_decode(token, sealed)) return std::nullopt;
  auto plain = keyring_.open(sealed, kContext);
  if (!plain) return std::nullopt;
  nlohmann::json c = parse_untrusted_json(*plain);
  if (!c.is_object()) return std::nullopt;
  DownloadGrant g{c.value("o", ""), c.value("u", ""),        c.value("f", ""),
                  c.value("h", ""), c.value("e", Millis{0}), c.value("d", false)};
  if (g.organization_id.empty() || g.file_id.empty() || (g.sha256.empty() && !g.folder)) return std::nullopt;
  if (g.expires_at <= clock_.now_ms()) return std::nullopt;
  return g;
}

}  // namespace cw::vault
