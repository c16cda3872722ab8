#include "notifications/senders.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstring>

#include "core/crypto.hpp"
#include "core/json_text.hpp"
#include "providers/common/http_client.hpp"
#include "providers/common/outbound_policy.hpp"

namespace cw::notifications {

namespace {

long long unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string post_json(const std::string& url, const std::string& body, providers::common::Headers headers,
                      const SendSettings& settings, const char* what) {
  providers::common::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.body = body;
  headers.emplace_back("Content-Type", "application/json");
  request.headers = std::move(headers);
  providers::common::HttpClientSettings http;
  http.allow_private_addresses = settings.allow_private_addresses;
  http.connect_timeout_ms = std::min<long>(settings.timeout_ms, 5'000);
  http.total_timeout_ms = settings.timeout_ms;
  http.user_agent = "CloudWeave-Notifications/1";
  providers::common::HttpResponse response;
  std::string error;
  providers::common::TransportFailure failure;
  if (!providers::common::perform_once(request, http, response, error, failure)) return error;
  if (response.status < 200 || response.status >= 300) {
    std::string text = response.body.substr(0, 200);
    return std::string(what) + " answered HTTP " + std::to_string(response.status) + (text.empty() ? "" : ": " + text);
  }
  return "";
}

// Header values come from event text: a CR or LF would start a header of the sender's choosing.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\r' || c == '\n') c = ' ';
  return text;
}

std::string rfc5322_date() {
  char buffer[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buffer;
}

struct MailPayload {
  std::string text;
  size_t sent = 0;
};

size_t read_mail(char* out, size_t size, size_t count, void* user) {
  auto* payload = static_cast<MailPayload*>(user);
  size_t n = std::min(size * count, payload->text.size() - payload->sent);
  std::memcpy(out, payload->text.data() + payload->sent, n);
  payload->sent += n;
  return n;
}

struct SocketGate {
  bool allow_private;
  std::string refusal;
};

curl_socket_t open_checked_socket(void* clientp, curlsocktype, curl_sockaddr* address) {
  auto* gate = static_cast<SocketGate*>(clientp);
  gate->refusal = providers::common::outbound_refusal(&address->addr, gate->allow_private);
  if (!gate->refusal.empty()) return CURL_SOCKET_BAD;
  return ::socket(address->family, address->socktype, address->protocol);
}

std::string send_mail(const Channel& channel, const Outgoing& message, const SendSettings& settings) {
  if (message.recipients.empty()) return "no recipients: the channel has no `to` list and no member chose email";
  const auto& config = channel.config;
  std::string host = config.value("host", "");
  int port = config.value("port", 587);
  std::string from = config.value("from", "");
  std::string where = host + ":" + std::to_string(port);

  MailPayload payload;
  std::string to_header;
  for (const auto& r : message.recipients) to_header += (to_header.empty() ? "" : ", ") + r;
  const Content& c = message.content;
  payload.text = "Date: " + rfc5322_date() + "\r\nFrom: " + one_line(from) + "\r\nTo: " + one_line(to_header) +
                 "\r\nSubject: [CloudWeave] " + one_line(c.title) + "\r\nMessage-ID: <" + message.notification_id +
                 "@cloudweave>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + c.message +
                 (c.kind.empty() ? "\r\n" : "\r\n\r\nKind: " + c.kind + ", level: " + c.level + "\r\n");

  CURL* curl = curl_easy_init();
  if (!curl) return "curl_easy_init failed";
  std::string url = "smtp://" + where;
  curl_slist* rcpt = nullptr;
  for (const auto& r : message.recipients) rcpt = curl_slist_append(rcpt, ("<" + r + ">").c_str());
  char error_buffer[CURL_ERROR_SIZE] = {0};
  SocketGate gate{settings.allow_private_addresses, ""};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_mail);
  curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(settings.timeout_ms, 5'000));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, settings.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &gate);
  // STARTTLS required when asked for: never fall back to sending the password in the clear.
  if (config.value("starttls", true)) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  std::string username = config.value("username", "");
  std::string password = channel.secrets.value("password", "");
  if (!username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return "";
  if (!gate.refusal.empty()) return "will not connect to " + where + ": " + gate.refusal;
  std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
  switch (rc) {
    case CURLE_LOGIN_DENIED:
      return "SMTP server " + where + " refused the login: " + detail;
    case CURLE_COULDNT_RESOLVE_HOST:
      return "could not resolve host " + host;
    case CURLE_COULDNT_CONNECT:
      return "could not connect to SMTP server " + where + ": " + detail;
    case CURLE_OPERATION_TIMEDOUT:
      return "SMTP server " + where + " did not answer in time";
    case CURLE_USE_SSL_FAILED:
      return "SMTP server " + where + " does not offer STARTTLS";
    default:
      return "SMTP to " + where + " failed: " + detail;
  }
}

}  // namespace

std::string webhook_signature(const std::string& secret, long long unix_seconds, const std::string& body) {
  std::string t = std::to_string(unix_seconds);
  return "t=" + t + ",v1=" + crypto::to_hex(crypto::hmac_sha256(secret, t + "." + body));
}

std::string webhook_body(const Outgoing& m) {
  const Content& c = m.content;
  return dump_json({{"id", m.notification_id},
                    {"organizationId", m.organization_id},
                    {"kind", c.kind},
                    {"level", c.level},
                    {"title", c.title},
                    {"message", c.message},
                    {"link", c.link ? nlohmann::json(*c.link) : nlohmann::json(nullptr)},
                    {"createdAt", format_rfc3339(c.created_at)}});
}

std::string send(const Channel& channel, const Outgoing& message, const SendSettings& settings) {
  if (channel.type == "webhook") {
    std::string body;
    if (message.content.webhook_body) {
      nlohmann::json own = *message.content.webhook_body;
      own["receiver"] = channel.name;
      body = dump_json(own);
    } else {
      body = webhook_body(message);
    }
    providers::common::Headers headers{{"X-CloudWeave-Event", message.content.kind},
                                       {"X-CloudWeave-Delivery", message.notification_id}};
    std::string secret = channel.secrets.value("secret", "");
    if (!secret.empty()) headers.emplace_back("X-CloudWeave-Signature", webhook_signature(secret, unix_now(), body));
    return post_json(channel.secrets.value("url", ""), body, headers, settings, "webhook");
  }
  if (channel.type == "slack") {
    const Content& c = message.content;
    std::string body = dump_json({{"text", "*" + c.title + "*\n" + c.message}});
    return post_json(channel.secrets.value("url", ""), body, {}, settings, "Slack");
  }
  if (channel.type == "email") return send_mail(channel, message, settings);
  return "channel type " + channel.type + " does not send";
}

}  // namespace cw::notifications
