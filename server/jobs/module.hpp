#pragma once
/// The jobs API (list, one job, retry, cancel). The queue and runner themselves are platform.
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::jobs {

class JobQueue;

class JobsModule final : public platform::Module {
 public:
  explicit JobsModule(platform::Platform& platform) : queue_(platform.queue) {}
  void add_routes(http::Router& router) override;

 private:
  JobQueue& queue_;
};

}  // namespace cw::jobs
