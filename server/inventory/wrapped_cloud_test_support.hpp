#pragma once
// Test support: a provider kind that wraps the simulated cloud and lets a test change how it
// lists (fail on a given page, …) or take away its change feed, as real clouds behave.
#include <functional>
#include <memory>

#include "providers/simulated/simulated_provider.hpp"

namespace cw::inventory::testing {

struct CloudChanges {
  /// Replaces list_resources; gets the simulated cloud to delegate to. Unset: the cloud's own.
  std::function<providers::ResourcePage(providers::CloudProvider& cloud, const std::string& token, int size)> list;
  /// false: no change feed, like the aws/azure/gcp adapters.
  bool change_feed = true;
};

class WrappedCloud final : public providers::CloudProvider, public providers::ChangeFeed {
 public:
  WrappedCloud(std::unique_ptr<providers::CloudProvider> inner, std::shared_ptr<const CloudChanges> changes)
      : inner_(std::move(inner)), changes_(std::move(changes)) {}
  providers::ConnectionTest test_connection() override { return inner_->test_connection(); }
  providers::ResourcePage list_resources(const std::string& token, int size) override {
    return changes_->list ? changes_->list(*inner_, token, size) : inner_->list_resources(token, size);
  }
  std::optional<providers::ResourceRecord> get_resource(const std::string& id) override {
    return inner_->get_resource(id);
  }
  providers::ResourceActions* resource_actions() override { return inner_->resource_actions(); }
  providers::ChangeFeed* change_feed() override { return changes_->change_feed ? this : nullptr; }
  std::vector<std::string> changed_since(Millis since) override { return inner_->change_feed()->changed_since(since); }
  providers::MetricsSource* metrics_source() override { return inner_->metrics_source(); }
  providers::CostSource* cost_source() override { return inner_->cost_source(); }
  std::string kind() const override { return inner_->kind(); }

 private:
  std::unique_ptr<providers::CloudProvider> inner_;
  std::shared_ptr<const CloudChanges> changes_;
};

/// The simulated kind under another `name`, with `changes` (which the test may edit later).
inline providers::ProviderKind wrapped_simulated_kind(const std::string& name,
                                                      std::shared_ptr<const CloudChanges> changes) {
  providers::ProviderKind kind = providers::simulated::simulated_kind();
  kind.name = name;
  kind.create = [inner = kind.create, changes](const providers::ProviderAccount& a, providers::ProviderDeps d) {
    return std::unique_ptr<providers::CloudProvider>(std::make_unique<WrappedCloud>(inner(a, d), changes));
  };
  return kind;
}

}  // namespace cw::inventory::testing
