#pragma once
/// Method + path routing with `{name}` parameters. Each route declares what the pipeline enforces
/// around it: whether a caller must be authenticated, the least role it needs, whether the handler
/// blocks (runs on the worker pool instead of an IO thread), the audit action name, and how its
/// request body arrives: whole in memory (JSON, under the server's limit) or streamed to a sink.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "http/body_sink.hpp"
#include "http/context.hpp"

namespace cw::http {

using Handler = std::function<Response(RequestContext&)>;

enum class BodyMode {
  kBuffered,  // read whole into Request::body, at most ServerSettings::max_body_bytes
  kStream,    // written chunk by chunk to the sink `open_sink` returns (uploads)
};

/// Opens the sink for one streamed body. Called after authentication and the role check,
/// before a byte of the body is read; it may throw ApiError to refuse (nothing is read then).
/// Runs where the handler does (IO thread, or the pool for a blocking route): creating a file
/// is fine on an IO thread, a database lookup is not.
using SinkFactory = std::function<std::unique_ptr<BodySink>(RequestContext&)>;

struct RouteOptions {
  bool authenticated = true;
  Role min_role = Role::kViewer;
  bool blocking = false;    // password hashing, provider calls, big exports
  std::string action;       // audit action, e.g. "users.create"; default "<area>.<verb>"
  std::string target_type;  // audit target type, e.g. "user"; target id = last path param
  /// Reads are not audited, except where reading is the event (a vault download, a share
  /// link opened): then every answer is, successful or not.
  bool audit_reads = false;
  /// With kStream the handler runs once the body is in the sink (RequestContext::body_sink);
  /// a body over `max_body_bytes` is refused with 413 and the sink aborted.
  BodyMode body = BodyMode::kBuffered;
  uint64_t max_body_bytes = 0;  // kStream only; required
  SinkFactory open_sink;        // kStream only; required
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;  // set when found
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;  // when the path exists under other methods
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  RouteMatch match(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace cw::http
