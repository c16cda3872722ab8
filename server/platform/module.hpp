#pragma once
/// The shape of a domain. A domain (orgs, auth, audit, inventory, demo, jobs, notifications, and
/// the coming costs, security, monitoring, vault, deployments) builds its repositories and
/// services in a module of its own (`<domain>/module.cpp`) and says there, in one place, what it
/// plugs into the server: its routes, its job handlers and periodic tasks, and the events it
/// listens to. `server/app/` composes the list; the tests and benchmarks build the same modules.
namespace cw::http {
class Router;
}
namespace cw::jobs {
class JobRunner;
}
namespace cw::events {
class EventBus;
}

namespace cw::platform {

class Module {
 public:
  virtual ~Module() = default;
  virtual void add_routes(http::Router& router) {}
  /// Job handlers (`runner.handle`) and periodic tasks (`runner.every`).
  virtual void add_jobs(jobs::JobRunner& runner) {}
  /// Event subscriptions (`events.subscribe` for once-per-cluster work).
  virtual void subscribe(events::EventBus& events) {}
};

}  // namespace cw::platform
