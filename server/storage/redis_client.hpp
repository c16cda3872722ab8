#pragma once
/// A small synchronous Redis client (hiredis) for shared counters, and a subscriber thread for
/// pub/sub. Commands reconnect once on a broken connection; callers treat failures as "Redis
/// unavailable" and degrade (rate limits fall back to local buckets, events stay local).
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct redisContext;

namespace cw::storage {

struct RedisReply {
  enum class Kind { kNil, kInteger, kString, kArray, kStatus } kind = Kind::kNil;
  long long integer = 0;
  std::string text;
  std::vector<RedisReply> elements;
};

class RedisClient {
 public:
  /// redis://host:port[/db]; throws std::runtime_error with a clear message if unreachable.
  explicit RedisClient(std::string url);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// nullopt when Redis failed (connection or error reply).
  std::optional<RedisReply> command(const std::vector<std::string>& argv);
  bool ping();
  const std::string& url() const { return url_; }

 private:
  bool connect();
  std::string url_;
  std::string host_;
  int port_ = 6379;
  int db_ = 0;
  std::mutex mutex_;
  redisContext* ctx_ = nullptr;
};

/// Runs SUBSCRIBE on its own connection and thread; reconnects with backoff until stopped.
class RedisSubscriber {
 public:
  using OnMessage = std::function<void(const std::string& channel, const std::string& payload)>;
  RedisSubscriber(std::string url, std::string channel, OnMessage on_message);
  ~RedisSubscriber();

 private:
  void run();
  std::string url_, channel_;
  OnMessage on_message_;
  std::atomic<bool> stopping_{false};
  std::mutex ctx_mutex_;
  redisContext* ctx_ = nullptr;  // guarded by ctx_mutex_
  std::thread thread_;
};

}  // namespace cw::storage
