// SQLite plumbing shared by the results database: write transactions that start with
// BEGIN IMMEDIATE (so a writer takes the write lock up front and waits in the busy handler,
// instead of failing with SQLITE_BUSY when upgrading a read lock) and NULL-aware binding.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>

namespace merlab::storage::sql {

// RAII write transaction; rolls back unless commit() was called.
class WriteTxn {
 public:
  explicit WriteTxn(SQLite::Database& db);
  ~WriteTxn();
  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;
  void commit();

 private:
  SQLite::Database& db_;
  bool open_ = false;
};

// BEGIN IMMEDIATE, retried with backoff when SQLITE_BUSY outlasts the busy timeout (a long
// checkpoint, or many writers queued). Throws the last error after `attempts`.
void begin_immediate(SQLite::Database& db, int attempts = 8);

bool is_busy(const SQLite::Exception& e);

void bind_opt(SQLite::Statement& st, int index, const std::optional<double>& v);
void bind_opt(SQLite::Statement& st, int index, const std::optional<std::int64_t>& v);
void bind_opt(SQLite::Statement& st, int index, const std::optional<int>& v);
std::optional<double> get_opt_double(const SQLite::Column& c);
std::optional<std::int64_t> get_opt_int64(const SQLite::Column& c);
std::optional<int> get_opt_int(const SQLite::Column& c);

}  // namespace merlab::storage::sql
