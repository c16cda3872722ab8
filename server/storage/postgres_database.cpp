#include "storage/postgres_database.hpp"

#include <libpq-fe.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "storage/pool.hpp"

namespace cw::storage {

std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') out += sql[i++];
      if (i < sql.size()) out += '\n';
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// Type OIDs from pg_type.h (stable across releases).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

/// BYTEA in text results is hex: "\x0aff…".
std::string decode_bytea(const char* text, size_t length) {
  if (length < 2 || text[0] != '\\' || text[1] != 'x') throw DatabaseError("PostgreSQL: unexpected bytea format");
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out((length - 2) / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char>((nibble(text[2 + 2 * i]) << 4) | nibble(text[3 + 2 * i]));
  return out;
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      // The message names host/port, never the password (libpq does not echo it).
      throw DatabaseError("cannot connect to PostgreSQL: " + msg, false, true);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);  // migrations' NOTICEs
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Result execute(std::string_view sql, const Params& params) override {
    const std::string& stmt_name = prepare(sql, params.size());
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);  // 1 = binary (BYTEA)
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        values[i] = nullptr;
        continue;
      }
      if (auto n = std::get_if<std::int64_t>(&v))
        texts[i] = std::to_string(*n);
      else if (auto d = std::get_if<double>(&v)) {
        char buf[32];  // round-trip precision: std::to_string keeps only 6 decimals
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        texts[i] = buf;
      } else if (auto b = std::get_if<Bytes>(&v)) {
        values[i] = b->data.data();
        lengths[i] = static_cast<int>(b->data.size());
        formats[i] = 1;
        continue;
      } else {
        texts[i] = std::get<std::string>(v);
      }
      values[i] = texts[i].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, stmt_name.c_str(), static_cast<int>(params.size()), values.data(),
                                   lengths.data(), formats.data(), 0);
    return collect(res);
  }

  void execute_script(std::string_view sql) override {
    std::string text(sql);
    collect(PQexec(conn_, text.c_str()));
  }

  void begin() override { execute_script("BEGIN"); }
  void commit() override { execute_script("COMMIT"); }
  void rollback() override { execute_script("ROLLBACK"); }

 private:
  const std::string& prepare(std::string_view sql, size_t n_params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it != prepared_.end()) return it->second;
    std::string name = "s" + std::to_string(prepared_.size());
    std::string rewritten = rewrite_placeholders(sql);
    PGresult* res = PQprepare(conn_, name.c_str(), rewritten.c_str(), 0, nullptr);
    collect(res);
    return prepared_.emplace(std::move(key), std::move(name)).first->second;
  }

  Result collect(PGresult* res) {
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
      bool unique = state && std::strcmp(state, "23505") == 0;
      bool down = PQstatus(conn_) != CONNECTION_OK;
      throw DatabaseError(std::string("PostgreSQL: ") + PQerrorMessage(conn_), unique, down);
    }
    Result result;
    int rows = PQntuples(res), cols = PQnfields(res);
    result.rows.reserve(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res, r, c)) {
          values.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(res, r, c);
        switch (PQftype(res, c)) {
          case kInt2:
          case kInt4:
          case kInt8:
            values.emplace_back(static_cast<std::int64_t>(std::strtoll(text, nullptr, 10)));
            break;
          case kFloat4:
          case kFloat8:
          case kNumeric:
            values.emplace_back(std::strtod(text, nullptr));
            break;
          case kBool:
            values.emplace_back(static_cast<std::int64_t>(text[0] == 't'));
            break;
          case kBytea:
            values.emplace_back(Bytes{decode_bytea(text, static_cast<size_t>(PQgetlength(res, r, c)))});
            break;
          default:
            values.emplace_back(std::string(text, static_cast<size_t>(PQgetlength(res, r, c))));
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    const char* tuples = PQcmdTuples(res);
    result.affected = (tuples && *tuples) ? std::strtoll(tuples, nullptr, 10) : 0;
    return result;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
};

class PostgresDatabase final : public PooledDatabase {
 public:
  PostgresDatabase(std::string url, int pool_size)
      : PooledDatabase(pool_size, std::chrono::milliseconds(5000)), url_(std::move(url)) {}
  Backend backend() const override { return Backend::kPostgres; }

 protected:
  std::unique_ptr<Connection> connect() override { return std::make_unique<PostgresConnection>(url_); }

 private:
  std::string url_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const DatabaseSettings& settings) {
  auto db = std::make_unique<PostgresDatabase>(settings.url, settings.pool_size);
  db->execute("SELECT 1");
  return db;
}

}  // namespace cw::storage
