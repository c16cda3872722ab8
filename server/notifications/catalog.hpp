#pragma once
/// Which domain events become notifications, and what they say. A domain publishes its own
/// events (it never writes notification tables); this is the one place that maps them.
#include <optional>

#include "events/event.hpp"
#include "notifications/model.hpp"

namespace cw::notifications {

/// The notification an event becomes, or nullopt for events nobody is notified of.
std::optional<Content> content_for(const events::DomainEvent& event);

}  // namespace cw::notifications
