// ReadView and WriteTxn: record access inside a transaction; see store.h.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <fmt/format.h>

#include "store_impl.h"

namespace parta {
namespace {

MDB_txn* mdb(void* txn) { return static_cast<MDB_txn*>(txn); }

}  // namespace

Status ReadView::get(RecordType type, std::string_view key,
                     google::protobuf::Message* out) const {
  oplog::StoredRecord stored;
  bool found = false;
  PARTA_RETURN_IF_ERROR(store_->get_stored(mdb(txn_), type, key, &stored, &found));
  if (!found || record_is_deleted(stored)) {
    return Status::not_found(fmt::format("no such {}", record_type_info(type).name));
  }
  if (!out->ParseFromString(stored.value())) {
    return Status::corrupt(fmt::format("a stored {} record does not parse; run 'parta check'",
                                       record_type_info(type).name));
  }
  return Status::ok();
}

Result<bool> ReadView::exists(RecordType type, std::string_view key) const {
  oplog::StoredRecord stored;
  bool found = false;
  PARTA_RETURN_IF_ERROR(store_->get_stored(mdb(txn_), type, key, &stored, &found));
  return found && !record_is_deleted(stored);
}

Status ReadView::for_each(RecordType type, std::string_view key_prefix,
                          const RecordVisitor& visit) const {
  lmdb::Cursor cursor(mdb(txn_), store_->record_dbi(type));
  oplog::StoredRecord stored;
  for (bool more = cursor.seek(key_prefix); more; more = cursor.next()) {
    if (!stored.ParseFromArray(cursor.value().data(), static_cast<int>(cursor.value().size()))) {
      return Status::corrupt(fmt::format("a stored {} record does not parse; run 'parta check'",
                                         record_type_info(type).name));
    }
    if (record_is_deleted(stored)) continue;
    if (!visit(cursor.key(), stored.value())) break;
  }
  return store_->check(cursor.error(), "reading records");
}

Status ReadView::for_each_stored(RecordType type, const RecordVisitor& visit) const {
  lmdb::Cursor cursor(mdb(txn_), store_->record_dbi(type));
  for (bool more = cursor.seek(""); more; more = cursor.next()) {
    if (!visit(cursor.key(), cursor.value())) break;
  }
  return store_->check(cursor.error(), "reading records");
}

Status ReadView::for_each_indexed(IndexId index, std::string_view prefix,
                                  const IndexVisitor& visit) const {
  lmdb::Cursor cursor(mdb(txn_), store_->index_dbi(index));
  for (bool more = cursor.seek(prefix); more; more = cursor.next()) {
    if (cursor.key().size() < RecordKey::kBytes) {
      return Status::corrupt("an index entry is too short; run 'parta check'");
    }
    if (!visit(cursor.key(), record_key_of(index, cursor.key()))) break;
  }
  return store_->check(cursor.error(), "reading an index");
}

Status ReadView::for_each_op(uint32_t origin, uint64_t from_seq, const OpVisitor& visit) const {
  lmdb::Cursor cursor(mdb(txn_), store_->oplog_);
  std::string start = oplog_key(origin, from_seq);
  oplog::Op op;
  for (bool more = cursor.seek(start.substr(0, 4), start); more; more = cursor.next()) {
    if (!op.ParseFromArray(cursor.value().data(), static_cast<int>(cursor.value().size()))) {
      return Status::corrupt("an op in the op log does not parse; run 'parta check'");
    }
    op.set_origin(read_u32_be(cursor.key()));  // kept in the key, not in the stored op
    op.set_seq(read_u64_be(cursor.key().substr(4)));
    PARTA_RETURN_IF_ERROR(store_->fill_lent_value(mdb(txn_), &op));
    if (!visit(op)) break;
  }
  return store_->check(cursor.error(), "reading the op log");
}

Status ReadView::for_each_scoped_op(std::string_view scope, uint32_t origin, uint64_t from_seq,
                                    const OpVisitor& visit) const {
  const std::string prefix = vv_key(scope, origin);
  std::string start = prefix;
  append_u64_be(&start, from_seq);
  lmdb::Cursor scoped(mdb(txn_), store_->oplog_scope_);
  lmdb::Cursor logged(mdb(txn_), store_->oplog_);
  oplog::Op op;
  for (bool more = scoped.seek(prefix, start); more; more = scoped.next()) {
    if (scoped.key().size() != prefix.size() + 8) {
      return Status::corrupt("an entry of the op log by scope is malformed; run 'parta check'");
    }
    const uint64_t seq = read_u64_be(scoped.key().substr(prefix.size()));
    std::string log_key;
    append_u32_be(&log_key, origin);
    append_u64_be(&log_key, seq);
    if (!logged.seek(log_key, log_key) || logged.key() != log_key) {
      PARTA_RETURN_IF_ERROR(store_->check(logged.error(), "reading the op log"));
      return Status::corrupt(fmt::format(
          "op {:08x}:{} is listed in scope \"{}\" but missing from the op log; run 'parta check'",
          origin, seq, scope));
    }
    if (!op.ParseFromArray(logged.value().data(), static_cast<int>(logged.value().size()))) {
      return Status::corrupt("an op in the op log does not parse; run 'parta check'");
    }
    op.set_origin(origin);
    op.set_seq(seq);
    PARTA_RETURN_IF_ERROR(store_->fill_lent_value(mdb(txn_), &op));
    if (!visit(op)) break;
  }
  PARTA_RETURN_IF_ERROR(store_->check(logged.error(), "reading the op log"));
  return store_->check(scoped.error(), "reading the op log by scope");
}

Result<uint64_t> ReadView::count_scoped_ops(std::string_view scope, uint32_t origin,
                                            uint64_t from_seq, uint64_t to_seq) const {
  const std::string prefix = vv_key(scope, origin);
  std::string start = prefix;
  append_u64_be(&start, from_seq);
  lmdb::Cursor scoped(mdb(txn_), store_->oplog_scope_);
  uint64_t count = 0;
  for (bool more = scoped.seek(prefix, start); more; more = scoped.next()) {
    if (scoped.key().size() != prefix.size() + 8) {
      return Status::corrupt("an entry of the op log by scope is malformed; run 'parta check'");
    }
    if (read_u64_be(scoped.key().substr(prefix.size())) > to_seq) break;
    ++count;
  }
  PARTA_RETURN_IF_ERROR(store_->check(scoped.error(), "reading the op log by scope"));
  return count;
}

Result<std::vector<VersionEntry>> ReadView::version_vector() const {
  std::vector<VersionEntry> entries;
  lmdb::Cursor cursor(mdb(txn_), store_->vv_);
  for (bool more = cursor.seek(""); more; more = cursor.next()) {
    std::string_view key = cursor.key();
    if (key.size() < 5 || cursor.value().size() != 8) {
      return Status::corrupt("the version vector is damaged; run 'parta check'");
    }
    entries.push_back({std::string(key.substr(0, key.size() - 5)),
                       read_u32_be(key.substr(key.size() - 4)), read_u64_be(cursor.value())});
  }
  PARTA_RETURN_IF_ERROR(store_->check(cursor.error(), "reading the version vector"));
  return entries;
}

RecordKey WriteTxn::new_key() { return store_->new_key(); }

Status WriteTxn::put(RecordType type, std::string_view key,
                     const google::protobuf::Message& value, std::string_view scope) {
  const auto* descriptor = value.GetDescriptor();
  std::vector<uint32_t> fields;
  fields.reserve(descriptor->field_count());
  for (int i = 0; i < descriptor->field_count(); ++i) {
    fields.push_back(static_cast<uint32_t>(descriptor->field(i)->number()));
  }
  return put_fields(type, key, value, fields, scope);
}

Status WriteTxn::put_fields(RecordType type, std::string_view key,
                            const google::protobuf::Message& value,
                            std::span<const uint32_t> fields, std::string_view scope) {
  const RecordTypeInfo& info = record_type_info(type);
  auto existing = exists(type, key);
  if (!existing) return existing.status();
  if (info.append_only && *existing) {
    return Status::refused(fmt::format("a {} is never changed once written; record a new one",
                                       info.name));
  }
  oplog::Op op;
  op.set_scope(std::string(scope));
  op.set_record_type(static_cast<uint32_t>(type));
  op.set_key(std::string(key));
  value.SerializeToString(op.mutable_value());
  op.mutable_fields()->Add(fields.begin(), fields.end());
  return store_->local_op(mdb(txn_), std::move(op));
}

Status WriteTxn::erase(RecordType type, std::string_view key, std::string_view scope) {
  const RecordTypeInfo& info = record_type_info(type);
  assert(!info.append_only);
  auto existing = exists(type, key);
  if (!existing) return existing.status();
  if (!*existing) return Status::not_found(fmt::format("no such {}", info.name));
  oplog::Op op;
  op.set_scope(std::string(scope));
  op.set_record_type(static_cast<uint32_t>(type));
  op.set_key(std::string(key));
  op.set_tombstone(true);
  return store_->local_op(mdb(txn_), std::move(op));
}

}  // namespace parta
