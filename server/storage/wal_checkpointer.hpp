#pragma once
/// Copies SQLite's write-ahead log back into the database file on a thread of its own.
///
/// With SQLite's automatic checkpoints, the commit that pushes the log past its limit copies the
/// whole log into the database file and syncs it before returning — a big write (an inventory
/// sync) pays a second or more of disk time inline, and so does an unlucky small request. Here,
/// every pooled connection's commit only reports the log size; past `kCheckpointBytes` this
/// thread runs a PASSIVE checkpoint on its own connection, which never blocks readers or writers.
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace cw::storage {

class WalCheckpointer {
 public:
  /// 32 MiB of log: eight times SQLite's default, so hot index pages written by many commits are
  /// copied back once.
  static constexpr long long kCheckpointBytes = 32LL << 20;

  explicit WalCheckpointer(const std::string& path);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  /// Replaces `db`'s automatic checkpoints with this thread. `db` must close before this object
  /// is destroyed.
  void watch(sqlite3* db);

  /// The database file's page size in bytes (tests).
  long long page_size() const;

  /// Checkpoints completed so far (tests).
  long long completed() const;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  void run();

  sqlite3* db_ = nullptr;
  long long page_size_ = 0;  // of this file, in bytes
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  long long completed_ = 0;
  std::thread thread_;
};

}  // namespace cw::storage
