#include "storage/redis_client.hpp"

#include <hiredis/hiredis.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>

namespace cw::storage {

namespace {
struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
};

Endpoint parse_url(const std::string& url) {
  const std::string prefix = "redis://";
  if (url.rfind(prefix, 0) != 0) throw std::runtime_error("Redis URL must start with redis://");
  std::string rest = url.substr(prefix.size());
  auto at = rest.rfind('@');  // credentials are not supported in this setup; skip them
  if (at != std::string::npos) rest = rest.substr(at + 1);
  Endpoint e;
  auto slash = rest.find('/');
  if (slash != std::string::npos) {
    std::string db = rest.substr(slash + 1);
    if (!db.empty()) e.db = std::stoi(db);
    rest = rest.substr(0, slash);
  }
  auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    e.port = std::stoi(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  if (!rest.empty()) e.host = rest;
  return e;
}

RedisReply convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.kind = RedisReply::Kind::kString;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.kind = RedisReply::Kind::kStatus;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default:
      break;
  }
  return out;
}

redisContext* open(const Endpoint& e, int timeout_ms) {
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  redisContext* c = redisConnectWithTimeout(e.host.c_str(), e.port, tv);
  if (!c || c->err) {
    if (c) redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, tv);
  if (e.db != 0) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "SELECT %d", e.db));
    if (r) freeReplyObject(r);
  }
  return c;
}
}  // namespace

RedisClient::RedisClient(std::string url) : url_(std::move(url)) {
  Endpoint e = parse_url(url_);
  host_ = e.host;
  port_ = e.port;
  db_ = e.db;
  std::lock_guard lock(mutex_);
  if (!connect()) throw std::runtime_error("cannot connect to Redis at " + host_ + ":" + std::to_string(port_));
}

RedisClient::~RedisClient() {
  if (ctx_) redisFree(ctx_);
}

bool RedisClient::connect() {
  if (ctx_) redisFree(ctx_);
  ctx_ = open(Endpoint{host_, port_, db_}, 1000);
  return ctx_ != nullptr;
}

std::optional<RedisReply> RedisClient::command(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!ctx_ && !connect()) return std::nullopt;
    auto* reply =
        static_cast<redisReply*>(redisCommandArgv(ctx_, static_cast<int>(args.size()), args.data(), lens.data()));
    if (!reply) {  // connection broken: reconnect once
      redisFree(ctx_);
      ctx_ = nullptr;
      continue;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      freeReplyObject(reply);
      return std::nullopt;
    }
    RedisReply out = convert(reply);
    freeReplyObject(reply);
    return out;
  }
  return std::nullopt;
}

bool RedisClient::ping() {
  auto reply = command({"PING"});
  return reply && reply->text == "PONG";
}

RedisSubscriber::RedisSubscriber(std::string url, std::string channel, OnMessage on_message)
    : url_(std::move(url)), channel_(std::move(channel)), on_message_(std::move(on_message)) {
  thread_ = std::thread([this] { run(); });
}

RedisSubscriber::~RedisSubscriber() {
  stopping_ = true;
  {
    // Under the lock the context cannot be freed while we shut its socket down.
    std::lock_guard lock(ctx_mutex_);
    if (ctx_) shutdown(ctx_->fd, SHUT_RDWR);  // unblocks redisGetReply
  }
  if (thread_.joinable()) thread_.join();
}

void RedisSubscriber::run() {
  Endpoint e = parse_url(url_);
  int backoff_ms = 100;
  while (!stopping_) {
    redisContext* c = open(e, 1000);
    if (!c) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      backoff_ms = std::min(backoff_ms * 2, 5000);
      continue;
    }
    timeval none{0, 0};
    redisSetTimeout(c, none);  // block until a message arrives
    {
      std::lock_guard lock(ctx_mutex_);
      if (stopping_) {
        redisFree(c);
        break;
      }
      ctx_ = c;
    }
    auto* r = static_cast<redisReply*>(redisCommand(c, "SUBSCRIBE %b", channel_.data(), channel_.size()));
    if (r) freeReplyObject(r);
    backoff_ms = 100;
    while (!stopping_) {
      void* raw = nullptr;
      if (redisGetReply(c, &raw) != REDIS_OK || !raw) break;
      auto* reply = static_cast<redisReply*>(raw);
      if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
          std::string(reply->element[0]->str, reply->element[0]->len) == "message") {
        on_message_(std::string(reply->element[1]->str, reply->element[1]->len),
                    std::string(reply->element[2]->str, reply->element[2]->len));
      }
      freeReplyObject(reply);
    }
    {
      std::lock_guard lock(ctx_mutex_);
      ctx_ = nullptr;
    }
    redisFree(c);
  }
}

}  // namespace cw::storage
