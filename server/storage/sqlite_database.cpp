#include "storage/sqlite_database.hpp"

#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <filesystem>
#include <unordered_map>

#include "core/log.hpp"
#include "storage/pool.hpp"
#include "storage/wal_checkpointer.hpp"

namespace cw::storage {

namespace {

class SqliteConnection final : public Connection {
 public:
  /// `checkpointer` is null for in-memory databases, which have no log.
  SqliteConnection(const std::string& path, int busy_timeout_ms, std::shared_ptr<WalCheckpointer> checkpointer)
      : checkpointer_(std::move(checkpointer)) {
    configure_sqlite_process();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DatabaseError("cannot open SQLite database: " + msg, false, true);
    }
    busy_timeout_ = std::chrono::milliseconds(busy_timeout_ms);
    sqlite3_busy_handler(db_, &SqliteConnection::wait_for_lock, this);
    sqlite3_extended_result_codes(db_, 1);
    execute_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;"  // 32 MiB page cache: indexes of 100k+ rows stay in
                                                               // memory
        "PRAGMA journal_size_limit=67108864;");  // a log grown by a big sync shrinks back to 64 MiB once copied
    if (checkpointer_) checkpointer_->watch(db_);
  }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Result execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size()))
      throw DatabaseError("statement expects " + std::to_string(expected) + " parameters, got " +
                          std::to_string(params.size()));
    for (size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
    Result result;
    int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc);
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            values.emplace_back(sqlite3_column_int64(stmt, c));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_BLOB:
            values.emplace_back(Bytes{std::string(static_cast<const char*>(sqlite3_column_blob(stmt, c)),
                                                  static_cast<size_t>(sqlite3_column_bytes(stmt, c)))});
            break;
          default:
            values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                                            static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    result.affected = sqlite3_changes64(db_);
    return result;
  }

  void execute_script(std::string_view sql) override {
    char* err = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw DatabaseError("SQLite: " + msg);
    }
  }

  // IMMEDIATE takes the write lock up front: two deferred transactions that both upgrade to
  // writing would otherwise deadlock into SQLITE_BUSY.
  void begin() override { execute_script("BEGIN IMMEDIATE"); }
  void commit() override { execute_script("COMMIT"); }
  void rollback() override { execute_script("ROLLBACK"); }

 private:
  // SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries: under steady
  // write traffic (event outbox rows, job claims, sync batches) a waiter often sleeps long after
  // the lock was free, and the tail latency of every write grows to hundreds of ms. Writers here
  // hold the lock for microseconds to a few ms, so poll briefly first, then back off.
  static int wait_for_lock(void* self, int attempt) {
    auto* connection = static_cast<SqliteConnection*>(self);
    auto now = std::chrono::steady_clock::now();
    if (attempt == 0) connection->waiting_since_ = now;
    if (now - connection->waiting_since_ >= connection->busy_timeout_) return 0;  // give up: SQLITE_BUSY
    std::this_thread::sleep_for(attempt < 200 ? std::chrono::microseconds(50) : std::chrono::microseconds(1000));
    return 1;
  }
  std::chrono::milliseconds busy_timeout_{5000};
  std::chrono::steady_clock::time_point waiting_since_;

  sqlite3_stmt* prepare(std::string_view sql) {
    auto it = statements_.find(sql);  // heterogeneous lookup: no string built per call
    if (it != statements_.end()) return it->second;
    std::string key(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK)
      throw DatabaseError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_));
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int index, const Value& v) {
    if (std::holds_alternative<std::nullptr_t>(v)) {
      sqlite3_bind_null(stmt, index);
    } else if (auto n = std::get_if<std::int64_t>(&v)) {
      sqlite3_bind_int64(stmt, index, *n);
    } else if (auto d = std::get_if<double>(&v)) {
      sqlite3_bind_double(stmt, index, *d);
    } else if (auto b = std::get_if<Bytes>(&v)) {
      sqlite3_bind_blob64(stmt, index, b->data.data(), b->data.size(), SQLITE_STATIC);
    } else {
      // SQLITE_STATIC: the caller's string outlives the statement's run, and the bindings are
      // cleared right after it (see Reset in execute), so SQLite need not copy it.
      const auto& s = std::get<std::string>(v);
      sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
  }

  [[noreturn]] void fail(int rc) {
    bool unique = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
    bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
    throw DatabaseError(std::string("SQLite: ") + sqlite3_errmsg(db_), unique, busy);
  }

  std::shared_ptr<WalCheckpointer> checkpointer_;  // outlives db_: declared first, destroyed last
  sqlite3* db_ = nullptr;
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
};

/// The database holds password hashes, sealed credentials and the audit log: owner-only, whatever
/// the directory's mode or the umask of whoever created it first. SQLite gives the -wal and -shm
/// files it creates the database file's mode; ones left by an older version are mended too.
void restrict_to_owner(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) ::chmod((path + suffix).c_str(), 0600);  // absent: fine
}

class SqliteDatabase final : public PooledDatabase {
 public:
  /// An in-memory database has no write-ahead log, so no checkpointer.
  SqliteDatabase(std::string path, bool in_memory, int pool_size, int busy_timeout_ms)
      : PooledDatabase(pool_size, std::chrono::milliseconds(busy_timeout_ms)),
        path_(std::move(path)),
        busy_timeout_ms_(busy_timeout_ms),
        checkpointer_(in_memory ? nullptr : std::make_shared<WalCheckpointer>(path_)) {
    if (!in_memory) {
      // Created owner-only from the start (no window in which another user could open it).
      int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd >= 0) ::close(fd);
      restrict_to_owner(path_);
    }
  }
  Backend backend() const override { return Backend::kSqlite; }

 protected:
  std::unique_ptr<Connection> connect() override {
    return std::make_unique<SqliteConnection>(path_, busy_timeout_ms_, checkpointer_);
  }

 private:
  std::string path_;
  int busy_timeout_ms_;
  std::shared_ptr<WalCheckpointer> checkpointer_;
};

}  // namespace

void configure_sqlite_process() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Allocation statistics cost a global mutex on every SQLite malloc/free (visible in profiles
    // of concurrent reads and of syncs); nothing reads them.
    if (int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); rc != SQLITE_OK)
      log::warn("SQLite was used before its settings were applied; its allocation statistics stay on",
                nlohmann::json{{"error", sqlite3_errstr(rc)}});
  });
}

std::unique_ptr<Database> open_sqlite(const DatabaseSettings& settings) {
  std::string path = settings.url.substr(std::string("sqlite://").size());
  const bool in_memory = path == ":memory:" || path.empty();
  if (in_memory) {
    // A named shared-cache memory database, so every pooled connection sees the same data.
    static std::atomic<int> counter{0};
    path = "file:cwmem" + std::to_string(counter++) + "?mode=memory&cache=shared";
  } else {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  // Shared-cache memory databases lock whole tables (SQLITE_LOCKED ignores the busy timeout),
  // so an in-memory database gets a single connection.
  auto db =
      std::make_unique<SqliteDatabase>(path, in_memory, in_memory ? 1 : settings.pool_size, settings.busy_timeout_ms);
  db->execute("SELECT 1");  // fail at start, with the path in the message, not on first request
  return db;
}

}  // namespace cw::storage
