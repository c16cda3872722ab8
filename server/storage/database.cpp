#include "storage/database.hpp"

#include "storage/postgres_database.hpp"
#include "storage/sqlite_database.hpp"

namespace cw::storage {

std::string Row::text(size_t i) const {
  const Value& v = values_.at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

std::string Row::take_text(size_t i) {
  if (auto s = std::get_if<std::string>(&values_.at(i))) return std::move(*s);
  return text(i);
}

std::string Row::take_bytes(size_t i) {
  if (auto b = std::get_if<Bytes>(&values_.at(i))) return std::move(b->data);
  return take_text(i);
}

std::optional<std::string> Row::opt_text(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::int64_t Row::integer(size_t i) const {
  const Value& v = values_.at(i);
  if (auto n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto s = std::get_if<std::string>(&v)) {
    if (*s == "t" || *s == "true") return 1;  // PostgreSQL text booleans
    if (*s == "f" || *s == "false") return 0;
    return s->empty() ? 0 : std::stoll(*s);
  }
  return 0;
}

std::optional<std::int64_t> Row::opt_integer(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

double Row::real(size_t i) const {
  const Value& v = values_.at(i);
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stod(*s);
  return 0;
}

PooledConnection::~PooledConnection() {
  if (owner_ && conn_) owner_->release(std::move(conn_), broken_);
}

namespace {
/// The transaction this thread has open, per database (a thread may, rarely, hold one on each
/// of two databases, e.g. a migration tool).
struct OpenTransaction {
  const Database* db;
  Connection* conn;
  std::vector<std::function<void()>> after_commit;
};
thread_local std::vector<OpenTransaction*> open_transactions;

OpenTransaction* current_for(const Database* db) {
  for (auto* t : open_transactions)
    if (t->db == db) return t;
  return nullptr;
}
}  // namespace

Result Database::execute(std::string_view sql, const Params& params) {
  if (auto* open = current_for(this)) return open->conn->execute(sql, params);
  auto conn = acquire();
  try {
    return conn->execute(sql, params);
  } catch (const DatabaseError& e) {
    if (e.unavailable()) conn.discard();
    throw;
  }
}

void Database::transaction(const std::function<void(Connection&)>& work) {
  if (auto* open = current_for(this)) {  // joins the enclosing transaction
    work(*open->conn);
    return;
  }
  OpenTransaction open{this, nullptr, {}};
  {
    auto conn = acquire();
    open.conn = &*conn;
    conn->begin();
    open_transactions.push_back(&open);
    try {
      work(*conn);
      open_transactions.pop_back();
      conn->commit();
    } catch (...) {
      if (!open_transactions.empty() && open_transactions.back() == &open) open_transactions.pop_back();
      try {
        conn->rollback();
      } catch (...) {
        conn.discard();  // a connection that cannot roll back is not safe to reuse
      }
      throw;
    }
  }
  for (auto& action : open.after_commit) action();
}

void Database::after_commit(std::function<void()> action) {
  if (auto* open = current_for(this)) {
    open->after_commit.push_back(std::move(action));
    return;
  }
  action();
}

bool Database::in_transaction() const { return current_for(this) != nullptr; }

bool Database::ping() {
  try {
    execute("SELECT 1");
    return true;
  } catch (const std::exception&) { return false; }
}

std::unique_ptr<Database> open_database(const DatabaseSettings& settings) {
  const std::string& url = settings.url;
  if (url.rfind("sqlite://", 0) == 0) return open_sqlite(settings);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return open_postgres(settings);
  throw DatabaseError("unsupported database URL scheme (expected sqlite:// or postgresql://)");
}

std::string placeholder_list(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s;
}

}  // namespace cw::storage
