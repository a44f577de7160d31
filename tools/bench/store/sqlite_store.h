// SqliteStore: what Parta's Store does with results, done as one would with SQLite, so the
// benchmark compares like with like.
//
// Schema (schema text in sqlite_store.cpp): submissions and reviews keyed by their 12-byte keys,
// each row stamped (hlc, origin) for last-writer-wins; submissions indexed by (student,
// assignment) and (assignment, student), reviews by submission, as the Store's indexes are;
// oplog (origin, seq, hlc, scope, type, key, value) with an index by (scope, origin, seq) like
// the Store's "oplog_scope"; version_vector (scope, origin) -> highest seq. Tables keyed by a
// blob are WITHOUT ROWID: one B-tree each, as in LMDB. journal_mode=WAL with synchronous=FULL,
// so a transaction is durable when its COMMIT returns, as a Store write is.
//
// Failure: every call returns a Status with SQLite's message; a failed transaction is rolled
// back whole and the SqliteStore is dead: later calls are refused (its counters ran ahead).
// Thread safety: used by one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "oplog.pb.h"
#include "parta/storage/hlc.h"
#include "sqlite_db.h"
#include "workload.h"

namespace parta::bench {

class SqliteStore {
 public:
  ~SqliteStore();
  // Creates the database file and its schema; `origin` names this node in keys and ops.
  static Result<std::unique_ptr<SqliteStore>> create(const std::filesystem::path& file,
                                                     uint32_t origin);

  // One durable transaction: per result a submission, its review and their two ops, then the
  // version vector.
  Status write_results(std::span<const BenchResult> results);
  // One durable transaction: per op not held yet, the record upserted last-writer-wins by
  // (hlc, origin), the op logged, the version vector advanced. Refused whole if a clock is
  // too far ahead.
  Status apply_remote(std::span<const oplog::Op> ops);
  // Checkpoints the WAL into the database (TRUNCATE), then the bytes the db and WAL occupy.
  Result<uint64_t> checkpointed_disk_bytes();

 private:
  struct Statements;
  SqliteStore(std::unique_ptr<SqliteDb> db, std::unique_ptr<Statements> statements,
              uint32_t origin);
  Status in_transaction(const std::function<Status()>& body);
  Status write_result(const BenchResult& result);
  Status log_local_op(uint32_t type, std::string_view key, const std::string& value);
  Status apply_op(const oplog::Op& op);
  Status apply_to_record(const oplog::Op& op);
  Status log_op(const oplog::Op& op);
  Status advance_version(std::string_view scope, uint32_t origin, uint64_t seq);

  // Constant after construction.
  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<Statements> statements_;
  const uint32_t origin_;
  const std::string scope_;
  // Advance with every local write.
  HybridClock clock_;
  uint64_t next_counter_ = 1;
  uint64_t next_seq_ = 1;
  bool failed_ = false;  // a transaction failed; refuse further use
};

}  // namespace parta::bench
