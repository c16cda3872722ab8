#pragma once
/// Token buckets keyed by a string ("ip:1.2.3.4", "user:usr_…", "login:alice@x"). With Redis the
/// buckets live there (one Lua script, atomic) so replicas share limits; without it, or while
/// Redis is down, they live in this process.
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace cw::storage {
class RedisClient;
}

namespace cw::http {

struct BucketSpec {
  double capacity;        // burst size
  double refill_per_sec;  // steady rate
};

struct Decision {
  bool allowed = true;
  int retry_after_seconds = 0;
  double remaining = 0;
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, storage::RedisClient* redis) : clock_(clock), redis_(redis) {}

  /// Takes `cost` tokens if available. cost 0 only asks whether a token is available.
  Decision take(const std::string& key, const BucketSpec& spec, double cost = 1.0);

 private:
  Decision take_local(const std::string& key, const BucketSpec& spec, double cost);
  struct Bucket {
    double tokens;
    Millis updated;
  };
  const Clock& clock_;
  storage::RedisClient* redis_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Millis last_sweep_ = 0;
};

}  // namespace cw::http
