#include "http/pipeline.hpp"

#include "core/json_text.hpp"

#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/json_body.hpp"
#include "core/log.hpp"
#include "storage/database.hpp"

namespace cw::http {

namespace {
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
    "frame-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

bool is_mutating(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool plausible_id(const std::string& id) {
  auto underscore = id.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 >= id.size() || id.size() > 64) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = i < underscore ? (c >= 'a' && c <= 'z') : i == underscore || std::isalnum(static_cast<unsigned char>(c));
    if (!ok) return false;
  }
  return true;
}

bool exempt_from_rate_limit(const std::string& path) { return path == "/api/v1/health" || path == "/metrics"; }
}  // namespace

std::string request_id_for(const Request& request) {
  if (auto incoming = request.header("x-request-id")) {
    bool sane = !incoming->empty() && incoming->size() <= 128;
    for (char c : *incoming) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') sane = false;
    }
    if (sane) return std::string(*incoming);
  }
  return new_request_id();
}

std::string new_request_id() {
  // Unique, not secret: a per-thread generator seeded from the OS avoids a syscall per request.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  char buf[25];
  std::snprintf(buf, sizeof buf, "%016llx%08x", static_cast<unsigned long long>(generator()),
                static_cast<unsigned>(generator()));
  return buf;
}

Pipeline::Pipeline(PipelineSettings settings, Router& router, Authenticator& auth, AuditSink audit,
                   RateLimiter& limiter, MetricsRegistry& metrics, const StaticFiles& static_files, const Clock& clock)
    : settings_(std::move(settings)),
      router_(router),
      auth_(auth),
      audit_(std::move(audit)),
      limiter_(limiter),
      metrics_(metrics),
      static_files_(static_files),
      clock_(clock) {
  metrics_.describe("cloudweave_http_requests_total", "counter", "HTTP requests by route and status");
  metrics_.describe("cloudweave_http_request_duration_seconds", "histogram", "HTTP request latency by route");
}

RouteMatch Pipeline::match(const Request& request) const { return router_.match(request.method, request.path); }

Response Pipeline::error_response(const Request* request, int status, const char* code, const std::string& message,
                                  const std::string& request_id) const {
  Response r;
  r.status = status;
  std::string id = !request_id.empty() ? request_id : request ? request_id_for(*request) : new_request_id();
  r.body = dump_json({{"success", false},
                      {"error",
                       {{"code", code},
                        {"message", message},
                        {"details", nullptr},
                        {"requestId", id},
                        {"timestamp", format_rfc3339(clock_.now_ms())}}}});
  Request empty;
  finish(request ? *request : empty, r, id);
  return r;
}

Exchange::Exchange(const Request& request)
    : request(request),
      request_id(request_id_for(request)),
      ctx(request, request_id),
      started(std::chrono::steady_clock::now()) {}

Response Pipeline::handle(const Request& request, RouteMatch match) {
  Exchange exchange(request);
  admit(exchange, std::move(match));
  run(exchange);
  return conclude(exchange);
}

void Pipeline::admit(Exchange& ex, RouteMatch match) {
  try {
    ex.response = screen(ex.request, match, ex.ctx, ex.route_label, ex.route);
  } catch (...) { ex.response = error_for(std::current_exception(), ex.request_id, ex.route_label); }
}

void Pipeline::fail(Exchange& ex, const std::exception_ptr& error) {
  ex.response = error_for(error, ex.request_id, ex.route_label);
}

void Pipeline::run(Exchange& ex) {
  if (ex.response) return;
  try {
    ex.response = ex.route->handler(ex.ctx);
  } catch (...) { ex.response = error_for(std::current_exception(), ex.request_id, ex.route_label); }
}

Response Pipeline::error_for(const std::exception_ptr& error, const std::string& request_id,
                             const std::string& route_label) const {
  Response response;
  try {
    std::rethrow_exception(error);
  } catch (const ApiError& e) {
    response.status = error_code_status(e.code());
    response.content_type = "application/json";
    response.body = dump_json({{"success", false},
                               {"error",
                                {{"code", error_code_name(e.code())},
                                 {"message", e.what()},
                                 {"details", e.details()},
                                 {"requestId", request_id},
                                 {"timestamp", format_rfc3339(clock_.now_ms())}}}});
    if (e.retry_after() > 0) response.set_header("Retry-After", std::to_string(e.retry_after()));
    if (e.code() == ErrorCode::kMethodNotAllowed && e.details().contains("allowed")) {
      std::string allow;
      for (const auto& m : e.details()["allowed"]) allow += (allow.empty() ? "" : ", ") + m.get<std::string>();
      response.set_header("Allow", allow);
    }
  } catch (const storage::DatabaseError& e) {
    bool unavailable = e.unavailable();
    log::error("database error", {{"requestId", request_id}, {"route", route_label}, {"error", e.what()}});
    response.status = unavailable ? 503 : 500;
    response.content_type = "application/json";
    response.body = dump_json(
        {{"success", false},
         {"error",
          {{"code", unavailable ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR"},
           {"message", unavailable ? "the database is unavailable, try again shortly" : "an internal error occurred"},
           {"details", nullptr},
           {"requestId", request_id},
           {"timestamp", format_rfc3339(clock_.now_ms())}}}});
  } catch (const std::exception& e) {
    // The detail goes to the log with the request id; the client only gets the id.
    log::error("unhandled exception", {{"requestId", request_id}, {"route", route_label}, {"error", e.what()}});
    response.status = 500;
    response.content_type = "application/json";
    response.body = dump_json({{"success", false},
                               {"error",
                                {{"code", "INTERNAL_ERROR"},
                                 {"message", "an internal error occurred"},
                                 {"details", nullptr},
                                 {"requestId", request_id},
                                 {"timestamp", format_rfc3339(clock_.now_ms())}}}});
  }
  return response;
}

Response Pipeline::conclude(Exchange& ex) {
  const Request& request = ex.request;
  const std::string& request_id = ex.request_id;
  const Route* route = ex.route;
  RequestContext& ctx = ex.ctx;
  // Never unset by the phases above; an internal error is still an answer, not a crash.
  Response response =
      ex.response ? std::move(*ex.response)
                  : error_for(std::make_exception_ptr(std::logic_error("no response")), request_id, ex.route_label);
  ex.response.reset();
  const std::string& route_label = ex.route_label;
  auto started = ex.started;
  // Every state change is audited, and so is every denied request (a read included).
  if (route && (is_mutating(request.method) || route->options.audit_reads || response.status == 403) &&
      response.status != 429) {
    try {
      audit(request, ctx, *route, response.status);
    } catch (const std::exception& e) {
      log::error("audit write failed", {{"requestId", request_id}, {"error", e.what()}});
    }
  }
  finish(request, response, request_id);

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string status = std::to_string(response.status);
  metrics_.increment("cloudweave_http_requests_total",
                     {{"method", request.method}, {"route", route_label}, {"status", status}});
  metrics_.observe("cloudweave_http_request_duration_seconds", {{"route", route_label}}, seconds);
  if (settings_.access_log && log::enabled(log::Level::kInfo)) {
    nlohmann::json fields{{"requestId", request_id},        {"method", request.method},
                          {"route", route_label},           {"status", response.status},
                          {"durationMs", seconds * 1000.0}, {"remote", request.remote_address}};
    if (ctx.principal) {
      fields["userId"] = ctx.principal->user_id.empty() ? nullptr : nlohmann::json(ctx.principal->user_id);
      fields["orgId"] = ctx.principal->organization_id;
      if (!ctx.principal->api_key_id.empty()) fields["apiKeyId"] = ctx.principal->api_key_id;
    }
    log::info("request", fields);
  }
  return response;
}

std::optional<Response> Pipeline::screen(const Request& request, RouteMatch& match, RequestContext& ctx,
                                         std::string& route_label, const Route*& route) {
  // CORS preflight: answered before routing, only for configured origins.
  auto origin = request.header("origin");
  if (request.method == "OPTIONS" && origin && request.header("access-control-request-method")) {
    route_label = "preflight";
    bool allowed = false;
    for (const auto& o : settings_.cors_origins) allowed = allowed || o == *origin || o == "*";
    if (!allowed) throw ApiError(ErrorCode::kAuthorization, "origin not allowed");
    Response r = no_content();
    r.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    r.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-API-Key, X-Request-ID");
    r.set_header("Access-Control-Max-Age", "600");
    return r;
  }

  bool api = request.path.rfind("/api/", 0) == 0 || request.path == "/metrics";
  if (!api) {
    route_label = "static";
    if (request.method == "GET" || request.method == "HEAD") {
      if (auto r = static_files_.serve(request)) return *r;
    }
    throw ApiError(ErrorCode::kNotFound, "no such page: " + request.path);
  }

  if (settings_.rate_limit_per_minute > 0 && !exempt_from_rate_limit(request.path)) {
    double per_minute = settings_.rate_limit_per_minute;
    auto d = limiter_.take("ip:" + request.remote_address, {per_minute, per_minute / 60.0});
    if (!d.allowed)
      throw ApiError(ErrorCode::kRateLimited, "too many requests from this address")
          .with_retry_after(d.retry_after_seconds);
  }

  if (!match.route) {
    if (!match.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      throw ApiError(ErrorCode::kMethodNotAllowed, request.method + " is not allowed here; allowed: " + allow,
                     nlohmann::json{{"allowed", match.allowed}});
    }
    throw ApiError(ErrorCode::kNotFound, "no such endpoint: " + request.path);
  }
  route = match.route;
  route_label = route->method + " " + route->pattern;
  ctx.params = std::move(match.params);
  // Our ids are "<prefix>_<base32>": anything else names nothing, and never reaches the database.
  if (auto id = ctx.params.find("id"); id != ctx.params.end() && !plausible_id(id->second))
    throw ApiError(ErrorCode::kNotFound, "no such resource: " + id->second);
  for (const auto& [key, value] : request.query) {
    if (!valid_utf8(key) || !valid_utf8(value))
      throw field_error(valid_utf8(key) ? key : "query", "must be valid UTF-8");
  }

  if (route->options.authenticated) {
    ctx.principal = auth_.authenticate(request);
    if (settings_.rate_limit_per_minute > 0) {
      double per_minute = settings_.rate_limit_per_minute;
      std::string who =
          ctx.principal->api_key_id.empty() ? "user:" + ctx.principal->user_id : "key:" + ctx.principal->api_key_id;
      auto d = limiter_.take(who, {per_minute, per_minute / 60.0});
      if (!d.allowed)
        throw ApiError(ErrorCode::kRateLimited, "too many requests for this user")
            .with_retry_after(d.retry_after_seconds);
    }
    if (!role_at_least(ctx.principal->role, route->options.min_role)) {
      throw ApiError(ErrorCode::kAuthorization,
                     std::string("this action needs the ") + role_name(route->options.min_role) + " role or higher",
                     nlohmann::json{{"requiredRole", role_name(route->options.min_role)},
                                    {"role", role_name(ctx.principal->role)}});
    }
  }
  return std::nullopt;
}

void Pipeline::audit(const Request& request, const RequestContext& ctx, const Route& route, int status) const {
  if (!audit_) return;
  const Principal* who = ctx.principal ? &*ctx.principal : ctx.audit_actor ? &*ctx.audit_actor : nullptr;
  AuditEvent e;
  if (who) {
    e.organization_id = who->organization_id;
    e.user_id = who->user_id;
    e.user_email = who->email;
    e.api_key_id = who->api_key_id;
  }
  e.action = ctx.audit_action.empty() ? route.options.action : ctx.audit_action;
  e.method = request.method;
  e.path = request.path;
  e.target_type = !ctx.audit_target_type.empty() ? ctx.audit_target_type : route.options.target_type;
  e.target_id = ctx.audit_target_id;
  if (e.target_id.empty() && !ctx.params.empty()) e.target_id = ctx.params.rbegin()->second;
  if (ctx.params.count("id")) e.target_id = ctx.params.at("id");
  e.result = status < 400 ? "success" : (status == 401 || status == 403) ? "denied" : "failure";
  e.status_code = status;
  e.request_id = ctx.request_id;
  e.ip_address = request.remote_address;
  if (!ctx.audit_details.is_null()) e.details_json = dump_json(ctx.audit_details);
  audit_(e);
}

void Pipeline::finish(const Request& request, Response& response, const std::string& request_id) const {
  response.set_header("X-Request-ID", request_id);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  // A handler's own policy wins: a vault download sets `sandbox`, stricter than the UI's.
  bool has_policy = false;
  for (auto& [n, v] : response.headers) has_policy = has_policy || n == "Content-Security-Policy";
  if (!has_policy) response.set_header("Content-Security-Policy", kContentSecurityPolicy);
  response.set_header("Cross-Origin-Opener-Policy", "same-origin");
  response.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (request.header("x-forwarded-proto").value_or("") == "https")
    response.set_header("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (request.path.rfind("/api/", 0) == 0) {
    bool has_cache = false;
    for (auto& [n, v] : response.headers) has_cache = has_cache || n == "Cache-Control";
    if (!has_cache) response.set_header("Cache-Control", "no-store");
  }
  if (auto origin = request.header("origin")) {
    for (const auto& o : settings_.cors_origins) {
      if (o == *origin || o == "*") {
        response.set_header("Access-Control-Allow-Origin", std::string(*origin));
        response.set_header("Access-Control-Expose-Headers", "X-Request-ID, Retry-After");
        response.set_header("Vary", "Origin");
        break;
      }
    }
  }
}

}  // namespace cw::http
