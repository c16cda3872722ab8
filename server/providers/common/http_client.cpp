#include "providers/common/http_client.hpp"

#include <sys/socket.h>

#include "providers/common/outbound_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>
#include <thread>

#include "providers/provider.hpp"

namespace cw::providers::common {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

void global_init_once() {
  static const bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

/// One easy handle per thread: curl keeps its connection cache in the handle, so consecutive
/// calls on a thread reuse keep-alive connections (curl_easy_reset keeps the cache).
struct ThreadHandle {
  CURL* curl = nullptr;
  ThreadHandle() {
    global_init_once();
    curl = curl_easy_init();
  }
  ~ThreadHandle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

CURL* thread_handle() {
  thread_local ThreadHandle handle;
  return handle.curl;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

/// Reserving the body up front matters for inventory pages of a megabyte or more: grown chunk
/// by chunk, the string is copied a dozen times into fresh memory. Capped so a lying header
/// cannot make us reserve gigabytes; a compressed body only reserves its compressed size.
constexpr size_t kMaxBodyReserve = 64u << 20;

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();  // a new response (after 100-continue): keep only the last one's headers
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = lower(trim(line.substr(0, colon)));
    std::string value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      size_t length = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec == std::errc() && end == value.data() + value.size())
        response->body.reserve(std::min(length, kMaxBodyReserve));
    }
    response->headers.emplace_back(std::move(name), std::move(value));
  }
  return size * n;
}

// 501 Not Implemented is an answer about the request, not a failing server: an emulator or a
// compatible store without that API (s3rver has no bucket encryption). Asking again cannot help.
bool retryable_status(long status) { return status == 429 || (status >= 500 && status <= 599 && status != 501); }

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  std::string key = lower(name);
  for (const auto& [k, v] : headers)
    if (k == key) return v;
  return "";
}

namespace {

/// The host of a URL, for messages ("https://sts.amazonaws.com/x" → "sts.amazonaws.com").
std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// curl's failure in words: what went wrong on the way to the host.
std::string transport_words(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "DNS failure (the host name does not resolve)";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "DNS failure (the proxy's name does not resolve)";
    case CURLE_COULDNT_CONNECT:
      return "connection refused or no route to the host";
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "its TLS certificate is not trusted";
    case CURLE_SSL_CONNECT_ERROR:
      return "TLS handshake failed";
    case CURLE_GOT_NOTHING:
      return "the connection closed without an answer";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return "the connection broke";
    default:
      return "network error";
  }
}

struct SocketGate {
  bool allow_private;
  std::string refusal;
};

/// Opens curl's sockets, refusing addresses the outbound policy forbids (after DNS).
curl_socket_t open_checked_socket(void* clientp, curlsocktype, curl_sockaddr* address) {
  auto* gate = static_cast<SocketGate*>(clientp);
  std::string refusal = outbound_refusal(&address->addr, gate->allow_private);
  if (!refusal.empty()) {
    gate->refusal = std::move(refusal);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

}  // namespace

bool perform_once(const HttpRequest& request, const HttpClientSettings& settings, HttpResponse& response,
                  std::string& error, TransportFailure& failure) {
  CURL* curl = thread_handle();
  failure = TransportFailure::kNone;
  if (!curl) {
    error = "curl_easy_init failed";
    failure = TransportFailure::kNetwork;
    return false;
  }
  curl_easy_reset(curl);
  response.body.clear();
  response.headers.clear();
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_slist* header_list = nullptr;
  for (const auto& [k, v] : request.headers) header_list = curl_slist_append(header_list, (k + ": " + v).c_str());
  // No "Expect: 100-continue" round trip for small bodies.
  header_list = curl_slist_append(header_list, "Expect:");

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.total_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, settings.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  SocketGate gate{settings.allow_private_addresses, ""};
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &gate);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate when the server offers
  // Reads of up to 256 KiB instead of curl's 16 KiB: a 1.6 MB inventory page (1,000 EC2
  // instances) arrives in a few reads instead of about a hundred read + poll pairs.
  curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 262144L);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(header_list);
  if (rc != CURLE_OK) {
    std::string host = host_of(request.url);
    if (!gate.refusal.empty()) {
      error = "will not connect to " + host + ": " + gate.refusal;
      failure = TransportFailure::kRefusedByPolicy;
      return false;
    }
    error = "cannot reach " + host + ": " + transport_words(rc) + " (" +
            (error_buffer[0] ? error_buffer : curl_easy_strerror(rc)) + ")";
    failure = rc == CURLE_OPERATION_TIMEDOUT ? TransportFailure::kTimeout : TransportFailure::kNetwork;
    return false;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return true;
}

Millis parse_retry_after_ms(const std::string& raw, Millis now_ms) {
  std::string value = trim(raw);
  if (value.empty()) return -1;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return -1;
    return std::stoll(value) * 1000;
  }
  time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return -1;
  return std::max<Millis>(0, static_cast<Millis>(at) * 1000 - now_ms);
}

// --- per-account state --------------------------------------------------------------------------

struct HttpClient::AccountState {
  struct Breaker {
    int consecutive_failures = 0;
    std::string last_failure;  // shown while the breaker is open, so it never hides the cause
    bool open = false;
    Millis open_until = 0;
    bool probe_in_flight = false;
  };
  // One breaker per host the account talks to: an unreachable service (Cost Explorer from a
  // network without a route to it) must not stop calls to the ones that work (S3 on an emulator).
  std::map<std::string, Breaker> breakers;
  // token bucket
  double tokens = 0;
  Millis refilled_at = 0;
  bool bucket_started = false;
};

HttpClient::HttpClient(HttpClientSettings settings, HttpClientEffects effects)
    : settings_(std::move(settings)), effects_(std::move(effects)) {
  global_init_once();
  if (!effects_.sleep) effects_.sleep = [](Millis ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  if (!effects_.random) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    auto guard = std::make_shared<std::mutex>();
    effects_.random = [engine, guard] {
      std::lock_guard lock(*guard);
      return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
    };
  }
}

HttpClient::~HttpClient() = default;

HttpClient::AccountState& HttpClient::state_of(const std::string& account) {
  auto& slot = accounts_[account];
  if (!slot) slot = std::make_unique<AccountState>();
  return *slot;
}

std::string HttpClient::breaker_state(const std::string& account) const {
  std::lock_guard lock(mutex_);
  auto it = accounts_.find(account);
  std::string state = "closed";
  if (it == accounts_.end()) return state;
  for (const auto& [host, b] : it->second->breakers) {
    if (!b.open) continue;
    if (effects_.clock.now_ms() < b.open_until) return "open";
    state = "half-open";
  }
  return state;
}

void HttpClient::admit(const std::string& account, const std::string& host) {
  Millis wait = 0;
  {
    std::lock_guard lock(mutex_);
    AccountState& s = state_of(account);
    AccountState::Breaker& b = s.breakers[host];
    Millis now = effects_.clock.now_ms();
    if (b.open) {
      if (now < b.open_until || b.probe_in_flight)
        throw ProviderError("CircuitOpen",
                            (b.last_failure.empty() ? "repeated failures" : b.last_failure) + " — calls to " + host +
                                " for this account are paused after " + std::to_string(b.consecutive_failures) +
                                " failures in a row, until " + format_rfc3339(b.open_until),
                            true);
      b.probe_in_flight = true;  // half-open: this call is the probe
    }
    const RateLimitPolicy& rate = settings_.rate;
    if (rate.requests_per_second > 0) {
      if (!s.bucket_started) {
        s.tokens = std::max(1.0, rate.burst);
        s.refilled_at = now;
        s.bucket_started = true;
      }
      double elapsed = static_cast<double>(now - s.refilled_at) / 1000.0;
      s.tokens = std::min(std::max(1.0, rate.burst), s.tokens + elapsed * rate.requests_per_second);
      s.refilled_at = now;
      s.tokens -= 1;  // reserve; a negative balance is the wait of this caller
      if (s.tokens < 0) wait = static_cast<Millis>(std::ceil(-s.tokens / rate.requests_per_second * 1000.0));
    }
  }
  if (wait > 0) effects_.sleep(wait);
}

void HttpClient::record(const std::string& account, const std::string& host, bool failure, const std::string& cause) {
  std::lock_guard lock(mutex_);
  AccountState::Breaker& b = state_of(account).breakers[host];
  const bool was_probe = b.probe_in_flight;
  b.probe_in_flight = false;
  if (!failure) {
    b.consecutive_failures = 0;
    b.open = false;
    return;
  }
  ++b.consecutive_failures;
  b.last_failure = cause;
  if (was_probe || b.consecutive_failures >= settings_.breaker.failure_threshold) {
    b.open = true;
    b.open_until = effects_.clock.now_ms() + settings_.breaker.cool_down_ms;
  }
}

Millis HttpClient::backoff_ms(int attempt, const HttpResponse* response) {
  const RetryPolicy& p = settings_.retry;
  double cap = std::min<double>(static_cast<double>(p.max_delay_ms),
                                static_cast<double>(p.base_delay_ms) * std::pow(2.0, attempt - 1));
  Millis delay = static_cast<Millis>(effects_.random() * cap);  // full jitter
  if (response) {
    Millis after = parse_retry_after_ms(response->header("retry-after"), effects_.clock.now_ms());
    if (after >= 0) delay = std::max(delay, std::min(after, p.max_retry_after_ms));
  }
  return delay;
}

HttpResponse HttpClient::send(const std::string& account, const HttpRequest& request) {
  const int max_attempts = std::max(1, settings_.retry.max_attempts);
  const std::string host = host_of(request.url);
  for (int attempt = 1;; ++attempt) {
    admit(account, host);
    HttpRequest attempt_request = request;
    if (request.prepare) request.prepare(attempt_request);
    HttpResponse response;
    std::string error;
    TransportFailure failure = TransportFailure::kNone;
    bool answered = perform_once(attempt_request, settings_, response, error, failure);
    response.attempts = attempt;
    // Refused by our own policy: the cloud is not failing, the configuration is; no retry.
    if (failure == TransportFailure::kRefusedByPolicy) throw ProviderError("OutboundAddressRefused", error, false);
    bool server_failure = !answered || (response.status >= 500 && response.status != 501);
    record(account, host, server_failure,
           answered ? "the provider answered HTTP " + std::to_string(response.status) + " from " + host : error);
    bool retry = !answered || retryable_status(response.status) || (request.retry_if && request.retry_if(response));
    if (!retry) return response;
    if (attempt >= max_attempts) {
      if (answered) return response;  // the caller maps the provider's error body
      throw ProviderError(failure == TransportFailure::kTimeout ? "Timeout" : "NetworkError",
                          error + " — " + std::to_string(attempt) + " attempts", true);
    }
    effects_.sleep(backoff_ms(attempt, answered ? &response : nullptr));
  }
}

// --- endpoints ---------------------------------------------------------------------------------

std::string validate_endpoints(const nlohmann::json& endpoints) {
  if (endpoints.is_null()) return "";
  if (!endpoints.is_object()) return "must be an object of service name to URL";
  for (const auto& [service, url] : endpoints.items()) {
    if (!url.is_string()) return "endpoint of " + service + " must be a string";
    const std::string& u = url.get_ref<const std::string&>();
    if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0)
      return "endpoint of " + service + " must start with http:// or https://";
    if (u.find_first_of(" \t\r\n") != std::string::npos)
      return "endpoint of " + service + " must not contain whitespace";
  }
  return "";
}

Endpoints::Endpoints(const nlohmann::json& endpoints) {
  std::string problem = validate_endpoints(endpoints);
  if (!problem.empty()) throw std::invalid_argument(problem);
  if (endpoints.is_null()) return;
  for (const auto& [service, url] : endpoints.items()) {
    std::string u = url.get<std::string>();
    while (!u.empty() && u.back() == '/') u.pop_back();
    overrides_[service] = u;
  }
}

std::string Endpoints::url_for(const std::string& service, const std::string& default_url) const {
  auto it = overrides_.find(service);
  return it == overrides_.end() ? default_url : it->second;
}

}  // namespace cw::providers::common
