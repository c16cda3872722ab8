#include "events/event.hpp"

namespace cw::events {

nlohmann::json to_message(const DomainEvent& event) {
  return {{"id", event.id}, {"type", event.type}, {"data", event.data}, {"timestamp", format_rfc3339(event.time)}};
}

}  // namespace cw::events
