#include "http/router.hpp"

#include <stdexcept>

namespace cw::http {

namespace {
std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "GET /api/v1/api-keys" → "api_keys.read": the area is the first segment after the version.
std::string default_action(const std::string& method, const std::vector<std::string>& segments) {
  size_t first = segments.size() > 2 && segments[0] == "api" ? 2 : 0;
  std::string area = first < segments.size() ? segments[first] : "root";
  for (auto& c : area) c = c == '-' ? '_' : c;
  if (area.empty()) area = "root";
  std::string verb = method == "GET" ? "read" : method == "POST" ? "create" : method == "DELETE" ? "delete" : "update";
  return area + "." + verb;
}
}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern[0] != '/') throw std::logic_error("route must start with /");
  if (options.body == BodyMode::kStream && (!options.open_sink || options.max_body_bytes == 0))
    throw std::logic_error("a streamed-body route needs open_sink and max_body_bytes: " + pattern);
  Route route{std::move(method), pattern, split(pattern), std::move(handler), std::move(options)};
  if (route.options.action.empty()) route.options.action = default_action(route.method, route.segments);
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
  RouteMatch result;
  std::string trimmed = path;
  if (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  auto segments = split(trimmed);
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool matched = true;
    for (size_t i = 0; i < segments.size() && matched; ++i) {
      const std::string& want = route.segments[i];
      if (is_param(want)) {
        if (segments[i].empty())
          matched = false;
        else
          params[want.substr(1, want.size() - 2)] = segments[i];
      } else if (want != segments[i]) {
        matched = false;
      }
    }
    if (!matched) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    result.allowed.push_back(route.method);
  }
  return result;
}

}  // namespace cw::http
