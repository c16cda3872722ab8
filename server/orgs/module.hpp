#pragma once
/// Organizations and members: the repository, the service and their routes.
#include <functional>
#include <string>

#include "orgs/repository.hpp"
#include "orgs/service.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::orgs {

class OrgsModule final : public platform::Module {
 public:
  /// `hash_password` comes from the auth domain (members created with a password).
  OrgsModule(platform::Platform& platform, std::function<std::string(const std::string&)> hash_password);
  void add_routes(http::Router& router) override;

  OrgRepository repository;
  OrgService service;

 private:
  std::function<std::string(const std::string&)> hash_password_;
};

}  // namespace cw::orgs
