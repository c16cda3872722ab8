#include "security/routes.hpp"

#include "core/error.hpp"
#include "http/context.hpp"
#include "http/paging.hpp"
#include "http/router.hpp"
#include "security/finding_service.hpp"
#include "security/rule_service.hpp"
#include "security/scan_service.hpp"

namespace cw::security {

namespace {

http::Response csv_download(std::string body, const std::string& name) {
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  return r;
}

}  // namespace

void register_security_routes(http::Router& router, RuleService& rules, ScanService& scans, FindingService& findings) {
  // --- rules ---
  router.add("GET", "/api/v1/security/rules",
             [&](http::RequestContext& ctx) {
               auto out = rules.list(ctx.caller(), ctx.request.query);
               return http::ok_list(out["items"], {{"catalogVersion", out["catalogVersion"]},
                                                   {"rulesVersion", out["rulesVersion"]},
                                                   {"total", out["items"].size()}});
             },
             {.blocking = true});
  router.add("GET", "/api/v1/security/rules/{ruleId}",
             [&](http::RequestContext& ctx) { return http::ok(rules.get(ctx.caller(), ctx.param("ruleId"))); },
             {.blocking = true});
  router.add(
      "POST", "/api/v1/security/rules",
      [&](http::RequestContext& ctx) {
        auto rule = rules.create(ctx.caller(), ctx.json());
        ctx.audit_target_id = rule["id"];
        return http::created(rule);
      },
      {.min_role = Role::kAdmin, .blocking = true, .action = "security.rule.create", .target_type = "security_rule"});
  router.add(
      "DELETE", "/api/v1/security/rules/{ruleId}",
      [&](http::RequestContext& ctx) {
        rules.remove(ctx.caller(), ctx.param("ruleId"));
        ctx.audit_target_id = ctx.param("ruleId");
        return http::no_content();
      },
      {.min_role = Role::kAdmin, .blocking = true, .action = "security.rule.delete", .target_type = "security_rule"});

  // --- scans ---
  router.add(
      "POST", "/api/v1/security/scans",
      [&](http::RequestContext& ctx) {
        const auto& caller = ctx.caller();
        Scan scan = scans.request(caller.organization_id, "manual", true,
                                  caller.email.empty() ? caller.api_key_id : caller.email);
        ctx.audit_target_id = scan.id;
        return http::ok({{"jobId", scan.job_id}, {"scanId", scan.id}, {"scan", to_json(scan)}}, 202);
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "security.scan.start", .target_type = "security_scan"});
  router.add("GET", "/api/v1/security/scans",
             [&](http::RequestContext& ctx) {
               auto out = scans.list(ctx.caller(), http::parse_page(ctx));
               return http::ok_list(out["items"], {{"limit", out["limit"]}, {"nextCursor", out["nextCursor"]}});
             },
             {.blocking = true});
  router.add("GET", "/api/v1/security/scans/{id}",
             [&](http::RequestContext& ctx) { return http::ok(to_json(scans.get(ctx.caller(), ctx.param("id")))); },
             {.blocking = true});

  // --- findings ---
  router.add("GET", "/api/v1/security/findings",
             [&](http::RequestContext& ctx) {
               auto out = findings.list(ctx.caller(), ctx.request.query, http::parse_page(ctx));
               return http::ok_list(out["items"], {{"limit", out["limit"]}, {"nextCursor", out["nextCursor"]}});
             },
             {.blocking = true});
  router.add("GET", "/api/v1/security/findings/export",
             [&](http::RequestContext& ctx) {
               auto format = ctx.query("format").value_or("csv");
               if (format != "csv" && format != "ocsf") throw field_error("format", "must be csv or ocsf");
               const bool ocsf = format == "ocsf";
               http::Response r;
               r.content_type = ocsf ? "application/json" : "text/csv; charset=utf-8";
               r.body_source = findings.export_findings(ctx.caller(), ctx.request.query, ocsf);
               r.set_header("Content-Disposition", std::string("attachment; filename=\"security-findings") +
                                                       (ocsf ? ".ocsf.json" : ".csv") + "\"");
               return r;
             },
             {.blocking = true});
  router.add("GET", "/api/v1/security/findings/{id}",
             [&](http::RequestContext& ctx) { return http::ok(findings.get(ctx.caller(), ctx.param("id"))); },
             {.blocking = true});

  // --- mutes ---
  router.add("GET", "/api/v1/security/mutes",
             [&](http::RequestContext& ctx) {
               auto items = findings.mutes(ctx.caller());
               return http::ok_list(items, {{"total", items.size()}});
             },
             {.blocking = true});
  router.add("POST", "/api/v1/security/mutes",
             [&](http::RequestContext& ctx) {
               auto mute = findings.mute(ctx.caller(), ctx.json());
               ctx.audit_target_id = mute["id"];
               ctx.audit_details = {{"reason", mute["reason"]}, {"applied", mute["applied"]}};
               return http::created(mute);
             },
             {.min_role = Role::kOperator,
              .blocking = true,
              .action = "security.mute.create",
              .target_type = "security_mute"});
  router.add("DELETE", "/api/v1/security/mutes/{id}",
             [&](http::RequestContext& ctx) {
               auto mute = findings.unmute(ctx.caller(), ctx.param("id"));
               ctx.audit_details = {{"released", mute["released"]}};
               return http::no_content();
             },
             {.min_role = Role::kOperator,
              .blocking = true,
              .action = "security.mute.delete",
              .target_type = "security_mute"});

  // --- summary and compliance ---
  router.add("GET", "/api/v1/security/summary",
             [&](http::RequestContext& ctx) { return http::ok(findings.summary(ctx.caller())); }, {.blocking = true});
  router.add("GET", "/api/v1/security/compliance",
             [&](http::RequestContext& ctx) {
               auto items = findings.compliance(ctx.caller());
               return http::ok_list(items, {{"total", items.size()}});
             },
             {.blocking = true});
  router.add(
      "GET", "/api/v1/security/compliance/{framework}",
      [&](http::RequestContext& ctx) { return http::ok(findings.compliance(ctx.caller(), ctx.param("framework"))); },
      {.blocking = true});
  router.add("GET", "/api/v1/security/compliance/{framework}/export",
             [&](http::RequestContext& ctx) {
               auto format = ctx.query("format").value_or("csv");
               if (format != "csv" && format != "ocsf") throw field_error("format", "must be csv or ocsf");
               const std::string framework = ctx.param("framework");
               if (format == "csv")
                 return csv_download(findings.compliance_csv(ctx.caller(), framework), "compliance-" + framework);
               http::Response r;
               r.content_type = "application/json";
               r.body = findings.compliance_ocsf(ctx.caller(), framework);
               r.set_header("Content-Disposition", "attachment; filename=\"compliance-" + framework + ".ocsf.json\"");
               return r;
             },
             {.blocking = true});
}

}  // namespace cw::security
