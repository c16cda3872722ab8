#include "demo/module.hpp"

#include "demo/routes.hpp"
#include "inventory/module.hpp"

namespace cw::demo {

DemoModule::DemoModule(inventory::InventoryModule& inventory, orgs::OrgService& orgs)
    : service(inventory.accounts, inventory.sync, orgs) {}

void DemoModule::add_routes(http::Router& router) { register_routes(router, service); }

}  // namespace cw::demo
