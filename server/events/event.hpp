#pragma once
/// A domain event: something that happened in one organization, named like the WebSocket
/// message it becomes (`resource.created`, `sync.completed`, … — `WsEvent` in api/openapi.yaml).
/// The id lets every subscriber drop a duplicate: delivery is at least once.
#include <nlohmann/json.hpp>

#include <string>

#include "core/clock.hpp"

namespace cw::events {

struct DomainEvent {
  std::string id;  // evt_…, unique
  std::string organization_id;
  std::string type;
  nlohmann::json data;
  Millis time = 0;
  /// Only this user's sessions receive it (a personal notification); empty: the whole organization.
  std::string audience_user;
};

/// The WebSocket message: {"id", "type", "data", "timestamp"}.
nlohmann::json to_message(const DomainEvent& event);

}  // namespace cw::events
