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
  /// false: changed_since refuses like the aws/azure/gcp adapters do.
  bool change_feed = true;
};

class WrappedCloud final : public providers::CloudProvider {
 public:
  WrappedCloud(std::unique_ptr<providers::CloudProvider> inner, std::shared_ptr<const CloudChanges> changes)
      : inner_(std::move(inner)), changes_(std::move(changes)) {}
  providers::ConnectionTest test_connection() override { return inner_->test_connection(); }
  providers::ResourcePage list_resources(const std::string& token, int size) override {
    return changes_->list ? changes_->list(*inner_, token, size) : inner_->list_resources(token, size);
  }
  std::optional<providers::ResourceRecord> get_resource(const std::string& id) override { return inner_->get_resource(id); }
  providers::ResourceRecord create_resource(const providers::NewResource& r) override { return inner_->create_resource(r); }
  providers::ResourceRecord update_resource(const std::string& id, const providers::ResourcePatch& p) override {
    return inner_->update_resource(id, p);
  }
  providers::ResourceRecord delete_resource(const std::string& id) override { return inner_->delete_resource(id); }
  providers::ResourceRecord run_action(const std::string& id, providers::Action a) override { return inner_->run_action(id, a); }
  std::vector<std::string> changed_since(Millis since) override {
    if (!changes_->change_feed) throw providers::ProviderError("UnsupportedOperation", "no change feed");
    return inner_->changed_since(since);
  }
  std::vector<providers::MetricPoint> metrics(const std::string& id, const std::string& region, const std::string& m,
                                              Millis from, Millis to, Millis step) override {
    return inner_->metrics(id, region, m, from, to, step);
  }
  std::vector<providers::CostLine> costs(const std::string& from, const std::string& to) override {
    return inner_->costs(from, to);
  }

 private:
  std::unique_ptr<providers::CloudProvider> inner_;
  std::shared_ptr<const CloudChanges> changes_;
};

/// The simulated kind under another `name`, with `changes` (which the test may edit later).
inline providers::ProviderKind wrapped_simulated_kind(const std::string& name, std::shared_ptr<const CloudChanges> changes) {
  providers::ProviderKind kind = providers::simulated::simulated_kind();
  kind.name = name;
  kind.create = [inner = kind.create, changes](const providers::ProviderAccount& a, providers::ProviderDeps d) {
    return std::unique_ptr<providers::CloudProvider>(std::make_unique<WrappedCloud>(inner(a, d), changes));
  };
  return kind;
}

}  // namespace cw::inventory::testing
