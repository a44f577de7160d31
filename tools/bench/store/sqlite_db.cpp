// SQLite connection and statements; see sqlite_db.h.
#include "sqlite_db.h"

#include <cassert>

#include <fmt/format.h>

namespace parta::bench {
namespace {

Status sqlite_error(sqlite3* db, const std::filesystem::path& file) {
  return Status::io(fmt::format("SQLite, {}: {}", file.string(), sqlite3_errmsg(db)));
}

}  // namespace

void SqliteStatement::bind(int index, int64_t value) {
  [[maybe_unused]] int rc = sqlite3_bind_int64(statement_, index, value);
  assert(rc == SQLITE_OK);
}

void SqliteStatement::bind_text(int index, std::string_view text) {
  [[maybe_unused]] int rc = sqlite3_bind_text(statement_, index, text.data(),
                                              static_cast<int>(text.size()), SQLITE_STATIC);
  assert(rc == SQLITE_OK);
}

void SqliteStatement::bind_blob(int index, std::string_view bytes) {
  [[maybe_unused]] int rc = sqlite3_bind_blob(statement_, index, bytes.data(),
                                              static_cast<int>(bytes.size()), SQLITE_STATIC);
  assert(rc == SQLITE_OK);
}

Status SqliteStatement::error() const {
  return sqlite_error(sqlite3_db_handle(statement_), *file_);
}

Result<bool> SqliteStatement::step() {
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = error();
  sqlite3_reset(statement_);
  return status;
}

Status SqliteStatement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.status();
    if (!*row) break;
  }
  reset();
  return Status::ok();
}

std::string_view SqliteStatement::column_text(int index) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
  return text == nullptr ? std::string_view() : std::string_view(text);
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<SqliteDb> opened(new SqliteDb(db, file));  // closes `db` on every path
  if (rc != SQLITE_OK) return sqlite_error(db, file);
  return opened;
}

Status SqliteDb::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(db_, file_);
  }
  return Status::ok();
}

Result<std::unique_ptr<SqliteStatement>> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, file_);
  return std::make_unique<SqliteStatement>(statement, &file_);
}

}  // namespace parta::bench
