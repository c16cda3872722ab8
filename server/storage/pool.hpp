#pragma once
/// Connection pooling shared by both backends: connections are created lazily up to `max_size`;
/// a caller waits (bounded) when all are busy, then gets SERVICE_UNAVAILABLE-style DatabaseError.
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "storage/database.hpp"

namespace cw::storage {

class PooledDatabase : public Database {
 public:
  PooledDatabase(int max_size, std::chrono::milliseconds acquire_timeout)
      : max_size_(max_size), acquire_timeout_(acquire_timeout) {}
  PooledConnection acquire() override;
  PoolStats stats() const override;

 protected:
  virtual std::unique_ptr<Connection> connect() = 0;
  void release(std::unique_ptr<Connection> conn, bool broken) override;

 private:
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int max_size_;
  int open_ = 0;
  int in_use_ = 0;
  int waiting_ = 0;
  std::chrono::milliseconds acquire_timeout_;
};

}  // namespace cw::storage
