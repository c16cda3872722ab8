#pragma once
/// What every domain module may use: the shared machinery, built once by `server/app/` (or by a
/// test or benchmark from its own parts) and handed to each module's constructor.
#include "core/clock.hpp"

namespace cw {
class Keyring;
}
namespace cw::storage {
class Database;
}
namespace cw::events {
class EventBus;
}
namespace cw::jobs {
class JobQueue;
}
namespace cw::providers {
class ProviderRegistry;
}

namespace cw::platform {

struct Platform {
  storage::Database& db;
  const Clock& clock;
  events::EventBus& events;
  jobs::JobQueue& queue;
  const Keyring& keyring;
  providers::ProviderRegistry& providers;
};

}  // namespace cw::platform
