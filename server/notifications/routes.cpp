#include "notifications/routes.hpp"

#include "core/error.hpp"
#include "http/paging.hpp"

namespace cw::notifications {

void register_routes(http::Router& router, NotificationService& service) {
  router.add("GET", "/api/v1/notification-channels",
             [&](http::RequestContext& ctx) {
               nlohmann::json items = nlohmann::json::array();
               for (const auto& ch : service.channels(ctx.caller())) items.push_back(to_json(ch));
               return http::ok(items);
             },
             {.blocking = true});

  router.add("POST", "/api/v1/notification-channels",
             [&](http::RequestContext& ctx) {
               Channel ch = service.create_channel(ctx.caller(), ctx.json());
               ctx.audit_details = {{"channelId", ch.id}, {"type", ch.type}, {"name", ch.name}};
               return http::created(to_json(ch));
             },
             {.min_role = Role::kAdmin,
              .blocking = true,
              .action = "notifications.channel.create",
              .target_type = "notification_channel"});

  router.add(
      "GET", "/api/v1/notification-channels/{id}",
      [&](http::RequestContext& ctx) { return http::ok(to_json(service.channel(ctx.caller(), ctx.param("id")))); },
      {.blocking = true});

  router.add("PATCH", "/api/v1/notification-channels/{id}",
             [&](http::RequestContext& ctx) {
               return http::ok(to_json(service.update_channel(ctx.caller(), ctx.param("id"), ctx.json())));
             },
             {.min_role = Role::kAdmin,
              .blocking = true,
              .action = "notifications.channel.update",
              .target_type = "notification_channel"});

  router.add("DELETE", "/api/v1/notification-channels/{id}",
             [&](http::RequestContext& ctx) {
               service.delete_channel(ctx.caller(), ctx.param("id"));
               return http::no_content();
             },
             {.min_role = Role::kAdmin,
              .blocking = true,
              .action = "notifications.channel.delete",
              .target_type = "notification_channel"});

  // Sends now and answers with the outcome either way: a failure is the answer, not an error.
  router.add("POST", "/api/v1/notification-channels/{id}/test",
             [&](http::RequestContext& ctx) { return http::ok(service.test_channel(ctx.caller(), ctx.param("id"))); },
             {.min_role = Role::kAdmin,
              .blocking = true,
              .action = "notifications.channel.test",
              .target_type = "notification_channel"});

  router.add("GET", "/api/v1/notifications",
             [&](http::RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               auto unread = ctx.query("unread");
               if (unread && *unread != "true" && *unread != "false")
                 throw field_error("unread", "must be true or false");
               std::optional<std::string> before;
               if (!page.cursor.empty()) {
                 if (page.cursor.rfind("ntf_", 0) != 0 || page.cursor.size() > 64)
                   throw field_error("cursor", "is not valid");
                 before = page.cursor;
               }
               auto result = service.center(ctx.caller(), unread && *unread == "true", before, page.limit);
               nlohmann::json items = nlohmann::json::array();
               for (const auto& n : result.items) items.push_back(to_json(n));
               return http::ok_list(
                   items, {{"limit", page.limit},
                           {"nextCursor", result.next_before ? nlohmann::json(http::encode_cursor(*result.next_before))
                                                             : nlohmann::json(nullptr)},
                           {"total", result.total},
                           {"unread", result.unread}});
             },
             {.blocking = true});

  router.add(
      "POST", "/api/v1/notifications/{id}/read",
      [&](http::RequestContext& ctx) { return http::ok(to_json(service.mark_read(ctx.caller(), ctx.param("id")))); },
      {.blocking = true});

  router.add("POST", "/api/v1/notifications/read-all",
             [&](http::RequestContext& ctx) {
               return http::ok({{"updated", service.mark_all_read(ctx.caller())}});
             },
             {.blocking = true});

  router.add("GET", "/api/v1/notification-deliveries",
             [&](http::RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               DeliveryFilter f;
               f.channel_id = ctx.query("channelId");
               f.status = ctx.query("status");
               if (f.status && *f.status != "pending" && *f.status != "delivered" && *f.status != "failed" &&
                   *f.status != "dead")
                 throw field_error("status", "must be one of: pending, delivered, failed, dead");
               f.limit = page.limit;
               f.offset = http::cursor_offset(page);
               auto [items, total] = service.deliveries(ctx.caller(), f);
               nlohmann::json out = nlohmann::json::array();
               for (const auto& d : items) out.push_back(to_json(d));
               return http::ok_list(out, {{"limit", page.limit},
                                          {"nextCursor", http::next_offset_cursor(f.offset, items.size(), total)},
                                          {"total", total}});
             },
             {.min_role = Role::kAdmin, .blocking = true});
}

}  // namespace cw::notifications
