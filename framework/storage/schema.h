// Versioned schema of the results database. PRAGMA user_version holds the version; migrations
// run forward, one step at a time, inside the caller's write transaction. docs/database.md
// documents every table and column.
#pragma once

#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace merlab::storage::schema {

// migrations()[i] upgrades a database from version i to version i + 1 (version 0 = empty file).
const std::vector<std::string>& migrations();
int latest_version();

// Reads PRAGMA user_version.
int version_of(SQLite::Database& db);
// Applies every missing migration; the caller holds a write transaction (BEGIN IMMEDIATE) so
// that two processes opening a fresh file never both create the tables. Throws RuntimeError
// when the file is newer than this build.
void migrate(SQLite::Database& db, const std::string& file_for_messages);

}  // namespace merlab::storage::schema
