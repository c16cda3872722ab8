#pragma once
/// Which domain events become notifications, and what they say. A domain publishes its own
/// events (it never writes notification tables); this is the one place that maps them.
#include <optional>

#include "events/event.hpp"
#include "notifications/model.hpp"

namespace cw::notifications {

struct Draft {
  /// What makes two events the same notification: the event id, or e.g. a job id so that the
  /// five failed attempts of one sync notify once. Each user and channel gets a key once.
  std::string key;
  Content content;
  /// When set, only this member is notified in the app (a share link's creator hears of its
  /// downloads, not the whole organization); channels that take the kind still get it.
  std::string only_user;
};

/// The notification an event becomes, or nullopt for events nobody is notified of.
std::optional<Draft> draft_for(const events::DomainEvent& event);

}  // namespace cw::notifications
