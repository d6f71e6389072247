#include "framework/storage/sqlite_util.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace merlab::storage::sql {

bool is_busy(const SQLite::Exception& e) {
  return (e.getErrorCode() & 0xff) == SQLITE_BUSY || (e.getErrorCode() & 0xff) == SQLITE_LOCKED;
}

void begin_immediate(SQLite::Database& db, int attempts) {
  for (int i = 1;; ++i) {
    try {
      db.exec("BEGIN IMMEDIATE");
      return;
    } catch (const SQLite::Exception& e) {
      if (!is_busy(e) || i >= attempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * i));
    }
  }
}

WriteTxn::WriteTxn(SQLite::Database& db) : db_(db) {
  begin_immediate(db_);
  open_ = true;
}

WriteTxn::~WriteTxn() {
  if (!open_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // The transaction may already be gone (SQLite rolls back by itself on some errors).
  }
}

void WriteTxn::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

void bind_opt(SQLite::Statement& st, int index, const std::optional<double>& v) {
  if (v) st.bind(index, *v);
  else st.bind(index);
}

void bind_opt(SQLite::Statement& st, int index, const std::optional<std::int64_t>& v) {
  if (v) st.bind(index, static_cast<int64_t>(*v));
  else st.bind(index);
}

void bind_opt(SQLite::Statement& st, int index, const std::optional<int>& v) {
  if (v) st.bind(index, *v);
  else st.bind(index);
}

std::optional<double> get_opt_double(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}

std::optional<std::int64_t> get_opt_int64(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

std::optional<int> get_opt_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt();
}

}  // namespace merlab::storage::sql
