// Profile pictures (avatars.hpp): set from a vault image, removed, and seen by the members of the
// same organization.
#include "core/error.hpp"
#include "core/json_body.hpp"
#include "http/file_response.hpp"
#include "http/router.hpp"
#include "vault/avatars.hpp"
#include "vault/routes.hpp"

namespace cw::vault {

void register_avatar_routes(http::Router& router, VaultRouteContext& c) {
  router.add("PUT", "/api/v1/users/me/avatar",
             [&c](http::RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string file_id = body.string("fileId", 1, 100);
               body.finish();
               c.avatars.set(ctx.caller(), file_id);
               ctx.audit_target_id = ctx.caller().user_id;
               ctx.audit_details = {{"fileId", file_id}};
               return http::ok({{"avatarUrl", "/api/v1/users/" + ctx.caller().user_id + "/avatar"}});
             },
             {.blocking = true, .action = "users.update_avatar", .target_type = "user"});
  router.add("DELETE", "/api/v1/users/me/avatar",
             [&c](http::RequestContext& ctx) {
               c.avatars.remove(ctx.caller());
               ctx.audit_target_id = ctx.caller().user_id;
               return http::no_content();
             },
             {.blocking = true, .action = "users.update_avatar", .target_type = "user"});
  router.add("GET", "/api/v1/users/{userId}/avatar",
             [&c](http::RequestContext& ctx) {
               const std::string user_id = ctx.param("userId");
               // Another organization's member is as unknown as no one.
               if (!c.member_of(user_id, ctx.caller().organization_id)) throw not_found("user");
               auto picture = c.avatars.find(user_id);
               // No picture is an ordinary answer (the UI shows initials), not an error to log.
               if (!picture) return http::no_content();
               // Revalidated each time (a cheap 304): a new picture shows at once.
               http::Response r = http::bytes_response(ctx.request, std::move(*picture), "image/webp");
               r.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
               return r;
             },
             {.blocking = true});
}

}  // namespace cw::vault
