#pragma once
/// Method + path routing with `{name}` parameters. Each route declares what the pipeline enforces
/// around it: whether a caller must be authenticated, the least role it needs, whether the handler
/// blocks (runs on the worker pool instead of an IO thread) and the audit action name.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "http/context.hpp"

namespace cw::http {

using Handler = std::function<Response(RequestContext&)>;

struct RouteOptions {
  bool authenticated = true;
  Role min_role = Role::kViewer;
  bool blocking = false;        // password hashing, provider calls, big exports
  std::string action;           // audit action, e.g. "users.create"; default "<area>.<verb>"
  std::string target_type;      // audit target type, e.g. "user"; target id = last path param
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;           // set when found
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;       // when the path exists under other methods
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
