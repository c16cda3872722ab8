#pragma once
/// Everything that happens around a route handler, in one place and in this order: request id,
/// CORS preflight, rate limit by address, routing (404/405), authentication, rate limit by user,
/// role check (403, audited), the handler, error mapping (ApiError → envelope, anything else →
/// 500 with no internals), audit of state changes, security headers, metrics and access log.
#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace cw::http {

/// Verifies credentials; implemented by the auth domain.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  /// From `Authorization: Bearer` or `X-API-Key`. Throws AUTHENTICATION_ERROR.
  virtual Principal authenticate(const Request& request) = 0;
  /// An access token alone (WebSocket handshake). nullopt when invalid or expired.
  virtual std::optional<Principal> verify_access_token(std::string_view token) = 0;
};

struct AuditEvent {
  std::string organization_id;  // empty when unknown (e.g. a failed login for no account)
  std::string user_id, user_email, api_key_id;
  std::string action, method, path, target_type, target_id;
  std::string result;  // success | denied | failure
  int status_code = 0;
  std::string request_id, ip_address;
  std::string details_json;  // empty or a JSON object
};
using AuditSink = std::function<void(const AuditEvent&)>;

struct PipelineSettings {
  std::vector<std::string> cors_origins;
  int rate_limit_per_minute = 1200;  // per address and per user; 0 disables
  bool access_log = true;
};

/// One request on its way through the pipeline. handle() runs every phase at once; a route with
/// a streamed body needs them apart (admit → the server reads the body into the sink → run →
/// conclude), so that the caller is authenticated and authorized before a byte is read.
struct Exchange {
  explicit Exchange(const Request& request);
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  const Request& request;
  std::string request_id;
  RequestContext ctx;
  std::chrono::steady_clock::time_point started;
  std::string route_label = "unmatched";
  const Route* route = nullptr;
  std::optional<Response> response;  // set once answered: an early answer, an error, the handler
};

class Pipeline {
 public:
  Pipeline(PipelineSettings settings, Router& router, Authenticator& auth, AuditSink audit, RateLimiter& limiter,
           MetricsRegistry& metrics, const StaticFiles& static_files, const Clock& clock);

  /// Routes the request once; the server looks at `route->options.blocking` to pick the thread
  /// (IO thread or worker pool) and passes the match back to handle().
  RouteMatch match(const Request& request) const;
  Response handle(const Request& request, RouteMatch match);
  Response handle(const Request& request) { return handle(request, match(request)); }

  // handle() in phases, for streamed bodies (see Exchange).
  /// Everything before the handler; an early answer or an error lands in exchange.response.
  void admit(Exchange& exchange, RouteMatch match);
  /// Answers with `error`, mapped exactly as an exception from a handler would be.
  void fail(Exchange& exchange, const std::exception_ptr& error);
  /// The handler, unless the exchange is already answered.
  void run(Exchange& exchange);
  /// Audit, security headers, metrics and the access log; returns the response to send.
  Response conclude(Exchange& exchange);

  /// Builds an error response outside a route (malformed request, 413 before the body).
  Response error_response(const Request* request, int status, const char* code, const std::string& message,
                          const std::string& request_id = {}) const;
  Authenticator& authenticator() { return auth_; }

 private:
  /// Preflight, static files, limits, routing, authentication, roles: an answer when the
  /// request ends here, nullopt when the handler is next.
  std::optional<Response> screen(const Request& request, RouteMatch& match, RequestContext& ctx,
                                 std::string& route_label, const Route*& route);
  /// The one place an exception becomes an error response.
  Response error_for(const std::exception_ptr& error, const std::string& request_id,
                     const std::string& route_label) const;
  void finish(const Request& request, Response& response, const std::string& request_id) const;
  void audit(const Request& request, const RequestContext& ctx, const Route& route, int status) const;

  PipelineSettings settings_;
  Router& router_;
  Authenticator& auth_;
  AuditSink audit_;
  RateLimiter& limiter_;
  MetricsRegistry& metrics_;
  const StaticFiles& static_files_;
  const Clock& clock_;
};

/// A sane client-supplied X-Request-ID is echoed; otherwise a new one is generated.
std::string request_id_for(const Request& request);
std::string new_request_id();

}  // namespace cw::http
