#include "auth/routes.hpp"

#include "auth/password.hpp"
#include "core/error.hpp"
#include "core/json_body.hpp"
#include "http/paging.hpp"

namespace cw::auth {

namespace {
using http::RequestContext;
using http::Response;
using http::RouteOptions;

std::string read_email(JsonBody& body) {
  std::string raw = body.string("email", 3, 254);
  std::string email;
  if (!raw.empty() && !normalize_email(raw, email)) body.fail("email", "must be a valid email address");
  return email;
}

std::string read_token(JsonBody& body, const char* field) {
  auto t = body.string(field, 1, 512);
  return t;
}

void note_actor(RequestContext& ctx, const Session& s) {
  ctx.audit_actor = Principal{s.user.id, s.user.email, s.user.organization_id, s.user.role, ""};
  ctx.audit_target_type = "user";
  ctx.audit_target_id = s.user.id;
}

/// The client's User-Agent, for the list of sessions.
std::string user_agent(const RequestContext& ctx) {
  auto ua = ctx.request.header("user-agent");
  return ua ? std::string(*ua) : std::string();
}
}  // namespace

void register_routes(http::Router& router, AuthService& auth, orgs::OrgService& orgs) {
  RouteOptions open{.authenticated = false, .blocking = true};

  router.add("POST", "/api/v1/auth/register",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string email = read_email(body);
               std::string name = body.string("name", 1, 100);
               std::string password = body.new_password("password");
               auto org_name = body.optional_string("organizationName", 1, 100);
               body.finish();
               Session s = auth.register_owner(email, name, password, org_name.value_or(name + "'s organization"),
                                               ctx.request.remote_address, user_agent(ctx));
               note_actor(ctx, s);
               return http::created(s.to_json());
             },
             {.authenticated = false, .blocking = true, .action = "auth.register", .target_type = "user"});

  router.add("POST", "/api/v1/auth/login",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string email = read_email(body);
               auto it = body.raw().find("password");
               if (it == body.raw().end() || !it->is_string() || it->get<std::string>().empty())
                 body.fail("password", "is required");
               body.finish();
               ctx.audit_details = {{"email", email}};
               Session s = auth.login(email, it->get<std::string>(), ctx.request.remote_address, user_agent(ctx));
               note_actor(ctx, s);
               return http::ok(s.to_json());
             },
             {.authenticated = false, .blocking = true, .action = "auth.login", .target_type = "user"});

  router.add("POST", "/api/v1/auth/refresh",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string token = read_token(body, "refreshToken");
               body.finish();
               Session s = auth.refresh(token, ctx.request.remote_address, user_agent(ctx));
               note_actor(ctx, s);
               return http::ok(s.to_json());
             },
             {.authenticated = false, .action = "auth.refresh", .target_type = "user"});

  router.add("POST", "/api/v1/auth/logout",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string token = read_token(body, "refreshToken");
               body.finish();
               auth.logout(token);
               return http::no_content();
             },
             {.authenticated = false, .action = "auth.logout"});

  router.add("POST", "/api/v1/auth/accept-invite",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string token = read_token(body, "token");
               std::string password = body.new_password("password");
               auto name = body.optional_string("name", 1, 100);
               body.finish();
               Session s = auth.accept_invite(token, password, name, ctx.request.remote_address, user_agent(ctx));
               note_actor(ctx, s);
               return http::ok(s.to_json());
             },
             {.authenticated = false, .blocking = true, .action = "auth.accept_invite", .target_type = "user"});

  router.add("GET", "/api/v1/auth/me", [&](RequestContext& ctx) {
    const Principal& p = ctx.caller();
    if (p.user_id.empty()) throw ApiError(ErrorCode::kAuthorization, "API keys have no user profile");
    auto found = orgs.profile(p.user_id);
    if (!found) throw ApiError(ErrorCode::kAuthentication, "user no longer exists");
    const auto& [user_row, org] = *found;
    const orgs::User* user = &user_row;
    nlohmann::json me = orgs::to_json(*user);
    me["organizationName"] = org.name;
    me["preferences"] = user->preferences;
    me["onboardingCompleted"] = orgs::onboarding_done(user->onboarding);
    me["demoMode"] = org.demo_scenario.has_value();
    me["demoScenario"] = org.demo_scenario ? nlohmann::json(*org.demo_scenario) : nlohmann::json(nullptr);
    return http::ok(me);
  });

  router.add("POST", "/api/v1/users/me/password",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               auto it = body.raw().find("currentPassword");
               if (it == body.raw().end() || !it->is_string()) body.fail("currentPassword", "is required");
               std::string next = body.new_password("newPassword");
               body.finish();
               Session s = auth.change_password(ctx.caller(), it->get<std::string>(), next, ctx.request.remote_address,
                                                user_agent(ctx));
               return http::ok(s.to_json());
             },
             {.blocking = true, .action = "users.change_password", .target_type = "user"});

  // The caller's own sign-ins (Settings → Profile → Active sessions) and ending one of them.
  router.add("GET", "/api/v1/auth/sessions", [&](RequestContext& ctx) { return http::ok(auth.sessions(ctx.caller())); },
             {.blocking = true});
  router.add("DELETE", "/api/v1/auth/sessions/{sessionId}",
             [&](RequestContext& ctx) {
               ctx.audit_target_id = ctx.param("sessionId");
               auth.end_session(ctx.caller(), ctx.param("sessionId"));
               return http::no_content();
             },
             {.blocking = true, .action = "auth.session.revoke", .target_type = "session"});

  router.add("GET", "/api/v1/api-keys",
             [&](RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               auto offset = static_cast<size_t>(http::cursor_offset(page));
               auto keys = auth.api_keys(ctx.caller());  // active keys of one organization: a short list
               nlohmann::json items = nlohmann::json::array();
               for (size_t i = offset; i < keys.size() && items.size() < static_cast<size_t>(page.limit); ++i)
                 items.push_back(to_json(keys[i]));
               auto total = static_cast<long long>(keys.size());
               return http::ok_list(
                   items,
                   {{"limit", page.limit},
                    {"nextCursor", http::next_offset_cursor(static_cast<long long>(offset), items.size(), total)},
                    {"total", total}});
             },
             {.min_role = Role::kAdmin});

  router.add("POST", "/api/v1/api-keys",
             [&](RequestContext& ctx) {
               JsonBody body(ctx.json());
               std::string name = body.string("name", 1, 100);
               std::string role = body.one_of("role", {"viewer", "operator", "admin", "owner"});
               auto days = body.optional_int("expiresInDays", 1, 3650);
               body.finish();
               NewApiKey created = auth.create_api_key(ctx.caller(), name, *parse_role(role), days);
               ctx.audit_target_id = created.key.id;
               nlohmann::json data = to_json(created.key);
               data["key"] = created.secret;
               return http::created(data);
             },
             {.min_role = Role::kAdmin, .action = "api_keys.create", .target_type = "api_key"});

  router.add("DELETE", "/api/v1/api-keys/{id}",
             [&](RequestContext& ctx) {
               auth.revoke_api_key(ctx.caller(), ctx.param("id"));
               return http::no_content();
             },
             {.min_role = Role::kAdmin, .action = "api_keys.revoke", .target_type = "api_key"});
}

}  // namespace cw::auth
