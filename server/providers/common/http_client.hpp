#pragma once
/// The HTTP client every real cloud provider shares (libcurl). One client is owned by the app and
/// handed to providers; it keeps one curl easy handle per thread so connections are reused, and
/// per account (the `account` key of each call) a circuit breaker and a request-rate limit.
///
/// A call is retried with full-jitter exponential backoff (delay = random(0, min(max, base·2^n)))
/// on network errors, timeouts, 429 and 5xx, or whatever `HttpRequest::retry_if` adds (AWS sends
/// throttling as 400 + <Code>Throttling</Code>); a Retry-After header (seconds or HTTP date) is a
/// lower bound for the next delay. The breaker counts consecutive failed attempts (network error or
/// 5xx) per account and host: at `failure_threshold` it opens and calls to that host fail at once with "CircuitOpen"
/// for `cool_down_ms`, then one probe is let through (half-open) and decides. Any HTTP answer is returned as a response
/// (callers map the provider's error body); transport failures, an open breaker and exhausted retries without an answer
/// throw ProviderError (retryable).
///
/// Clock, sleep and the jitter source are injected so tests run without waiting.
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace cw::providers::common {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  long status = 0;
  Headers headers;  // names lowercased, in order received
  std::string body;
  int attempts = 0;  // how many tries it took
  /// First value of a header (name in any case), "" when absent.
  std::string header(const std::string& name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  /// Called before every attempt (e.g. to sign with the current time); may edit the request.
  std::function<void(HttpRequest&)> prepare;
  /// Extra retryable answers beyond 429/5xx (e.g. AWS throttling codes in a 400 body).
  std::function<bool(const HttpResponse&)> retry_if;
};

struct RetryPolicy {
  int max_attempts = 4;
  Millis base_delay_ms = 200;
  Millis max_delay_ms = 20'000;
  Millis max_retry_after_ms = 60'000;  // a longer Retry-After is capped to this
};

struct BreakerPolicy {
  int failure_threshold = 5;
  Millis cool_down_ms = 30'000;
};

struct RateLimitPolicy {
  double requests_per_second = 20;  // <= 0 disables the limit
  double burst = 40;
};

struct HttpClientSettings {
  Millis connect_timeout_ms = 5'000;
  Millis total_timeout_ms = 30'000;
  RetryPolicy retry;
  BreakerPolicy breaker;
  RateLimitPolicy rate;
  std::string user_agent = "CloudWeave/0.1";
  /// Loopback and private addresses may be reached (outbound_policy.hpp); metadata never.
  bool allow_private_addresses = false;
};

/// Injected effects: the clock, how to wait, and a uniform random number in [0, 1).
struct HttpClientEffects {
  const Clock& clock;
  std::function<void(Millis)> sleep;  // default: really sleep
  std::function<double()> random;     // default: a seeded-per-process PRNG
};

class HttpClient {
 public:
  HttpClient(HttpClientSettings settings, HttpClientEffects effects);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends with rate limiting, retries and the breaker of `account`.
  HttpResponse send(const std::string& account, const HttpRequest& request);

  /// For tests and diagnostics: "closed", "open" or "half-open" (the worst of the account's
  /// per-host breakers).
  std::string breaker_state(const std::string& account) const;
  const HttpClientSettings& settings() const { return settings_; }

 private:
  struct AccountState;
  AccountState& state_of(const std::string& account);
  void admit(const std::string& account, const std::string& host);  // breaker + token bucket; may throw/sleep
  void record(const std::string& account, const std::string& host, bool failure, const std::string& cause);
  Millis backoff_ms(int attempt, const HttpResponse* response);

  HttpClientSettings settings_;
  HttpClientEffects effects_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<AccountState>> accounts_;
};

/// Why one exchange got no answer.
enum class TransportFailure { kNone, kNetwork, kTimeout, kRefusedByPolicy };

/// Performs one HTTP exchange on this thread's reused curl handle, no retries. On a transport
/// failure returns false, sets `error` in words a user can act on ("cannot reach
/// sts.amazonaws.com: DNS failure (…)") and says which kind of failure it was.
bool perform_once(const HttpRequest& request, const HttpClientSettings& settings, HttpResponse& response,
                  std::string& error, TransportFailure& failure);

/// Parses Retry-After (delta seconds or an HTTP date); -1 when absent or malformed.
Millis parse_retry_after_ms(const std::string& value, Millis now_ms);

/// Per-service endpoint override from an account's settings, e.g.
/// {"endpoints": {"s3": "http://127.0.0.1:4569", "ec2": "http://localhost:9000"}}.
class Endpoints {
 public:
  Endpoints() = default;
  /// `endpoints` is the object above (or null); throws std::invalid_argument on a non-URL value.
  explicit Endpoints(const nlohmann::json& endpoints);
  /// The override for `service` (no trailing slash), else `default_url`.
  std::string url_for(const std::string& service, const std::string& default_url) const;
  bool overridden(const std::string& service) const { return overrides_.count(service) > 0; }

 private:
  std::map<std::string, std::string> overrides_;
};

/// "Reason" when `endpoints` is not an object of service → http(s) URL; "" when valid.
std::string validate_endpoints(const nlohmann::json& endpoints);

}  // namespace cw::providers::common
