// Store: opening, local writes, remote ops; see store.h.
#include "store_impl.h"

#include <google/protobuf/message.h>
#include <sys/stat.h>

#include <algorithm>
#include <random>
#include <system_error>

#include <fmt/format.h>

#include "lent_values.h"
#include "parta/storage/scopes.h"
#include "records.pb.h"

namespace parta {
namespace {

constexpr unsigned kMaxDatabases = 32;
// meta, the op log, its scope index and the version vector, beside records and indexes.
static_assert(4 + kRecordTypeMax + kIndexCount <= kMaxDatabases, "every table needs a handle");
// 2: idx_review_with_audio. 3: idx_group_by_school. 4: op log values lent to records
// (lent_values.h). A node of an earlier layout gets the indexes it lacks, and this layout,
// when it is first opened.
constexpr uint32_t kLayoutVersion = 4;
constexpr size_t kMapBytesMax = size_t{1} << 40;  // 1 TiB of address space, not of disk
constexpr int kWriteAttemptsMax = 40;

constexpr std::string_view kMetaLayout = "layout_version";
constexpr std::string_view kMetaOrigin = "origin";
constexpr std::string_view kMetaName = "name";
constexpr std::string_view kMetaRole = "role";
constexpr std::string_view kMetaSchool = "school";
constexpr std::string_view kMetaCounters = "write_counters";

std::string u64_bytes(uint64_t value) {
  std::string out;
  append_u64_be(&out, value);
  return out;
}

bool valid_scope(std::string_view scope) {
  return !scope.empty() && scope.size() <= 256 && scope.find('\0') == std::string_view::npos;
}

}  // namespace

std::string oplog_key(uint32_t origin, uint64_t seq) {
  std::string key;
  append_u32_be(&key, origin);
  append_u64_be(&key, seq);
  return key;
}

std::string vv_key(std::string_view scope, uint32_t origin) {
  std::string key(scope);
  key.push_back('\0');
  append_u32_be(&key, origin);
  return key;
}

StoreImpl::~StoreImpl() {
  if (env_ != nullptr) mdb_env_close(env_);
}

Status StoreImpl::open_environment(bool create) {
  const auto& dir = options_.dir;
  std::error_code ec;
  if (create) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::io(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    if (std::filesystem::exists(dir / "data.mdb", ec)) {
      return Status::refused(fmt::format(
          "{} already holds a Parta node; choose an empty directory", dir.string()));
    }
  } else if (!std::filesystem::exists(dir / "data.mdb", ec)) {
    return lmdb::error(ec ? ec.value() : ENOENT, "opening the node", dir);
  }
  int rc = mdb_env_create(&env_);
  if (rc == 0) rc = mdb_env_set_maxdbs(env_, kMaxDatabases);
  if (rc == 0) rc = mdb_env_set_mapsize(env_, options_.initial_map_bytes);
  if (rc == 0) rc = mdb_env_open(env_, dir.c_str(), MDB_NOTLS, 0600);
  if (rc != 0) return lmdb::error(rc, "opening the database", dir);
  int stale_readers = 0;
  mdb_reader_check(env_, &stale_readers);  // readers left by killed processes pin old pages

  // Opening an existing node of this layout needs no write lock, so reading commands never
  // wait behind a long import or the daemon; a node of an earlier layout (a new release added
  // a table or a way of storing) or a new node takes the write path that upgrades it.
  if (!create) {
    lmdb::Txn txn;
    int read_rc = lmdb::Txn::begin(env_, /*read_only=*/true, &txn);
    if (read_rc == MDB_SUCCESS) read_rc = open_tables(txn.get(), 0);
    if (read_rc == MDB_SUCCESS) {
      auto layout = held_layout(txn.get());
      if (!layout) return layout.status();
      if (!*layout || **layout >= kLayoutVersion) {
        return check(txn.commit(), "opening the tables");  // load_identity judges the rest
      }
    } else if (read_rc != MDB_NOTFOUND) {
      return check(read_rc, "opening the tables");
    }
  }
  return run_write([&](MDB_txn* txn) -> Status {
    std::set<IndexId> added;
    for (const auto& info : all_indexes()) {
      MDB_dbi dbi;
      int rc = mdb_dbi_open(txn, std::string(info.name).c_str(), 0, &dbi);
      if (rc == MDB_NOTFOUND) added.insert(info.id);
    }
    PARTA_RETURN_IF_ERROR(check(open_tables(txn, MDB_CREATE), "creating the tables"));
    if (create) return Status::ok();
    // A node of a newer layout is left untouched. One an earlier release wrote gets the indexes
    // it lacks, built from its records, and is marked as of this layout, so that an earlier
    // release refuses it rather than leave the new indexes behind its writes or misread the
    // op log's lent values (layout 4). Its op log entries need no change: ones with their
    // values are read as ever.
    auto layout = held_layout(txn);
    if (!layout) return layout.status();
    if (*layout && **layout > kLayoutVersion) {
      return Status::refused(fmt::format("{} was written by a newer Parta release; upgrade parta",
                                         options_.dir.string()));
    }
    if (added.empty() && (!*layout || **layout == kLayoutVersion)) return Status::ok();
    // A process of the earlier release that has the node open would go on writing by its
    // layout: leaving out the new indexes, or changing a record whose value the op log now
    // takes from it.
    if (lmdb::opened_by_another_process(options_.dir)) {
      return Status::refused(fmt::format(
          "{} must move to storage layout {} for this release, which needs the node to itself, "
          "but another process has it open: stop partad ('systemctl stop partad'), run this "
          "command again, then start partad",
          options_.dir.string(), kLayoutVersion));
    }
    if (!added.empty()) PARTA_RETURN_IF_ERROR(build_indexes(txn, added));
    std::string bytes = u64_bytes(kLayoutVersion);
    MDB_val key = lmdb::to_val(kMetaLayout);
    MDB_val value = lmdb::to_val(bytes);
    return check(mdb_put(txn, meta_, &key, &value, 0), "upgrading the node's layout");
  });
}

// The layout version in the node's meta table; nullopt when it has none (an interrupted init,
// which load_identity reports).
Result<std::optional<uint64_t>> StoreImpl::held_layout(MDB_txn* txn) {
  MDB_val key = lmdb::to_val(kMetaLayout);
  MDB_val held;
  int rc = mdb_get(txn, meta_, &key, &held);
  if (rc == MDB_NOTFOUND) return std::optional<uint64_t>();
  PARTA_RETURN_IF_ERROR(check(rc, "reading the node's layout"));
  if (held.mv_size != 8) {
    return Status::corrupt(
        fmt::format("the layout version of the node in {} is damaged; "
                    "restore the latest backup with 'parta restore'",
                    options_.dir.string()));
  }
  return std::optional<uint64_t>(read_u64_be(lmdb::to_view(held)));
}

Status StoreImpl::build_indexes(MDB_txn* txn, const std::set<IndexId>& added) {
  for (const auto& info : all_record_types()) {
    lmdb::Cursor cursor(txn, record_dbi(info.type));
    oplog::StoredRecord stored;
    for (bool more = cursor.seek(""); more; more = cursor.next()) {
      // A record that does not parse is left out, not fatal: the node stays usable, and
      // 'parta check' names it.
      if (!stored.ParseFromArray(cursor.value().data(), static_cast<int>(cursor.value().size())) ||
          record_is_deleted(stored)) {
        continue;
      }
      auto entries = index_entries(info.type, cursor.key(), stored.value());
      if (!entries) continue;
      for (const IndexEntry& entry : *entries) {
        if (!added.contains(entry.index)) continue;
        PARTA_RETURN_IF_ERROR(
            put(txn, index_dbi(entry.index), entry.key, "", "building a new index"));
      }
    }
    if (cursor.error() != MDB_SUCCESS) return check(cursor.error(), "building a new index");
  }
  return Status::ok();
}

// Opens every table in `txn` (handles stay valid after it commits); an LMDB code.
int StoreImpl::open_tables(MDB_txn* txn, unsigned flags) {
  int rc = MDB_SUCCESS;
  auto open = [&](std::string_view name, MDB_dbi* dbi) {
    if (rc == MDB_SUCCESS) rc = mdb_dbi_open(txn, std::string(name).c_str(), flags, dbi);
  };
  open("meta", &meta_);
  for (const auto& info : all_record_types()) open(info.name, &records_[static_cast<size_t>(info.type)]);
  for (const auto& info : all_indexes()) open(info.name, &indexes_[static_cast<size_t>(info.id)]);
  open("oplog", &oplog_);
  open("oplog_scope", &oplog_scope_);
  open("vv", &vv_);
  return rc;
}

Status StoreImpl::check(int rc, std::string_view what) {
  if (rc == MDB_SUCCESS) return Status::ok();
  if (rc == MDB_MAP_FULL) map_full_ = true;
  return lmdb::error(rc, what, options_.dir);
}

Status StoreImpl::grow_map() {
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  size_t bigger = info.me_mapsize * 2;
  if (bigger > kMapBytesMax) {
    return Status::io(fmt::format("the database in {} reached {} GiB, the most this release "
                                  "handles", options_.dir.string(), kMapBytesMax >> 30));
  }
  return check(mdb_env_set_mapsize(env_, bigger), "growing the database map");
}

bool StoreImpl::crashes_at(WriteFaults::Point point) {
  if (options_.write_faults != nullptr && options_.write_faults->crash_at(point)) crashed_ = true;
  return crashed_;
}

// Runs `body` in a write transaction; grows the map and retries when it fills.
Status StoreImpl::run_write(const std::function<Status(MDB_txn*)>& body) {
  if (crashed_) return Status::io(std::string(kSimulatedCrashMessage));
  for (int attempt = 0; attempt < kWriteAttemptsMax; ++attempt) {
    lmdb::Txn txn;
    int rc = lmdb::Txn::begin(env_, /*read_only=*/false, &txn);
    if (rc == MDB_MAP_RESIZED) {  // another process grew the map: adopt its size
      PARTA_RETURN_IF_ERROR(check(mdb_env_set_mapsize(env_, 0), "adopting the map size"));
      continue;
    }
    PARTA_RETURN_IF_ERROR(check(rc, "starting a write"));
    map_full_ = false;
    pending_vv_.clear();     // a retried transaction starts over
    write_cursors_.clear();  // LMDB closed them with the previous transaction
    Status status = body(txn.get());
    if (status.is_ok() && crashes_at(WriteFaults::Point::kBeforeCommit)) {
      return Status::io(std::string(kSimulatedCrashMessage));  // txn aborts as it goes
    }
    if (status.is_ok()) status = check(txn.commit(), "saving");
    if (status.is_ok() && crashes_at(WriteFaults::Point::kAfterCommit)) {
      return Status::io(std::string(kSimulatedCrashMessage));
    }
    if (status.is_ok()) return status;
    txn.abort();
    if (!map_full_) return status;
    PARTA_RETURN_IF_ERROR(grow_map());
  }
  return Status::io(fmt::format("writing to {} kept failing after growing the map; check the disk",
                                options_.dir.string()));
}

Status StoreImpl::load_counters(MDB_txn* txn) {
  MDB_val key = lmdb::to_val(kMetaCounters);
  MDB_val value;
  int rc = mdb_get(txn, meta_, &key, &value);
  counters_ = WriteCounters{};
  if (rc == MDB_SUCCESS) {
    auto bytes = lmdb::to_view(value);
    if (bytes.size() != 24) return Status::corrupt("the node's write counters are damaged");
    counters_.next_counter = read_u64_be(bytes);
    counters_.next_seq = read_u64_be(bytes.substr(8));
    counters_.last_hlc = read_u64_be(bytes.substr(16));
  } else if (rc != MDB_NOTFOUND) {
    return check(rc, "reading the write counters");
  }
  clock_.emplace(*options_.clock, counters_.last_hlc, options_.max_clock_ahead_ms);
  return Status::ok();
}

Status StoreImpl::save_counters(MDB_txn* txn) {
  counters_.last_hlc = clock_->last();
  std::string bytes = u64_bytes(counters_.next_counter) + u64_bytes(counters_.next_seq) +
                      u64_bytes(counters_.last_hlc);
  MDB_val key = lmdb::to_val(kMetaCounters);
  MDB_val value = lmdb::to_val(bytes);
  return check(mdb_put(txn, meta_, &key, &value, 0), "saving the write counters");
}

RecordKey StoreImpl::new_key() {
  assert(node_.origin != 0);
  return RecordKey(node_.origin, counters_.next_counter++);
}

Status StoreImpl::initialise_identity(std::string_view name, std::string_view role) {
  std::random_device random;
  uint32_t origin = options_.new_origin;
  while (origin == 0) origin = random();
  node_.origin = origin;
  node_.name = name;
  node_.role = role;
  return Status::ok();
}

Status StoreImpl::load_identity() {
  return read([&](const ReadView& view) -> Status {
    auto* txn = static_cast<MDB_txn*>(view.txn_);
    auto get = [&](std::string_view name, std::string* out) -> Status {
      MDB_val key = lmdb::to_val(name);
      MDB_val value;
      int rc = mdb_get(txn, meta_, &key, &value);
      if (rc == MDB_NOTFOUND) {
        return Status::corrupt(fmt::format("{} is missing the node's {}; was 'parta init' "
                                           "interrupted? Restore a backup or init again",
                                           options_.dir.string(), name));
      }
      PARTA_RETURN_IF_ERROR(check(rc, "reading the node identity"));
      *out = lmdb::to_view(value);
      return Status::ok();
    };
    std::string layout, origin, school;
    PARTA_RETURN_IF_ERROR(get(kMetaLayout, &layout));
    if (layout != u64_bytes(kLayoutVersion)) {
      return Status::refused(fmt::format("{} was written by a newer Parta release; upgrade parta",
                                         options_.dir.string()));
    }
    PARTA_RETURN_IF_ERROR(get(kMetaOrigin, &origin));
    PARTA_RETURN_IF_ERROR(get(kMetaName, &node_.name));
    PARTA_RETURN_IF_ERROR(get(kMetaRole, &node_.role));
    PARTA_RETURN_IF_ERROR(get(kMetaSchool, &school));
    if (origin.size() != 4) return Status::corrupt("the node's origin id is damaged");
    node_.origin = read_u32_be(origin);
    auto school_key = RecordKey::from_bytes(school);
    if (!school_key) return school_key.status();
    node_.school = *school_key;
    return Status::ok();
  });
}

Status StoreImpl::write(const std::function<Status(WriteTxn&)>& body) {
  return run_write([&](MDB_txn* txn) -> Status {
    PARTA_RETURN_IF_ERROR(load_counters(txn));
    WriteTxn write_txn(this, txn);
    PARTA_RETURN_IF_ERROR(body(write_txn));
    PARTA_RETURN_IF_ERROR(flush_version_vector(txn));
    return save_counters(txn);
  });
}

Status StoreImpl::read(const std::function<Status(const ReadView&)>& body) const {
  auto* self = const_cast<StoreImpl*>(this);
  for (int attempt = 0; attempt < 2; ++attempt) {
    lmdb::Txn txn;
    int rc = lmdb::Txn::begin(env_, /*read_only=*/true, &txn);
    if (rc == MDB_MAP_RESIZED) {
      mdb_env_set_mapsize(env_, 0);
      continue;
    }
    if (rc != MDB_SUCCESS) return lmdb::error(rc, "starting a read", options_.dir);
    ReadView view(self, txn.get());
    return body(view);
  }
  return Status::io("the database map kept changing size while reading; retry");
}

Status StoreImpl::local_op(MDB_txn* txn, oplog::Op op) {
  if (!valid_scope(op.scope())) {
    return Status::invalid(fmt::format("scope \"{}\" is not valid", op.scope()));
  }
  op.set_origin(node_.origin);
  op.set_seq(counters_.next_seq++);
  op.set_hlc(clock_->tick());
  return apply_op(txn, op);
}

Status StoreImpl::apply_remote(std::span<const oplog::Op> ops) {
  return run_write([&](MDB_txn* txn) -> Status {
    PARTA_RETURN_IF_ERROR(load_counters(txn));
    size_t applied = 0;
    for (const oplog::Op& op : ops) {
      if (op.origin() == 0 || op.seq() == 0 || !valid_scope(op.scope())) {
        return Status::corrupt(
            fmt::format("op {:08x}:{} is malformed (origin, seq or scope); "
                        "nothing from this batch was applied",
                        op.origin(), op.seq()));
      }
      if (op.value_in_record()) {  // an op log's own shorthand never travels
        return Status::corrupt(
            fmt::format("op {:08x}:{} arrived without its value (was its sender, an earlier "
                        "release, left running on a node a later one upgraded? restart partad "
                        "there); nothing from this batch was applied",
                        op.origin(), op.seq()));
      }
      std::string log_key = oplog_key(op.origin(), op.seq());
      MDB_val key = lmdb::to_val(log_key);
      MDB_val value;
      int rc = mdb_get(txn, oplog_, &key, &value);
      if (rc == MDB_SUCCESS) {  // already held: applying twice changes nothing...
        PARTA_RETURN_IF_ERROR(check_same_op(txn, op, lmdb::to_view(value)));  // ...if the same
        continue;
      }
      if (rc != MDB_NOTFOUND) return check(rc, "reading the op log");
      PARTA_RETURN_IF_ERROR(clock_->observe(op.hlc()));
      if (op.origin() == node_.origin) {
        // Our own ops coming back (say, after restoring an old backup): never reuse their
        // numbers.
        counters_.next_seq = std::max(counters_.next_seq, op.seq() + 1);
        if (op.key().size() == RecordKey::kBytes && read_u32_be(op.key()) == node_.origin) {
          counters_.next_counter =
              std::max(counters_.next_counter, read_u64_be(op.key().substr(4)) + 1);
        }
      }
      PARTA_RETURN_IF_ERROR(apply_op(txn, op));
      ++applied;
    }
    if (applied == 0) return Status::ok();
    PARTA_RETURN_IF_ERROR(flush_version_vector(txn));
    return save_counters(txn);
  });
}

std::string stored_op_bytes(const oplog::Op& op, bool value_in_record) {
  oplog::Op stored = op;  // the key holds origin and seq; the stored op leaves them out
  stored.clear_origin();
  stored.clear_seq();
  if (value_in_record) {
    stored.clear_value();
    stored.set_value_in_record(true);
  }
  return stored.SerializeAsString();
}

// Two different ops under one (origin, seq) mean a node reused its numbers, typically after
// being restored from an old backup and writing before it synced. Skipping the second would
// leave the nodes different for good, so the whole batch is refused, loudly.
Status StoreImpl::check_same_op(MDB_txn* txn, const oplog::Op& op, std::string_view held) const {
  const std::string incoming = stored_op_bytes(op);
  if (incoming == held) return Status::ok();
  oplog::Op logged;
  if (logged.ParseFromArray(held.data(), static_cast<int>(held.size())) &&
      logged.value_in_record()) {
    logged.set_origin(op.origin());
    logged.set_seq(op.seq());
    PARTA_RETURN_IF_ERROR(fill_lent_value(txn, &logged));
    if (stored_op_bytes(logged) == incoming) return Status::ok();
  }
  return Status::corrupt(fmt::format(
      "node {:08x} sent op {} that differs from the op {} already held under that number: that "
      "node reused its op numbers (was it restored from a backup and used before syncing?). "
      "Nothing from this batch was applied; restore that node with 'parta restore', which gives "
      "it a new node id", op.origin(), op.seq(), op.seq()));
}

Status StoreImpl::apply_op(MDB_txn* txn, const oplog::Op& op) {
  bool value_lent = false;
  if (record_type_info(op.record_type())) {
    PARTA_RETURN_IF_ERROR(apply_to_record(txn, op, &value_lent));
  }
  return log_op(txn, op, value_lent);
}

Status StoreImpl::get_stored(MDB_txn* txn, RecordType type, std::string_view key,
                             oplog::StoredRecord* out, bool* found) const {
  MDB_val mdb_key = lmdb::to_val(key);
  MDB_val value;
  int rc = mdb_get(txn, record_dbi(type), &mdb_key, &value);
  *found = rc == MDB_SUCCESS;
  if (rc == MDB_NOTFOUND) return Status::ok();
  if (rc != MDB_SUCCESS) return lmdb::error(rc, "reading a record", options_.dir);
  if (!out->ParseFromArray(value.mv_data, static_cast<int>(value.mv_size))) {
    return Status::corrupt(fmt::format("a stored {} record does not parse; run 'parta check'",
                                       record_type_info(type).name));
  }
  return Status::ok();
}

Status StoreImpl::apply_to_record(MDB_txn* txn, const oplog::Op& op, bool* value_lent) {
  auto type = static_cast<RecordType>(op.record_type());
  if (op.key().empty() || op.key().size() > 64) {
    return Status::corrupt(fmt::format("op {}:{} has a record key of {} bytes", op.origin(),
                                       op.seq(), op.key().size()));
  }
  oplog::StoredRecord before;
  bool found = false;
  PARTA_RETURN_IF_ERROR(get_stored(txn, type, op.key(), &before, &found));
  oplog::StoredRecord after = before;
  bool changed = false;
  PARTA_RETURN_IF_ERROR(merge_op(op, &after, &changed));
  if (!changed) return Status::ok();
  if (before.has_value_lent_to()) {  // the value is about to change: the op log gets it back
    PARTA_RETURN_IF_ERROR(take_back_value(txn, type, op.key(), before));
    after.clear_value_lent_to();
  }
  if (lends_value_to(after, op)) {
    after.mutable_value_lent_to()->set_origin(op.origin());
    after.mutable_value_lent_to()->set_seq(op.seq());
    *value_lent = true;
  }
  PARTA_RETURN_IF_ERROR(update_indexes(txn, type, op.key(), found ? &before : nullptr, after));
  return put(txn, record_dbi(type), op.key(), after.SerializeAsString(), "saving a record");
}

Status StoreImpl::update_indexes(MDB_txn* txn, RecordType type, std::string_view key,
                                 const oplog::StoredRecord* before,
                                 const oplog::StoredRecord& after) {
  auto entries_of = [&](const oplog::StoredRecord* record) -> Result<std::vector<IndexEntry>> {
    if (record == nullptr || record_is_deleted(*record)) return std::vector<IndexEntry>{};
    return index_entries(type, key, record->value());
  };
  auto old_entries = entries_of(before);
  if (!old_entries) return old_entries.status();
  auto new_entries = entries_of(&after);
  if (!new_entries) return new_entries.status();
  auto contains = [](const std::vector<IndexEntry>& entries, const IndexEntry& entry) {
    return std::find(entries.begin(), entries.end(), entry) != entries.end();
  };
  for (const auto& entry : *old_entries) {
    if (contains(*new_entries, entry)) continue;
    MDB_val index_key = lmdb::to_val(entry.key);
    int rc = mdb_del(txn, index_dbi(entry.index), &index_key, nullptr);
    if (rc != MDB_NOTFOUND) PARTA_RETURN_IF_ERROR(check(rc, "updating an index"));
  }
  for (const auto& entry : *new_entries) {
    if (contains(*old_entries, entry)) continue;
    PARTA_RETURN_IF_ERROR(put(txn, index_dbi(entry.index), entry.key, "", "updating an index"));
  }
  return Status::ok();
}

Status StoreImpl::log_op(MDB_txn* txn, const oplog::Op& op, bool value_lent) {
  PARTA_RETURN_IF_ERROR(put(txn, oplog_, oplog_key(op.origin(), op.seq()),
                            stored_op_bytes(op, value_lent), "saving to the op log"));
  std::string scope_key = vv_key(op.scope(), op.origin());
  PARTA_RETURN_IF_ERROR(
      put(txn, oplog_scope_, scope_key + u64_bytes(op.seq()), "", "saving to the op log"));

  uint64_t& highest = pending_vv_[scope_key];
  highest = std::max(highest, op.seq());
  return Status::ok();
}

// Appending when the key sorts after every key of the table lets LMDB fill pages completely
// instead of splitting them in half, which is what ascending keys (the op log, records born
// on one node) would otherwise leave behind.
Status StoreImpl::put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value,
                      std::string_view what) {
  MDB_cursor*& cursor = write_cursors_[dbi];
  if (cursor == nullptr) PARTA_RETURN_IF_ERROR(check(mdb_cursor_open(txn, dbi, &cursor), what));
  MDB_val last_key, last_value;
  int rc = mdb_cursor_get(cursor, &last_key, &last_value, MDB_LAST);
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return check(rc, what);
  unsigned flags = rc == MDB_NOTFOUND || lmdb::to_view(last_key) < key ? MDB_APPEND : 0;
  MDB_val mdb_key = lmdb::to_val(key);
  MDB_val mdb_value = lmdb::to_val(value);
  return check(mdb_cursor_put(cursor, &mdb_key, &mdb_value, flags), what);
}

// The version vector moves once per transaction, not once per op.
Status StoreImpl::flush_version_vector(MDB_txn* txn) {
  for (const auto& [scope_key, seq] : pending_vv_) {
    MDB_val key = lmdb::to_val(scope_key);
    MDB_val value;
    int rc = mdb_get(txn, vv_, &key, &value);
    if (rc == MDB_SUCCESS && read_u64_be(lmdb::to_view(value)) >= seq) continue;
    if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return check(rc, "reading the version vector");
    std::string bytes = u64_bytes(seq);
    value = lmdb::to_val(bytes);
    PARTA_RETURN_IF_ERROR(check(mdb_put(txn, vv_, &key, &value, 0), "saving the version vector"));
  }
  pending_vv_.clear();
  return Status::ok();
}

// ---- Store ----

Store::Store(std::unique_ptr<StoreImpl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::create(const StoreOptions& options, std::string_view name,
                                             std::string_view role) {
  if (role != "hub" && role != "school") {
    return Status::invalid(fmt::format("role \"{}\" is not known: use hub or school", role));
  }
  auto impl = std::make_unique<StoreImpl>(options);
  Status status = impl->open_environment(/*create=*/true);
  if (status.kind() == Status::Kind::kRefused) return status;  // a node is there: leave it be
  if (status.is_ok()) status = impl->initialise_identity(name, role);
  StoreImpl* raw = impl.get();
  if (status.is_ok()) status = impl->write([&](WriteTxn& txn) -> Status {
    auto* mdb_txn = static_cast<MDB_txn*>(txn.txn_);
    RecordKey school = txn.new_key();
    raw->node_.school = school;
    std::string origin;
    append_u32_be(&origin, raw->node_.origin);
    const std::pair<std::string_view, std::string> meta[] = {
        {kMetaLayout, u64_bytes(kLayoutVersion)}, {kMetaOrigin, origin},
        {kMetaName, std::string(name)},           {kMetaRole, std::string(role)},
        {kMetaSchool, school.to_string()}};
    for (const auto& [meta_key, meta_value] : meta) {
      MDB_val key = lmdb::to_val(meta_key);
      MDB_val value = lmdb::to_val(meta_value);
      PARTA_RETURN_IF_ERROR(raw->check(mdb_put(mdb_txn, raw->meta_, &key, &value, 0), "init"));
    }
    records::School record;
    record.set_name(std::string(name));
    record.set_role(std::string(role));
    return txn.put(RecordType::kSchool, school.bytes(), record, school_scope(school));
  });
  if (!status.is_ok()) {
    // Leave no half-made node behind, so that 'parta init' can simply be run again.
    impl.reset();
    remove_node_files(options.dir);
    return status;
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

void Store::remove_node_files(const std::filesystem::path& dir) {
  std::error_code ignored;
  std::filesystem::remove(dir / "data.mdb", ignored);
  std::filesystem::remove(dir / "lock.mdb", ignored);
}

Status StoreImpl::take_new_origin() {
  std::random_device random;
  uint32_t origin = 0;
  while (origin == 0 || origin == node_.origin) origin = random();
  return run_write([&](MDB_txn* txn) -> Status {
    PARTA_RETURN_IF_ERROR(load_counters(txn));
    std::string bytes;
    append_u32_be(&bytes, origin);
    MDB_val key = lmdb::to_val(kMetaOrigin);
    MDB_val value = lmdb::to_val(bytes);
    PARTA_RETURN_IF_ERROR(check(mdb_put(txn, meta_, &key, &value, 0), "saving the node id"));
    counters_.next_counter = 1;  // a new origin has issued no keys and no ops yet
    counters_.next_seq = 1;
    PARTA_RETURN_IF_ERROR(save_counters(txn));
    node_.origin = origin;
    return Status::ok();
  });
}

Result<std::unique_ptr<Store>> Store::restore(const StoreOptions& options,
                                              const std::filesystem::path& backup) {
  std::error_code ec;
  if (std::filesystem::exists(options.dir / "data.mdb", ec)) {
    return Status::refused(fmt::format("{} already holds a Parta node; restore into an empty "
                                       "directory", options.dir.string()));
  }
  if (!std::filesystem::is_regular_file(backup, ec)) {
    return Status::not_found(
        fmt::format("the backup {} {}; name the file 'parta backup' wrote", backup.string(),
                    std::filesystem::exists(backup, ec) ? "is not a file" : "does not exist"));
  }
  if (std::filesystem::file_size(backup, ec) == 0 && !ec) {  // LMDB would take it for a new one
    return Status::corrupt(
        fmt::format("the backup {} is empty (0 bytes); restore another backup", backup.string()));
  }
  std::filesystem::create_directories(options.dir, ec);
  auto partial = options.dir / "data.mdb.partial";
  if (!ec) std::filesystem::copy_file(backup, partial, ec);
  if (!ec) std::filesystem::rename(partial, options.dir / "data.mdb", ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    return Status::io(fmt::format("cannot restore {} into {}: {}", backup.string(),
                                  options.dir.string(), ec.message()));
  }
  // A backup cut short by a copy that did not finish, or damaged on its medium, can crash the
  // process that maps it (SIGBUS past its end), so it is read whole in a child first.
  Status status = check_restored_copy(options, backup);
  if (!status.is_ok()) {
    remove_node_files(options.dir);
    return status;
  }
  auto impl = std::make_unique<StoreImpl>(options);
  status = impl->open_environment(/*create=*/false);
  if (status.is_ok()) status = impl->load_identity();
  if (status.is_ok()) status = impl->take_new_origin();
  if (!status.is_ok()) {
    impl.reset();
    remove_node_files(options.dir);
    return status;
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  auto impl = std::make_unique<StoreImpl>(options);
  PARTA_RETURN_IF_ERROR(impl->open_environment(/*create=*/false));
  PARTA_RETURN_IF_ERROR(impl->load_identity());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

const NodeIdentity& Store::node() const { return impl_->node_; }
const std::filesystem::path& Store::dir() const { return impl_->options_.dir; }
const Clock& Store::wall_clock() const { return *impl_->options_.clock; }

Status Store::read(const std::function<Status(const ReadView&)>& body) const {
  return impl_->read(body);
}
Status Store::write(const std::function<Status(WriteTxn&)>& body) { return impl_->write(body); }
Status Store::apply_remote(std::span<const oplog::Op> ops) { return impl_->apply_remote(ops); }

}  // namespace parta
