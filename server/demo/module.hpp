#pragma once
/// Demo mode: loading and clearing sample estates, over the inventory's services.
#include "demo/demo_service.hpp"
#include "platform/module.hpp"

namespace cw::inventory {
class InventoryModule;
}

namespace cw::demo {

class DemoModule final : public platform::Module {
 public:
  DemoModule(inventory::InventoryModule& inventory, orgs::OrgService& orgs, const Clock& clock);
  void add_routes(http::Router& router) override;

  DemoService service;
};

}  // namespace cw::demo
