#include "audit/routes.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "http/paging.hpp"

namespace cw::audit {

namespace {
using http::RequestContext;

AuditFilter parse_filter(const RequestContext& ctx) {
  AuditFilter f;
  f.action = ctx.query("action");
  f.user_id = ctx.query("userId");
  f.target_type = ctx.query("targetType");
  f.target_id = ctx.query("targetId");
  if (auto result = ctx.query("result")) {
    if (*result != "success" && *result != "denied" && *result != "failure")
      throw field_error("result", "must be one of: success, denied, failure");
    f.result = result;
  }
  for (const char* name : {"from", "to"}) {
    if (auto text = ctx.query(name)) {
      auto t = parse_rfc3339(*text);
      if (!t) throw field_error(name, "must be an RFC 3339 timestamp like 2026-01-31T00:00:00Z");
      (std::string(name) == "from" ? f.from : f.to) = *t;
    }
  }
  return f;
}
}  // namespace

void register_routes(http::Router& router, AuditRepository& repo) {
  router.add("GET", "/api/v1/audit",
             [&](RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               AuditFilter f = parse_filter(ctx);
               f.limit = page.limit + 1;  // one extra row tells whether there is a next page
               if (auto at = http::keyset_position(page, http::KeysetValue::kInteger))
                 f.after = std::make_pair(std::stoll(at->value), at->id);
               auto entries = repo.list(ctx.caller().organization_id, f);
               nlohmann::json next = nullptr;
               if (static_cast<int>(entries.size()) > page.limit) {
                 entries.pop_back();
                 const auto& last = entries.back();
                 next = http::encode_keyset_cursor(std::to_string(last.occurred_at), last.id);
               }
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : entries) items.push_back(to_json(e));
               f.after.reset();
               return http::ok_list(items, {{"limit", page.limit},
                                            {"nextCursor", next},
                                            {"total", repo.count(ctx.caller().organization_id, f)}});
             },
             {.min_role = Role::kAdmin});

  router.add("GET", "/api/v1/audit/export",
             [&](RequestContext& ctx) {
               AuditFilter f = parse_filter(ctx);
               f.limit = 1000;
               http::Response r;
               r.content_type = "text/csv; charset=utf-8";
               r.set_header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
               // Columns named like the JSON fields, so a CSV and an API listing read the same.
               r.body =
                   "id,timestamp,userId,userEmail,apiKeyId,organizationId,action,method,path,targetType,"
                   "targetId,result,statusCode,requestId,ipAddress,details\r\n";
               // Page through everything matching, newest first, 1,000 rows per query.
               for (;;) {
                 auto entries = repo.list(ctx.caller().organization_id, f);
                 for (const auto& e : entries) {
                   const auto& ev = e.event;
                   for (const std::string& field :
                        {e.id, format_rfc3339(e.occurred_at), ev.user_id, ev.user_email, ev.api_key_id,
                         ev.organization_id, ev.action, ev.method, ev.path, ev.target_type, ev.target_id, ev.result,
                         std::to_string(ev.status_code), ev.request_id, ev.ip_address, ev.details_json}) {
                     r.body += csv_field(field);
                     r.body += ',';
                   }
                   r.body.back() = '\r';
                   r.body += '\n';
                 }
                 if (static_cast<int>(entries.size()) < f.limit) break;
                 f.after = std::make_pair(entries.back().occurred_at, entries.back().id);
               }
               return r;
             },
             {.min_role = Role::kAdmin, .blocking = true});
}

}  // namespace cw::audit
