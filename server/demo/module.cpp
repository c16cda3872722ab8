#include "demo/module.hpp"

#include "demo/routes.hpp"
#include "inventory/module.hpp"

namespace cw::demo {

DemoModule::DemoModule(inventory::InventoryModule& inventory, orgs::OrgService& orgs, const Clock& clock)
    : service(inventory.accounts, inventory.sync, orgs, clock) {}

void DemoModule::add_routes(http::Router& router) { register_routes(router, service); }

}  // namespace cw::demo
