#include "accounts/routes.hpp"

#include "core/json_body.hpp"
#include "http/paging.hpp"
#include "orgs/service.hpp"

namespace cw::accounts {

namespace {
using http::RequestContext;

nlohmann::json read_string_list(JsonBody& body, const char* field) {
  auto it = body.raw().find(field);
  if (it == body.raw().end() || it->is_null()) return nlohmann::json::array();
  bool ok = it->is_array() && it->size() <= 50;
  for (const auto& v : ok ? *it : nlohmann::json::array()) ok = ok && v.is_string() && !v.get<std::string>().empty();
  if (!ok) body.fail(field, "must be an array of up to 50 non-empty strings");
  return ok ? *it : nlohmann::json::array();
}

}  // namespace

void register_routes(http::Router& router, AccountService& accounts, orgs::OrgService& orgs) {
  // ---------------------------------------------------------------- cloud accounts
  router.add("GET", "/api/v1/providers", [&](RequestContext& ctx) {
    auto page = http::parse_page(ctx);
    long long offset = http::cursor_offset(page);
    auto [list, total] = accounts.list(ctx.caller(), page.limit, offset);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : list) items.push_back(to_json(a));
    return http::ok_list(items, {{"limit", page.limit},
                                 {"nextCursor", http::next_offset_cursor(offset, list.size(), total)},
                                 {"total", total}});
  });

  router.add(
      "POST", "/api/v1/providers",
      [&](RequestContext& ctx) {
        JsonBody body(ctx.json());
        NewAccount a;
        a.provider = body.one_of("provider", {"simulated", "aws", "azure", "gcp"});
        a.name = body.string("name", 1, 100);
        auto creds = body.optional_object("credentials", 64 * 1024);
        if (!creds && !body.has("credentials")) body.fail("credentials", "is required");
        a.regions = read_string_list(body, "regions");
        if (body.has("services")) a.services = read_string_list(body, "services");
        if (auto e = body.optional_object("endpoints", 4096)) a.endpoints = *e;
        a.billing_export_table = body.optional_string("billingExportTable", 0, 1200).value_or("");
        if (auto s = body.optional_int("syncIntervalSeconds", 60, 86400)) a.sync_interval_seconds = *s;
        a.verify = body.optional_bool("verify").value_or(false);
        body.finish();
        a.credentials = *creds;
        Account created = accounts.connect(ctx.caller(), a);
        ctx.audit_target_id = created.id;
        orgs.complete_onboarding_step(ctx.caller().user_id, "cloud-providers");
        return http::created(to_json(created));
      },
      {.min_role = Role::kAdmin, .blocking = true, .action = "providers.create", .target_type = "cloud_account"});

  router.add("GET", "/api/v1/providers/{id}",
             [&](RequestContext& ctx) { return http::ok(to_json(accounts.get(ctx.caller(), ctx.param("id")))); });

  router.add(
      "PATCH", "/api/v1/providers/{id}",
      [&](RequestContext& ctx) {
        JsonBody body(ctx.json());
        AccountPatch p;
        p.name = body.optional_string("name", 1, 100);
        p.credentials = body.optional_object("credentials", 64 * 1024);
        if (body.has("regions")) p.regions = read_string_list(body, "regions");
        if (body.has("services")) p.services = read_string_list(body, "services");
        p.endpoints = body.optional_object("endpoints", 4096);
        // null or "" removes it
        if (body.has("billingExportTable"))
          p.billing_export_table = body.optional_string("billingExportTable", 0, 1200).value_or("");
        p.sync_interval_seconds = body.optional_int("syncIntervalSeconds", 60, 86400);
        if (!p.name && !p.credentials && !p.regions && !p.services && !p.endpoints && !p.billing_export_table &&
            !p.sync_interval_seconds)
          body.fail("name", "give at least one field to change");
        body.finish();
        return http::ok(to_json(accounts.update(ctx.caller(), ctx.param("id"), p)));
      },
      {.min_role = Role::kAdmin, .blocking = true, .action = "providers.update", .target_type = "cloud_account"});

  router.add(
      "DELETE", "/api/v1/providers/{id}",
      [&](RequestContext& ctx) {
        accounts.disconnect(ctx.caller(), ctx.param("id"));
        return http::no_content();
      },
      {.min_role = Role::kAdmin, .blocking = true, .action = "providers.delete", .target_type = "cloud_account"});

  router.add("POST", "/api/v1/providers/{id}/test",
             [&](RequestContext& ctx) { return http::ok(accounts.test(ctx.caller(), ctx.param("id")).to_json()); },
             {.min_role = Role::kAdmin, .blocking = true, .action = "providers.test", .target_type = "cloud_account"});

  router.add("POST", "/api/v1/providers/{id}/sync",
             [&](RequestContext& ctx) {
               Account a = accounts.get(ctx.caller(), ctx.param("id"));
               bool full = true;
               if (!ctx.request.body.empty()) {
                 JsonBody body(ctx.json());
                 auto mode = body.optional_one_of("mode", {"full", "incremental"});
                 body.finish();
                 full = mode.value_or("full") == "full";
               }
               std::string job_id = accounts.request_sync(a, full);
               return http::ok(nlohmann::json{{"jobId", job_id}, {"accountId", a.id}}, 202);
             },
             {.min_role = Role::kOperator, .action = "providers.sync", .target_type = "cloud_account"});
}

}  // namespace cw::accounts
