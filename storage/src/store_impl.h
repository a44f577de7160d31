// StoreImpl: the state behind Store, ReadView and WriteTxn (storage-internal).
#pragma once

#include <lmdb.h>

#include <array>
#include <map>
#include <optional>
#include <set>

#include "field_merge.h"
#include "lmdb_env.h"
#include "parta/storage/store.h"
#include "record_indexes.h"

namespace parta {

// Counters that advance with every local write; persisted in "meta" in the same transaction.
struct WriteCounters {
  uint64_t next_counter = 1;  // next RecordKey counter
  uint64_t next_seq = 1;      // next op seq
  uint64_t last_hlc = 0;      // highest HLC issued or observed
};

class StoreImpl {
 public:
  StoreImpl(const StoreOptions& options) : options_(options) {}
  ~StoreImpl();

  Status open_environment(bool create);
  Status load_identity();
  Status initialise_identity(std::string_view name, std::string_view role);
  Status take_new_origin();

  Status write(const std::function<Status(WriteTxn&)>& body);
  Status apply_remote(std::span<const oplog::Op> ops);
  Status read(const std::function<Status(const ReadView&)>& body) const;

  // Used by ReadView / WriteTxn inside a transaction.
  Status get_stored(MDB_txn* txn, RecordType type, std::string_view key,
                    oplog::StoredRecord* out, bool* found) const;
  Status local_op(MDB_txn* txn, oplog::Op op);
  // Puts back the value an op read from the op log left in its record (lent_values.h); Corrupt
  // when the record no longer names the op.
  Status fill_lent_value(MDB_txn* txn, oplog::Op* op) const;
  RecordKey new_key();
  Status check(int rc, std::string_view what);  // notes MDB_MAP_FULL so write() can grow
  // Whether the simulator's WriteFaults stop the process at `point`; once one has, every later
  // write fails too (the node is dead until the store is opened again).
  bool crashes_at(WriteFaults::Point point);

  MDB_dbi record_dbi(RecordType type) const { return records_[static_cast<size_t>(type)]; }
  MDB_dbi index_dbi(IndexId index) const { return indexes_[static_cast<size_t>(index)]; }

  const StoreOptions options_;
  MDB_env* env_ = nullptr;
  MDB_dbi meta_ = 0;
  std::array<MDB_dbi, kRecordTypeMax + 1> records_{};  // by RecordType value; [0] unused
  std::array<MDB_dbi, kIndexCount> indexes_{};
  MDB_dbi oplog_ = 0;
  MDB_dbi oplog_scope_ = 0;
  MDB_dbi vv_ = 0;
  NodeIdentity node_;
  bool crashed_ = false;  // a simulated crash happened (write_faults.h)

  // State of the write transaction in progress.
  WriteCounters counters_;
  std::optional<HybridClock> clock_;
  bool map_full_ = false;
  std::map<std::string, uint64_t> pending_vv_;  // vv key -> highest seq logged in this txn
  std::map<MDB_dbi, MDB_cursor*> write_cursors_;  // owned by the write transaction

 private:
  Status apply_op(MDB_txn* txn, const oplog::Op& op);
  Status check_same_op(MDB_txn* txn, const oplog::Op& op, std::string_view held) const;
  // Merges `op` into its record; sets *value_lent when the record now holds the op's value
  // for the op log (lent_values.h).
  Status apply_to_record(MDB_txn* txn, const oplog::Op& op, bool* value_lent);
  // Writes the value of `lender` (the stored record `key` of `type`) back into the op log
  // entry it names, which had left the value to it; Corrupt if the two do not agree.
  Status take_back_value(MDB_txn* txn, RecordType type, std::string_view key,
                         const oplog::StoredRecord& lender);
  Status update_indexes(MDB_txn* txn, RecordType type, std::string_view key,
                        const oplog::StoredRecord* before, const oplog::StoredRecord& after);
  Status log_op(MDB_txn* txn, const oplog::Op& op, bool value_lent);
  Status flush_version_vector(MDB_txn* txn);
  Status put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value,
             std::string_view what);
  Status load_counters(MDB_txn* txn);
  Status save_counters(MDB_txn* txn);
  Status grow_map();
  int open_tables(MDB_txn* txn, unsigned flags);
  Result<std::optional<uint64_t>> held_layout(MDB_txn* txn);
  // Fills the indexes in `added` (tables just created in `txn`) from the stored records; a
  // record that does not parse is left out (Store::verify reports it).
  Status build_indexes(MDB_txn* txn, const std::set<IndexId>& added);
  Status run_write(const std::function<Status(MDB_txn*)>& body);
};

// An op as the op log keeps it: without origin and seq, which its key holds, and, when
// `value_in_record`, without its value, which its record holds (lent_values.h).
std::string stored_op_bytes(const oplog::Op& op, bool value_in_record = false);

// Storage keys of the op log and version vectors.
std::string oplog_key(uint32_t origin, uint64_t seq);
std::string vv_key(std::string_view scope, uint32_t origin);

}  // namespace parta
