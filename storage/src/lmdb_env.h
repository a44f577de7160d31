// Thin RAII over LMDB (storage-internal): the environment, transactions, named sub-databases,
// and the mapping of LMDB return codes to Status messages a school's IT person can act on.
//
// LMDB caveats that shape this code (lmdb.h "Caveats"): one write transaction at a time per
// environment (across processes); a map that fills returns MDB_MAP_FULL and the transaction is
// dead, so the caller grows the map and redoes the work; a reader left by a killed process pins
// old pages until mdb_reader_check clears it.
#pragma once

#include <lmdb.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::lmdb {

inline MDB_val to_val(std::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}
inline std::string_view to_view(const MDB_val& val) {
  return {static_cast<const char*>(val.mv_data), val.mv_size};
}

// A Status for an LMDB or errno return code; `what` says what we were doing, `dir` where.
Status error(int rc, std::string_view what, const std::filesystem::path& dir);

// Whether a process other than this one has the environment in `dir` open. Every process
// that has it open holds a shared lock on the first byte of DIR/lock.mdb (LMDB's
// mdb_env_setup_locks); they are read from /proc/locks, because probing with fcntl would mean
// opening and closing lock.mdb, which drops this process's own locks on it. False when
// /proc/locks cannot be read.
bool opened_by_another_process(const std::filesystem::path& dir);

class Txn {
 public:
  Txn() = default;
  Txn(Txn&& other) noexcept : txn_(other.txn_) { other.txn_ = nullptr; }
  Txn& operator=(Txn&& other) noexcept;
  ~Txn() { abort(); }

  // rc is an LMDB code; on success the transaction is live.
  static int begin(MDB_env* env, bool read_only, Txn* out);
  int commit();
  void abort();
  MDB_txn* get() const { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

// Iterates a sub-database from `prefix` while keys start with it.
class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi dbi);
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Positions at the first key >= start (default: prefix); false when it does not start with
  // prefix. next() then goes on while keys start with prefix.
  bool seek(std::string_view prefix, std::string_view start = {});
  bool next();
  std::string_view key() const { return to_view(key_); }
  std::string_view value() const { return to_view(value_); }
  int error() const { return error_; }  // MDB_SUCCESS unless iteration failed

 private:
  bool settle(int rc);
  MDB_cursor* cursor_ = nullptr;
  std::string prefix_;
  std::string start_;
  MDB_val key_{};
  MDB_val value_{};
  int error_ = MDB_SUCCESS;
};

}  // namespace parta::lmdb
