#pragma once
/// The audit log: its repository (the request pipeline appends to it) and its routes.
#include "audit/repository.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::audit {

class AuditModule final : public platform::Module {
 public:
  explicit AuditModule(platform::Platform& platform) : repository(platform.db, platform.clock) {}
  void add_routes(http::Router& router) override;

  AuditRepository repository;
};

}  // namespace cw::audit
