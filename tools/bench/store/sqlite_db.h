// Thin RAII over the SQLite C API for the benchmark: a connection and prepared statements, with
// every SQLite error turned into a Status that quotes SQLite's message and the database file.
//
// Thread safety: a connection and its statements are used by one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::bench {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3_stmt* statement, const std::filesystem::path* file)
      : statement_(statement), file_(file) {}
  ~SqliteStatement() { sqlite3_finalize(statement_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are numbered from 1. Text and blobs must outlive the next step().
  void bind(int index, int64_t value);
  void bind_text(int index, std::string_view text);
  void bind_blob(int index, std::string_view bytes);
  // True with a row to read, false when done; IO with SQLite's message on failure.
  Result<bool> step();
  // Runs to completion, then makes the statement ready to bind and run again.
  Status run();
  void reset() { sqlite3_reset(statement_); }
  std::string_view column_text(int index);

 private:
  Status error() const;
  sqlite3_stmt* statement_;
  const std::filesystem::path* file_;  // owned by the SqliteDb
};

class SqliteDb {
 public:
  ~SqliteDb();
  // Opens or creates `file`.
  static Result<std::unique_ptr<SqliteDb>> open(const std::filesystem::path& file);

  // Runs one or more statements that return no rows of interest.
  Status exec(const char* sql);
  Result<std::unique_ptr<SqliteStatement>> prepare(std::string_view sql);
  const std::filesystem::path& file() const { return file_; }

 private:
  SqliteDb(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}
  sqlite3* db_;
  std::filesystem::path file_;
};

}  // namespace parta::bench
