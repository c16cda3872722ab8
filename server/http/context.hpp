#pragma once
/// Everything a route handler gets: the request, its path parameters, the authenticated caller,
/// and what the audit log should say about the action.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

#include "core/principal.hpp"
#include "http/body_sink.hpp"
#include "http/message.hpp"

namespace cw::http {

class RequestContext {
 public:
  RequestContext(const Request& request, std::string request_id)
      : request(request), request_id(std::move(request_id)) {}

  const Request& request;
  std::string request_id;
  std::map<std::string, std::string> params;
  std::optional<Principal> principal;

  /// The caller; only valid on routes that require authentication (asserted by the router).
  const Principal& caller() const { return *principal; }
  const std::string& param(const std::string& name) const { return params.at(name); }
  std::optional<std::string> query(const std::string& name) const;

  /// On a streamed-body route (BodyMode::kStream): the sink the route opened, finished, holding
  /// the whole body. The route knows its type (e.g. FileBodySink to commit the file).
  template <typename Sink>
  Sink& streamed_body() const {
    return dynamic_cast<Sink&>(*body_sink);
  }
  BodySink* body_sink = nullptr;

  /// The body as a JSON object. 415 when the content type is not JSON, 400 INVALID_JSON when it
  /// does not parse, is empty or is not an object.
  const nlohmann::json& json();

  // Audit annotations a handler may set (the pipeline writes the entry).
  std::string audit_action;  // instead of the route's (a preview is audited as a view, not a download)
  std::string audit_target_type;
  std::string audit_target_id;
  nlohmann::json audit_details;
  /// For unauthenticated actions (login, register) the handler names who acted.
  std::optional<Principal> audit_actor;

 private:
  std::optional<nlohmann::json> json_;
};

}  // namespace cw::http
