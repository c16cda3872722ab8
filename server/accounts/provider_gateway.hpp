#pragma once
/// Opens a provider for a stored account: finds its kind in the registry, unseals the
/// credentials (never logged). Provider failures become API errors in provider_failure.hpp.
#include <memory>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "accounts/model.hpp"
#include "accounts/provider_failure.hpp"
#include "providers/provider.hpp"

namespace cw::accounts {

class ProviderGateway {
 public:
  ProviderGateway(const providers::ProviderRegistry& registry, const Keyring& keyring, storage::Database& db,
                  const Clock& clock)
      : registry_(registry), keyring_(keyring), db_(db), clock_(clock) {}

  std::unique_ptr<providers::CloudProvider> open(const Account& account) const;
  /// Lets the account's provider drop any state it keeps for the account.
  void forget(const Account& account) const;
  const providers::ProviderRegistry& registry() const { return registry_; }
  const Keyring& keyring() const { return keyring_; }

 private:
  const providers::ProviderRegistry& registry_;
  const Keyring& keyring_;
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace cw::accounts
