#include "orgs/routes.hpp"

#include "core/error.hpp"
#include "core/json_body.hpp"
#include "http/paging.hpp"

namespace cw::orgs {

namespace {
using http::RequestContext;

void require_user_caller(const RequestContext& ctx) {
  if (ctx.caller().user_id.empty())
    throw ApiError(ErrorCode::kAuthorization, "this endpoint is for users, not API keys");
}

const char* sort_column(const std::string& field) {
  if (field == "name") return "lower(name)";  // same order on SQLite and PostgreSQL
  if (field == "email") return "email";
  if (field == "role") return "role";
  return "created_at";
}
}  // namespace

void register_routes(http::Router& router, OrgService& orgs,
                     std::function<std::string(const std::string&)> hash_password) {
  router.add("GET", "/api/v1/organization",
             [&](RequestContext& ctx) { return http::ok(to_json(orgs.organization(ctx.caller().organization_id))); });

  router.add("PATCH", "/api/v1/organization",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string name = body.string("name", 1, 100);
               body.finish();
               ctx.audit_target_id = ctx.caller().organization_id;
               return http::ok(to_json(orgs.rename(ctx.caller(), name)));
             },
             {.min_role = Role::kOwner, .action = "organization.update", .target_type = "organization"});

  router.add("GET", "/api/v1/users", [&](RequestContext& ctx) {
    auto page = http::parse_page(ctx);
    auto sort = http::parse_sort(ctx, {"name", "email", "role", "createdAt"}, {"createdAt", false});
    UserQuery q;
    if (auto role = ctx.query("role")) {
      if (!parse_role(*role)) throw field_error("role", "must be one of: owner, admin, operator, viewer");
      q.role = *role;
    }
    if (auto text = ctx.query("q"); text && !text->empty()) q.text = text->substr(0, 100);
    q.sort_column = sort_column(sort.field);
    q.descending = sort.descending;
    q.limit = page.limit;
    q.offset = http::cursor_offset(page);
    auto [users, total] = orgs.members(ctx.caller(), q);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : users) items.push_back(to_json(u));
    return http::ok_list(items, {{"limit", page.limit},
                                 {"nextCursor", http::next_offset_cursor(q.offset, users.size(), total)},
                                 {"total", total}});
  });

  router.add("POST", "/api/v1/users",
             [&, hash_password](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string raw_email = body.string("email", 3, 254);
               std::string email;
               if (!raw_email.empty() && !normalize_email(raw_email, email))
                 body.fail("email", "must be a valid email address");
               std::string name = body.string("name", 1, 100);
               std::string role = body.one_of("role", {"viewer", "operator", "admin", "owner"});
               std::optional<std::string> password = body.optional_new_password("password");
               body.finish();
               NewMember member{email, name, *parse_role(role), password ? hash_password(*password) : ""};
               Membership created = orgs.add_member(ctx.caller(), member);
               ctx.audit_target_id = created.user.id;
               nlohmann::json data = to_json(created.user);
               if (!created.invite_token.empty()) data["inviteToken"] = created.invite_token;
               return http::created(data);
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "users.create", .target_type = "user"});

  // /users/me/* before /users/{id} so "me" is never taken for an id.
  router.add("PATCH", "/api/v1/users/me",
             [&](RequestContext& ctx) {
               require_user_caller(ctx);
               JsonBody body(ctx.json());
               std::string name = body.string("name", 1, 100);
               body.finish();
               return http::ok(to_json(orgs.update_member(ctx.caller(), ctx.caller().user_id, std::nullopt, name)));
             },
             {.action = "users.update_profile", .target_type = "user"});

  router.add("GET", "/api/v1/users/me/preferences", [&](RequestContext& ctx) {
    require_user_caller(ctx);
    auto u = orgs.member(ctx.caller(), ctx.caller().user_id);
    return http::ok(merge_preferences(u.preferences, nlohmann::json::object()));
  });

  router.add("PUT", "/api/v1/users/me/preferences",
             [&](RequestContext& ctx) {
               require_user_caller(ctx);
               return http::ok(orgs.update_preferences(ctx.caller().user_id, ctx.json()));
             },
             {.action = "users.update_preferences", .target_type = "user"});

  router.add("GET", "/api/v1/onboarding", [&](RequestContext& ctx) {
    require_user_caller(ctx);
    return http::ok(orgs.member(ctx.caller(), ctx.caller().user_id).onboarding);
  });

  router.add("PUT", "/api/v1/onboarding",
             [&](RequestContext& ctx) {
               require_user_caller(ctx);
               return http::ok(orgs.update_onboarding(ctx.caller().user_id, ctx.json()));
             },
             {.action = "onboarding.update", .target_type = "user"});

  router.add("GET", "/api/v1/users/{id}",
             [&](RequestContext& ctx) { return http::ok(to_json(orgs.member(ctx.caller(), ctx.param("id")))); });

  router.add("PATCH", "/api/v1/users/{id}",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               auto role = body.optional_one_of("role", {"viewer", "operator", "admin", "owner"});
               auto name = body.optional_string("name", 1, 100);
               if (!body.has("role") && !body.has("name")) body.fail("role", "give a role or a name to change");
               body.finish();
               std::optional<Role> new_role;
               if (role) new_role = parse_role(*role);
               return http::ok(to_json(orgs.update_member(ctx.caller(), ctx.param("id"), new_role, name)));
             },
             {.min_role = Role::kAdmin, .action = "users.update", .target_type = "user"});

  router.add("DELETE", "/api/v1/users/{id}",
             [&](RequestContext& ctx) {
               orgs.remove_member(ctx.caller(), ctx.param("id"));
               return http::no_content();
             },
             {.min_role = Role::kAdmin, .action = "users.delete", .target_type = "user"});
}

}  // namespace cw::orgs
