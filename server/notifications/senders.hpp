#pragma once
/// Sending one notification over one channel: a signed webhook POST, a Slack incoming-webhook
/// message, or a mail over SMTP (libcurl). One attempt each; the delivery job retries.
#include <string>
#include <vector>

#include "notifications/model.hpp"

namespace cw::notifications {

struct Outgoing {
  std::string notification_id, organization_id;
  Content content;
  std::vector<std::string> recipients;  // email: who gets the mail
};

struct SendSettings {
  bool allow_private_addresses = false;  // CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE
  long timeout_ms = 10'000;
};

/// Empty when delivered; otherwise what went wrong, as an operator would want to read it
/// ("webhook answered HTTP 500", "SMTP server refused the login", "could not resolve host …").
std::string send(const Channel& channel, const Outgoing& message, const SendSettings& settings);

/// The X-CloudWeave-Signature header value: "t=<unix seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>" with the channel's secret>".
std::string webhook_signature(const std::string& secret, long long unix_seconds, const std::string& body);

/// The webhook JSON body (also what the signature covers).
std::string webhook_body(const Outgoing& message);

}  // namespace cw::notifications
