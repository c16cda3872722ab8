#include "storage/pool.hpp"

namespace cw::storage {

PooledConnection PooledDatabase::acquire() {
  std::unique_lock lock(mutex_);
  ++waiting_;
  bool ok = available_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty() || open_ < max_size_; });
  --waiting_;
  if (!ok) throw DatabaseError("timed out waiting for a database connection", false, true);
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    ++in_use_;
    return PooledConnection(this, std::move(conn));
  }
  ++open_;
  ++in_use_;
  lock.unlock();
  try {
    return PooledConnection(this, connect());
  } catch (...) {
    std::lock_guard relock(mutex_);
    --open_;
    --in_use_;
    available_.notify_one();
    throw;
  }
}

void PooledDatabase::release(std::unique_ptr<Connection> conn, bool broken) {
  {
    std::lock_guard lock(mutex_);
    --in_use_;
    if (broken) {
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  available_.notify_one();
}

PoolStats PooledDatabase::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{open_, in_use_, waiting_};
}

}  // namespace cw::storage
