#pragma once
#include "http/router.hpp"
#include "notifications/service.hpp"

namespace cw::notifications {
/// /notification-channels, /notifications (the caller's center), /notification-deliveries.
void register_routes(http::Router& router, NotificationService& service);
}  // namespace cw::notifications
