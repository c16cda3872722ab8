#pragma once
/// The one database interface every repository uses. SQL is written once with `?` placeholders;
/// the PostgreSQL backend rewrites them to $1..$n. Values are NULL, 64-bit integers, doubles or
/// text (JSON documents are text). Backends: SQLite (embedded, default) and PostgreSQL (pooled).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cw::storage {

/// Binary data (a BYTEA/BLOB column): bound as bytes, never as text, so it may hold any byte.
struct Bytes {
  std::string data;
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Bytes>;

/// Builds a parameter from common C++ types (bool → 0/1, optional → NULL when empty).
inline Value param(std::nullptr_t) { return nullptr; }
inline Value param(bool v) { return static_cast<std::int64_t>(v ? 1 : 0); }
inline Value param(int v) { return static_cast<std::int64_t>(v); }
inline Value param(long v) { return static_cast<std::int64_t>(v); }
inline Value param(long long v) { return static_cast<std::int64_t>(v); }
inline Value param(double v) { return v; }
inline Value param(const char* v) { return std::string(v); }
inline Value param(std::string v) { return v; }
inline Value param(std::string_view v) { return std::string(v); }
inline Value param(Bytes v) { return v; }
template <typename T>
Value param(const std::optional<T>& v) {
  return v ? param(*v) : Value(nullptr);
}

using Params = std::vector<Value>;
template <typename... Args>
Params params(Args&&... args) {
  return Params{param(std::forward<Args>(args))...};
}

/// "?,?,?" — the placeholders of an `IN (…)` list of n values (n ≥ 1).
std::string placeholder_list(size_t n);

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  std::string text(size_t i) const;  // NULL → ""
  std::string take_text(size_t i);   // text(i), moved out of the row (for big reads)
  std::optional<std::string> opt_text(size_t i) const;
  std::int64_t integer(size_t i) const;  // NULL → 0
  std::optional<std::int64_t> opt_integer(size_t i) const;
  double real(size_t i) const;
  /// The bytes of a BYTEA/BLOB column (text columns give their text).
  std::string take_bytes(size_t i);
  bool boolean(size_t i) const { return integer(i) != 0; }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
  const Row& first() const { return rows.front(); }
};

/// Thrown for failures of the database itself (not "no rows"). Constraint violations are
/// reported with `unique_violation()` so services can answer 409 instead of 500.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& what, bool unique_violation = false, bool unavailable = false)
      : std::runtime_error(what), unique_(unique_violation), unavailable_(unavailable) {}
  bool unique_violation() const { return unique_; }
  bool unavailable() const { return unavailable_; }

 private:
  bool unique_;
  bool unavailable_;
};

enum class Backend { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result execute(std::string_view sql, const Params& params) = 0;
  /// Several statements, no parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int waiting = 0;
};

class Database;

/// A connection borrowed from the pool; returns itself on destruction.
class PooledConnection {
 public:
  PooledConnection(Database* owner, std::unique_ptr<Connection> conn) : owner_(owner), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();
  Connection* operator->() { return conn_.get(); }
  Connection& operator*() { return *conn_; }
  /// Marks the connection broken so the pool drops it instead of reusing it.
  void discard() { broken_ = true; }

 private:
  Database* owner_;
  std::unique_ptr<Connection> conn_;
  bool broken_ = false;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  virtual PooledConnection acquire() = 0;
  virtual PoolStats stats() const = 0;

  Result execute(std::string_view sql, const Params& params = {});

  /// Runs `work` inside one transaction on one connection: committed when it returns, rolled
  /// back when it throws (and the exception propagates). The transaction is the thread's
  /// current one until it ends: `execute` and a nested `transaction` on this thread join it, so
  /// a service can make several repository calls (and publish their events, see
  /// events/event_bus.hpp) all-or-nothing without passing the connection around.
  void transaction(const std::function<void(Connection&)>& work);

  /// Runs `action` once the thread's current transaction on this database commits (never if it
  /// rolls back); at once when there is none. Actions run after the connection is returned.
  void after_commit(std::function<void()> action);

  /// True while this thread is inside `transaction` on this database.
  bool in_transaction() const;

  /// True if a trivial query succeeds.
  bool ping();

 protected:
  friend class PooledConnection;
  virtual void release(std::unique_ptr<Connection> conn, bool broken) = 0;
};

struct DatabaseSettings {
  std::string url;  // sqlite:///abs/path.db, sqlite://:memory:, postgresql://…
  int pool_size = 8;
  int busy_timeout_ms = 5000;
};

/// Opens the backend named by the URL scheme. Throws DatabaseError with a clear message.
std::unique_ptr<Database> open_database(const DatabaseSettings& settings);

}  // namespace cw::storage
