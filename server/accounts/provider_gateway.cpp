#include "accounts/provider_gateway.hpp"

#include <nlohmann/json.hpp>

namespace cw::accounts {

std::unique_ptr<providers::CloudProvider> ProviderGateway::open(const Account& account) const {
  const providers::ProviderKind* kind = registry_.find(account.provider);
  if (!kind)
    throw providers::ProviderError("UnsupportedProvider", "provider '" + account.provider + "' is not available");
  auto plain = keyring_.open(account.sealed_credentials, account.id);
  if (!plain)
    throw providers::ProviderError("CredentialsUnreadable",
                                   "stored credentials cannot be decrypted with the configured master key");
  providers::ProviderAccount pa{account.id, account.organization_id, nlohmann::json::parse(*plain, nullptr, false),
                                account.settings};
  return kind->create(pa, providers::ProviderDeps{clock_, db_});
}

void ProviderGateway::forget(const Account& account) const {
  const providers::ProviderKind* kind = registry_.find(account.provider);
  if (kind && kind->forget) kind->forget(db_, account.id);
}

}  // namespace cw::accounts
