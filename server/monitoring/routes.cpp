#include "monitoring/routes.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "http/context.hpp"
#include "http/paging.hpp"
#include "http/router.hpp"
#include "monitoring/alert_service.hpp"
#include "monitoring/collection.hpp"
#include "monitoring/query.hpp"

namespace cw::monitoring {

namespace {

/// RFC 3339 or unix seconds.
Millis time_param(const http::RequestContext& ctx, const char* name, Millis fallback) {
  auto v = ctx.query(name);
  if (!v || v->empty()) return fallback;
  bool digits = v->size() <= 12;
  for (char c : *v) digits = digits && c >= '0' && c <= '9';
  if (digits) return std::stoll(*v) * 1000;
  auto t = parse_rfc3339(*v);
  if (!t) throw field_error(name, "must be an RFC 3339 time like 2026-01-31T00:00:00Z or unix seconds");
  return *t;
}

std::optional<std::string> one_of(const http::RequestContext& ctx, const char* name,
                                  std::initializer_list<const char*> allowed) {
  auto v = ctx.query(name);
  if (!v) return std::nullopt;
  for (const char* a : allowed)
    if (*v == a) return v;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw field_error(name, "must be one of " + list);
}

}  // namespace

void register_monitoring_routes(http::Router& router, MetricQueryService& metrics, AlertService& alerts,
                                CollectionService& collection, const Clock& clock) {
  router.add("GET", "/api/v1/metrics/query",
             [&](http::RequestContext& ctx) {
               MetricQueryRequest q;
               auto metric = ctx.query("metric");
               if (!metric || metric->empty()) throw field_error("metric", "is required");
               if (!is_known_metric(*metric))
                 throw field_error("metric", "is not a known metric (cpu_utilization, memory_utilization, …)");
               q.metric = *metric;
               q.selector.resource_id = ctx.query("resourceId");
               q.selector.type = ctx.query("type");
               q.selector.tag = ctx.query("tag");
               q.selector.account_id = ctx.query("providerId");
               q.selector.region = ctx.query("region");
               if (auto a = one_of(ctx, "aggregation", {"avg", "min", "max", "sum", "p95", "count"}))
                 q.aggregation = *aggregation_named(*a);
               if (auto g = ctx.query("groupBy")) {
                 if (*g != "resource" && *g != "type" && *g != "providerId" && *g != "region" &&
                     !(g->rfind("tag:", 0) == 0 && g->size() > 4))
                   throw field_error("groupBy", "must be resource, type, providerId, region or tag:KEY");
                 q.group_by = *g;
               }
               const Millis now = clock.now_ms();
               q.to = time_param(ctx, "to", now);
               q.from = time_param(ctx, "from", q.to - kDayMs);
               if (q.from >= q.to) throw field_error("from", "must be before to");
               if (q.to - q.from > 400 * kDayMs) throw field_error("from", "the range is at most 400 days");
               if (auto step = ctx.query("step")) {
                 bool digits = !step->empty() && step->size() <= 5;
                 for (char c : *step) digits = digits && c >= '0' && c <= '9';
                 const long long s = digits ? std::stoll(*step) : 0;
                 if (s < 60 || s > 86400) throw field_error("step", "must be seconds between 60 and 86400");
                 q.step = s * 1000;
               } else {
                 // Not finer than collection's 5-minute periods: finer steps would leave gaps between samples.
                 q.step = std::max<Millis>(300'000, (q.to - q.from) / 300 / 60'000 * 60'000);
               }
               if ((q.to - q.from) / q.step + 1 > 2000) throw field_error("step", "too many points (at most 2000)");
               return http::ok(metrics.query(ctx.caller().organization_id, q));
             },
             {.blocking = true});

  // --- rules ---
  router.add("GET", "/api/v1/alert-rules",
             [&](http::RequestContext& ctx) {
               auto items = alerts.list_rules(ctx.caller());
               return http::ok_list(items, {{"total", items.size()}});
             },
             {.blocking = true});
  router.add(
      "POST", "/api/v1/alert-rules",
      [&](http::RequestContext& ctx) {
        auto rule = alerts.create_rule(ctx.caller(), ctx.json());
        ctx.audit_target_id = rule["id"];
        return http::created(rule);
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "alert_rule.create", .target_type = "alert_rule"});
  router.add("POST", "/api/v1/alert-rules/preview",
             [&](http::RequestContext& ctx) { return http::ok(alerts.preview(ctx.caller(), ctx.json())); },
             {.blocking = true});
  router.add("GET", "/api/v1/alert-rules/{id}",
             [&](http::RequestContext& ctx) { return http::ok(alerts.get_rule(ctx.caller(), ctx.param("id"))); },
             {.blocking = true});
  router.add(
      "PATCH", "/api/v1/alert-rules/{id}",
      [&](http::RequestContext& ctx) {
        ctx.audit_target_id = ctx.param("id");
        return http::ok(alerts.update_rule(ctx.caller(), ctx.param("id"), ctx.json()));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "alert_rule.update", .target_type = "alert_rule"});
  router.add(
      "DELETE", "/api/v1/alert-rules/{id}",
      [&](http::RequestContext& ctx) {
        alerts.delete_rule(ctx.caller(), ctx.param("id"));
        ctx.audit_target_id = ctx.param("id");
        return http::no_content();
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "alert_rule.delete", .target_type = "alert_rule"});

  // --- alerts ---
  router.add("GET", "/api/v1/alerts",
             [&](http::RequestContext& ctx) {
               const auto page = http::parse_page(ctx);
               AlertFilter f;
               f.state = one_of(ctx, "state", {"pending", "firing", "resolved"});
               f.severity = one_of(ctx, "severity", {"critical", "warning", "info"});
               f.rule_id = ctx.query("ruleId");
               f.resource_id = ctx.query("resourceId");
               f.limit = page.limit;
               f.offset = http::cursor_offset(page);
               nlohmann::json meta;
               auto items = alerts.list_alerts(ctx.caller(), f, meta);
               meta["nextCursor"] = http::next_offset_cursor(f.offset, items.size(), meta["total"].get<long long>());
               return http::ok_list(items, meta);
             },
             {.blocking = true});
  router.add("POST", "/api/v1/alerts/{id}/ack",
             [&](http::RequestContext& ctx) {
               ctx.audit_target_id = ctx.param("id");
               return http::ok(alerts.acknowledge(ctx.caller(), ctx.param("id"), ctx.json()));
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "alert.acknowledge", .target_type = "alert"});
  router.add("GET", "/api/v1/alerts/{id}/history",
             [&](http::RequestContext& ctx) { return http::ok(alerts.history(ctx.caller(), ctx.param("id"))); },
             {.blocking = true});
  router.add("GET", "/api/v1/alert-history",
             [&](http::RequestContext& ctx) {
               const Millis now = clock.now_ms();
               const Millis to = time_param(ctx, "to", now);
               const Millis from = time_param(ctx, "from", to - 7 * kDayMs);
               const auto page = http::parse_page(ctx);
               return http::ok(
                   alerts.timeline(ctx.caller(), from, to, ctx.query("ruleId"), ctx.query("resourceId"), page.limit));
             },
             {.blocking = true});

  // --- silences ---
  router.add("GET", "/api/v1/silences",
             [&](http::RequestContext& ctx) { return http::ok(alerts.list_silences(ctx.caller())); },
             {.blocking = true});
  router.add("POST", "/api/v1/silences",
             [&](http::RequestContext& ctx) {
               auto silence = alerts.create_silence(ctx.caller(), ctx.json());
               ctx.audit_target_id = silence["id"];
               return http::created(silence);
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "silence.create", .target_type = "silence"});
  router.add("DELETE", "/api/v1/silences/{id}",
             [&](http::RequestContext& ctx) {
               alerts.expire_silence(ctx.caller(), ctx.param("id"));
               ctx.audit_target_id = ctx.param("id");
               return http::no_content();
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "silence.expire", .target_type = "silence"});

  // --- collection ---
  router.add("GET", "/api/v1/monitoring/collection",
             [&](http::RequestContext& ctx) { return http::ok(collection.list(ctx.caller())); }, {.blocking = true});
  router.add("PATCH", "/api/v1/monitoring/collection/{id}",
             [&](http::RequestContext& ctx) {
               ctx.audit_target_id = ctx.param("id");
               return http::ok(collection.update(ctx.caller(), ctx.param("id"), ctx.json()));
             },
             {.min_role = Role::kAdmin,
              .blocking = true,
              .action = "monitoring.collection.update",
              .target_type = "provider"});
}

}  // namespace cw::monitoring
