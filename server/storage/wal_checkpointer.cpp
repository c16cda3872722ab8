#include "storage/wal_checkpointer.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "storage/database.hpp"

namespace cw::storage {

WalCheckpointer::WalCheckpointer(const std::string& path) {
  // The first connection to open the file: it creates it and switches it to WAL (a setting
  // stored in the file), so every pooled connection starts in WAL mode with this thread watching.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK ||
      sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw DatabaseError("cannot open SQLite database: " + msg, false, true);
  }
  sqlite3_busy_timeout(db_, 5000);  // switching to WAL waits for another process's writer
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  sqlite3_close(db_);
}

void WalCheckpointer::watch(sqlite3* db) { sqlite3_wal_hook(db, &WalCheckpointer::on_commit, this); }

long long WalCheckpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int frames) {
  if (frames >= kCheckpointFrames) {
    auto* checkpointer = static_cast<WalCheckpointer*>(self);
    {
      std::lock_guard lock(checkpointer->mutex_);
      checkpointer->requested_ = true;
    }
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  pthread_setname_np(pthread_self(), "cw-checkpoint");
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    // PASSIVE copies every frame no reader still needs and syncs the file; frames committed
    // meanwhile wait for the next round. Once a round has copied everything, the next writer
    // starts the log from its beginning again.
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      log::warn("SQLite checkpoint failed", {{"error", sqlite3_errmsg(db_)}});
    lock.lock();
    ++completed_;
  }
}

}  // namespace cw::storage
