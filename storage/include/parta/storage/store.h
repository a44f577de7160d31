// Store: one node's records in one LMDB environment, with the op log and version vectors.
//
// Start here. Every change is an op {origin, seq, hlc, scope, type, key, fields, value or
// tombstone} committed in the same transaction as the record change it makes, its index
// entries, the op log entry and the version vector. Local writes go through Store::write;
// ops from peers through Store::apply_remote, which is idempotent and order-independent:
// each field keeps the value of the write with the largest (hlc, origin), so any set of ops
// applied in any order, any number of times, gives byte-identical records and indexes.
//
// Layout of the environment (docs/storage-layout.md): sub-databases "meta", one per record
// type (record_types.h), one per index (indexes.h), "oplog" (origin+seq -> Op), "oplog_scope"
// (scope '\0' origin seq -> empty) and "vv" (scope '\0' origin -> highest seq held).
//
// Failure: every call returns a Status; nothing is half-written. A full map grows and the work
// is redone; a full disk fails the write with a message saying so and leaves every earlier
// commit intact. Durability: a write is on disk when Store::write returns ok.
//
// Thread safety: a Store is used from one thread at a time. Several processes may open the
// same directory at once (LMDB serialises their writers).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oplog.pb.h"
#include "parta/storage/hlc.h"
#include "parta/storage/indexes.h"
#include "parta/storage/record_key.h"
#include "parta/storage/record_types.h"
#include "parta/storage/status.h"
#include "parta/storage/write_faults.h"

namespace google::protobuf {
class Message;
}

namespace parta {

struct StoreOptions {
  std::filesystem::path dir;
  const Clock* clock = &SystemClock::instance();
  // A peer's write stamped further ahead of our clock than this is refused. Two days: a
  // school box whose clock fell back by a day must still take its hub's writes of today.
  int64_t max_clock_ahead_ms = 48LL * 60 * 60 * 1000;
  size_t initial_map_bytes = size_t{64} << 20;
  // The simulator's crash points (write_faults.h); never set in production.
  WriteFaults* write_faults = nullptr;
  // The node id Store::create gives a new node; 0, as in production, draws one at random. The
  // simulator and property tests set it from their seed, so that a seed replays exactly (ids
  // order keys and break ties between writes stamped alike).
  uint32_t new_origin = 0;
};

struct NodeIdentity {
  uint32_t origin = 0;     // this node's id in every key and op it creates
  std::string name;        // the school's name
  std::string role;        // "hub" or "school"
  RecordKey school;        // this node's School record
};

// Highest seq held per (scope, origin).
struct VersionEntry {
  std::string scope;
  uint32_t origin;
  uint64_t seq;
};

class StoreImpl;
class WriteTxn;

// Read access inside a transaction (a consistent snapshot).
class ReadView {
 public:
  virtual ~ReadView() = default;
  // NotFound when the record does not exist or was deleted; Corrupt if it does not parse.
  Status get(RecordType type, std::string_view key, google::protobuf::Message* out) const;
  // Whether a live record has this key; an error reading it is returned, never taken for "no".
  Result<bool> exists(RecordType type, std::string_view key) const;
  // Visits live records whose key starts with `key_prefix`, in key order, until `visit`
  // returns false. `value` is the serialized record.
  using RecordVisitor = std::function<bool(std::string_view key, std::string_view value)>;
  Status for_each(RecordType type, std::string_view key_prefix, const RecordVisitor& visit) const;
  // Visits every stored record of a type, deleted ones included, as its serialized
  // oplog::StoredRecord (merged value plus the stamps future merges depend on): what two
  // replicas that applied the same ops agree on byte for byte (but for value_lent_to, which
  // records stored before layout 4 lack).
  Status for_each_stored(RecordType type, const RecordVisitor& visit) const;
  // Visits index entries whose index key starts with `prefix`.
  using IndexVisitor = std::function<bool(std::string_view index_key, std::string_view record_key)>;
  Status for_each_indexed(IndexId index, std::string_view prefix, const IndexVisitor& visit) const;
  // Visits logged ops of `origin` with seq >= from_seq in seq order.
  using OpVisitor = std::function<bool(const oplog::Op& op)>;
  Status for_each_op(uint32_t origin, uint64_t from_seq, const OpVisitor& visit) const;
  // Visits logged ops of `origin` in `scope` with seq >= from_seq, in seq order.
  Status for_each_scoped_op(std::string_view scope, uint32_t origin, uint64_t from_seq,
                            const OpVisitor& visit) const;
  // How many logged ops of `origin` in `scope` have a seq in [from_seq, to_seq].
  Result<uint64_t> count_scoped_ops(std::string_view scope, uint32_t origin, uint64_t from_seq,
                                    uint64_t to_seq) const;
  Result<std::vector<VersionEntry>> version_vector() const;

 protected:
  friend class StoreImpl;
  friend class Store;
  ReadView(StoreImpl* store, void* txn) : store_(store), txn_(txn) {}
  StoreImpl* store_;
  void* txn_;  // MDB_txn*, kept opaque so callers need no LMDB header
};

// A write transaction. Each put/erase becomes one op. Nothing is visible to others until
// Store::write commits it; if the callback returns an error, nothing is written.
class WriteTxn : public ReadView {
 public:
  // A fresh key (this node's origin, next counter).
  RecordKey new_key();
  // Writes every field the schema knows (fields this release does not know are kept).
  Status put(RecordType type, std::string_view key, const google::protobuf::Message& value,
             std::string_view scope);
  // Writes only the listed field numbers; a listed field absent from `value` is cleared.
  Status put_fields(RecordType type, std::string_view key, const google::protobuf::Message& value,
                    std::span<const uint32_t> fields, std::string_view scope);
  Status erase(RecordType type, std::string_view key, std::string_view scope);

 private:
  friend class StoreImpl;
  using ReadView::ReadView;
};

class Store {
 public:
  ~Store();
  // Creates a node in an empty (or missing) directory: a new origin, the School record.
  // Refused if the directory already holds a node; on any other failure nothing is left.
  static Result<std::unique_ptr<Store>> create(const StoreOptions& options, std::string_view name,
                                               std::string_view role);
  // Makes a node in an empty (or missing) directory from a file written by backup(), under a
  // new origin: the restored node may have written ops after the backup that its peers hold,
  // and must never number new writes like those. Its records and op log are the backup's.
  // The copy is checked whole (verify()) before it is used, in a child process (fork: call
  // this from a single-threaded process). A backup that fails, is cut short or is no Parta
  // backup is Corrupt, one a newer release wrote Refused, a missing file NotFound; each names
  // the file, and nothing is left in the directory.
  static Result<std::unique_ptr<Store>> restore(const StoreOptions& options,
                                                const std::filesystem::path& backup);
  // Deletes the database files of a node in `dir` that must not be kept (a node whose
  // creation failed half-way). Nothing may have the node open.
  static void remove_node_files(const std::filesystem::path& dir);
  // Opens an existing node; NotFound if there is none; clears readers left by dead processes.
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options);

  const NodeIdentity& node() const;
  const std::filesystem::path& dir() const;
  // The wall clock the store stamps writes with (StoreOptions::clock).
  const Clock& wall_clock() const;

  Status read(const std::function<Status(const ReadView&)>& body) const;
  // Runs `body` in one write transaction and commits it durably. `body` may run more than once
  // (after the map grows), so it must not change anything outside the transaction.
  Status write(const std::function<Status(WriteTxn&)>& body);
  // Applies ops from a peer in one transaction: ops already held are skipped; a record type or
  // field this release does not know is logged and relayed. Refused as a whole, changing
  // nothing, if any op's clock is too far ahead or an op is malformed; Corrupt if an op differs
  // from the one already held under its (origin, seq). Records merge in any order, but the
  // version vector keeps the highest seq per (scope, origin): a peer sends each origin's ops of
  // a scope in seq order (sync does), or the vector would claim ops that never arrived.
  Status apply_remote(std::span<const oplog::Op> ops);
  // Writes a consistent, compacted copy of the environment to `out` (a file), safe while other
  // processes write. The file appears only when complete.
  Status backup(const std::filesystem::path& out) const;
  // Checks that every record parses and every index matches the records. Corrupt on mismatch.
  Status verify() const;
  // Bytes the environment occupies on disk.
  Result<uint64_t> disk_bytes() const;

 private:
  explicit Store(std::unique_ptr<StoreImpl> impl);
  // Opens the node restore() just copied into options.dir and verify()s it in a child
  // process, so that a backup which crashes LMDB crashes only the child; Corrupt, naming
  // `backup` and what was wrong, unless the copy is whole and consistent.
  static Status check_restored_copy(const StoreOptions& options,
                                    const std::filesystem::path& backup);

  std::unique_ptr<StoreImpl> impl_;
};

}  // namespace parta
