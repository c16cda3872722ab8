#include "storage/wal_checkpointer.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "storage/database.hpp"
#include "storage/sqlite_database.hpp"

namespace cw::storage {

WalCheckpointer::WalCheckpointer(const std::string& path) {
  configure_sqlite_process();  // this is the first connection to a file: before SQLite's first use
  // The first connection to open the file: it creates it and switches it to WAL (a setting
  // stored in the file), so every pooled connection starts in WAL mode with this thread watching.
  // A new file gets 8 KiB pages (SQLite's default is 4 KiB): a sync writes each changed page to
  // the log as two system calls, and the inventory's rows and index entries fill half as many
  // 8 KiB pages. A first sync of 50,000 instances costs about 8% less CPU
  // (bench/aws_replay_benchmark.cpp). The size is fixed when the file is created: an existing
  // database keeps its own, which is read back for the checkpoint threshold.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  sqlite3_stmt* page_size = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK ||
      sqlite3_exec(db_, "PRAGMA page_size=8192; PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "PRAGMA page_size", -1, &page_size, nullptr) != SQLITE_OK ||
      sqlite3_step(page_size) != SQLITE_ROW) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_finalize(page_size);
    sqlite3_close(db_);
    throw DatabaseError("cannot open SQLite database: " + msg, false, true);
  }
  page_size_ = sqlite3_column_int64(page_size, 0);
  sqlite3_finalize(page_size);
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

long long WalCheckpointer::page_size() const { return page_size_; }

long long WalCheckpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int frames) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (frames * checkpointer->page_size_ >= kCheckpointBytes) {
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
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) log::warn("SQLite checkpoint failed", {{"error", sqlite3_errmsg(db_)}});
    lock.lock();
    ++completed_;
  }
}

}  // namespace cw::storage
