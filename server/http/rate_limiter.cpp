#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "storage/redis_client.hpp"

namespace cw::http {

namespace {
// KEYS[1] bucket; ARGV: capacity, refill/s, cost, now_ms. Returns {allowed, retry_ms, remaining*1000}.
constexpr const char* kTokenBucketScript = R"lua(
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3]); local now = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(b[1]) or cap
local updated = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - updated) / 1000 * rate)
local allowed = 0
local retry = 0
if tokens >= cost and (cost > 0 or tokens >= 1) then
  tokens = tokens - cost
  allowed = 1
else
  local need = math.max(cost, 1) - tokens
  retry = math.ceil(need / rate * 1000)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
return {allowed, retry, math.floor(tokens * 1000)}
)lua";
}  // namespace

Decision RateLimiter::take(const std::string& key, const BucketSpec& spec, double cost) {
  if (redis_) {
    auto reply =
        redis_->command({"EVAL", kTokenBucketScript, "1", "cw:rl:" + key, std::to_string(spec.capacity),
                         std::to_string(spec.refill_per_sec), std::to_string(cost), std::to_string(clock_.now_ms())});
    if (reply && reply->elements.size() == 3) {
      Decision d;
      d.allowed = reply->elements[0].integer == 1;
      d.retry_after_seconds = d.allowed ? 0 : std::max(1, static_cast<int>((reply->elements[1].integer + 999) / 1000));
      d.remaining = static_cast<double>(reply->elements[2].integer) / 1000.0;
      return d;
    }
    // Redis unavailable: fall through to local limits rather than failing every request.
  }
  return take_local(key, spec, cost);
}

Decision RateLimiter::take_local(const std::string& key, const BucketSpec& spec, double cost) {
  Millis now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  if (now - last_sweep_ > 60'000 && buckets_.size() > 10'000) {
    // Forget full buckets so a scan over many addresses cannot grow memory without bound.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double refilled = it->second.tokens + (now - it->second.updated) / 1000.0 * spec.refill_per_sec;
      it = refilled >= spec.capacity ? buckets_.erase(it) : std::next(it);
    }
    last_sweep_ = now;
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{spec.capacity, now});
  Bucket& b = it->second;
  b.tokens = std::min(spec.capacity, b.tokens + std::max<Millis>(0, now - b.updated) / 1000.0 * spec.refill_per_sec);
  b.updated = now;
  Decision d;
  double need = std::max(cost, 1.0);
  if (b.tokens >= need || (cost > 0 && b.tokens >= cost)) {
    b.tokens -= cost;
    d.allowed = true;
  } else {
    d.allowed = false;
    d.retry_after_seconds = std::max(1, static_cast<int>(std::ceil((need - b.tokens) / spec.refill_per_sec)));
  }
  d.remaining = b.tokens;
  return d;
}

}  // namespace cw::http
