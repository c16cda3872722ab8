#include "costs/routes.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "costs/collection.hpp"
#include "costs/export.hpp"
#include "costs/imports.hpp"
#include "costs/query.hpp"
#include "costs/service.hpp"
#include "http/paging.hpp"

namespace cw::costs {

void register_routes(http::Router& router, CostService& costs, ImportService& imports, CollectionService& collections,
                     const Clock& clock) {
  router.add("GET", "/api/v1/costs",
             [&](http::RequestContext& ctx) {
               CostQuery query = parse_cost_query(ctx.request.query, utc_day(clock.now_ms()));
               CostBreakdown breakdown = costs.breakdown(ctx.caller(), query);
               return http::ok_list(to_json(breakdown), {{"seriesTotal", breakdown.series_count},
                                                         {"from", query.from},
                                                         {"to", query.to},
                                                         {"granularity", query.granularity},
                                                         {"metric", query.metric}});
             },
             {.blocking = true});

  // The same query as GET /costs; format=csv: the breakdown, format=focus: the rows themselves.
  router.add("GET", "/api/v1/costs/export",
             [&](http::RequestContext& ctx) {
               auto format = ctx.query("format").value_or("csv");
               if (format != "csv" && format != "focus") throw field_error("format", "must be csv or focus");
               CostQuery query = parse_cost_query(ctx.request.query, utc_day(clock.now_ms()));
               http::Response r;
               r.content_type = "text/csv; charset=utf-8";
               std::string name = "costs-" + query.from + "-to-" + query.to;
               if (format == "csv") {
                 r.body = breakdown_csv(query, costs.breakdown(ctx.caller(), query));
               } else {
                 r.body_source = costs.focus_rows(ctx.caller(), query);
                 name += "-focus";
               }
               r.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
               return r;
             },
             {.blocking = true});

  router.add("GET", "/api/v1/costs/exchange-rates",
             [&](http::RequestContext& ctx) { return http::ok(to_json(costs.exchange_rates(ctx.caller()))); },
             {.blocking = true});

  router.add("PUT", "/api/v1/costs/exchange-rates",
             [&](http::RequestContext& ctx) {
               auto rates = costs.set_exchange_rates(ctx.caller(), ctx.json(), clock.now_ms());
               ctx.audit_details = {{"base", rates.base}, {"rates", rates.rates}};
               return http::ok(to_json(rates));
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "costs.exchange_rates.update"});

  router.add("GET", "/api/v1/costs/tag-keys",
             [&](http::RequestContext& ctx) {
               return http::ok({{"keys", costs.tag_keys(ctx.caller())}});
             },
             {.blocking = true});

  router.add("PUT", "/api/v1/costs/tag-keys",
             [&](http::RequestContext& ctx) {
               auto keys = costs.set_tag_keys(ctx.caller(), ctx.json());
               ctx.audit_details = {{"keys", keys}};
               return http::ok({{"keys", keys}});
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "costs.tag_keys.update"});

  // The upload: checked (format, account) before a byte is read, streamed to a file, then a job.
  http::RouteOptions upload{.min_role = Role::kAdmin,
                            .blocking = true,
                            .action = "costs.import.create",
                            .target_type = "cost_import",
                            .body = http::BodyMode::kStream,
                            .max_body_bytes = imports.settings().max_upload_bytes};
  upload.open_sink = [&](http::RequestContext& ctx) -> std::unique_ptr<http::BodySink> {
    imports.check(ctx.caller(), ctx.query("format").value_or(""), ctx.query("providerId").value_or(""));
    auto type = ctx.request.header("content-type");
    if (type && type->find("parquet") != std::string_view::npos)
      throw field_error("format", "Parquet files are not supported yet: export the data as CSV (.csv or .csv.gz)");
    return std::make_unique<http::FileBodySink>(
        http::FileBodySinkSettings{.directory = imports.settings().directory / "parts"});
  };
  router.add(
      "POST", "/api/v1/costs/imports",
      [&](http::RequestContext& ctx) {
        auto currency = ctx.query("currency").value_or("USD");
        if (currency.size() != 3 ||
            !std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
          throw field_error("currency", "must be an ISO 4217 code such as USD");
        auto& file = ctx.streamed_body<http::FileBodySink>();
        CostImport imp =
            imports.start(ctx.caller(), *ctx.query("format"), *ctx.query("providerId"), currency, file.bytes_written(),
                          [&](const std::filesystem::path& path) { file.commit_to(path); });
        ctx.audit_target_id = imp.id;
        ctx.audit_details = {{"providerId", imp.account_id}, {"format", imp.format}, {"bytes", imp.file_bytes}};
        return http::ok({{"jobId", imp.job_id}, {"importId", imp.id}}, 202);
      },
      upload);

  router.add("GET", "/api/v1/costs/imports/{id}",
             [&](http::RequestContext& ctx) { return http::ok(to_json(imports.get(ctx.caller(), ctx.param("id")))); },
             {.blocking = true});

  router.add("GET", "/api/v1/costs/collections",
             [&](http::RequestContext& ctx) {
               nlohmann::json items = nlohmann::json::array();
               for (const auto& c : collections.list(ctx.caller())) items.push_back(to_json(c));
               return http::ok(items);
             },
             {.blocking = true});

  router.add("POST", "/api/v1/costs/collections",
             [&](http::RequestContext& ctx) {
               auto account_id = ctx.query("providerId");
               if (!account_id || account_id->empty()) throw field_error("providerId", "is required");
               std::string job_id = collections.request(ctx.caller(), *account_id);
               ctx.audit_target_id = *account_id;
               return http::ok({{"jobId", job_id}, {"providerId", *account_id}}, 202);
             },
             {.min_role = Role::kAdmin, .blocking = true, .action = "costs.collect", .target_type = "cloud_account"});
}

}  // namespace cw::costs
