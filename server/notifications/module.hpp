#pragma once
/// Notifications: channels, the in-app center, deliveries; their routes, the delivery job and
/// the subscription to every domain event (notifications/catalog.cpp says which notify).
#include "notifications/repository.hpp"
#include "notifications/service.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::notifications {

class NotificationsModule final : public platform::Module {
 public:
  NotificationsModule(platform::Platform& platform, orgs::OrgService& orgs, SendSettings send);
  void add_routes(http::Router& router) override;
  void add_jobs(jobs::JobRunner& runner) override;
  void subscribe(events::EventBus& events) override;

  NotificationRepository repository;
  NotificationService service;
};

}  // namespace cw::notifications
