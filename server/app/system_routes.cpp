#include "app/system_routes.hpp"

#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

namespace cw::app {

void register_system_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/v1/health",
             [&s](http::RequestContext&) {
               bool db_ok = s.db->ping();
               std::string redis = !s.redis ? "disabled" : s.redis->ping() ? "ok" : "error";
               bool healthy = db_ok && redis != "error";
               http::Response r;
               r.status = healthy ? 200 : 503;
               r.body = dump_json({{"status", healthy ? "ok" : "degraded"},
                                   {"version", CLOUDWEAVE_VERSION},
                                   {"checks", {{"database", db_ok ? "ok" : "error"}, {"redis", redis}}}});
               return r;
             },
             {.authenticated = false});

  router.add("GET", "/metrics",
             [&s](http::RequestContext&) {
               http::Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = s.metrics.render();
               return r;
             },
             {.authenticated = false});

  router.add("GET", "/api/v1/openapi.json",
             [](http::RequestContext&) {
               http::Response r;
               r.body = std::string(embedded_openapi_json());
               r.set_header("Cache-Control", "public, max-age=300");
               return r;
             },
             {.authenticated = false});
}

}  // namespace cw::app
