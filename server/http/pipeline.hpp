#pragma once
/// Everything that happens around a route handler, in one place and in this order: request id,
/// CORS preflight, rate limit by address, routing (404/405), authentication, rate limit by user,
/// role check (403, audited), the handler, error mapping (ApiError → envelope, anything else →
/// 500 with no internals), audit of state changes, security headers, metrics and access log.
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

class Pipeline {
 public:
  Pipeline(PipelineSettings settings, Router& router, Authenticator& auth, AuditSink audit,
           RateLimiter& limiter, MetricsRegistry& metrics, const StaticFiles& static_files,
           const Clock& clock);

  /// Routes the request once; the server looks at `route->options.blocking` to pick the thread
  /// (IO thread or worker pool) and passes the match back to handle().
  RouteMatch match(const Request& request) const;
  Response handle(const Request& request, RouteMatch match);
  Response handle(const Request& request) { return handle(request, match(request)); }
  /// Builds an error response outside a route (malformed request, 413 before the body).
  Response error_response(const Request* request, int status, const char* code,
                          const std::string& message, const std::string& request_id = {}) const;
  Authenticator& authenticator() { return auth_; }

 private:
  Response dispatch(const Request& request, RouteMatch& match, RequestContext& ctx,
                    std::string& route_label, const Route*& route);
  void finish(const Request& request, Response& response, const std::string& request_id) const;
  void audit(const Request& request, const RequestContext& ctx, const Route& route,
             int status) const;

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
