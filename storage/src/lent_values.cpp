// Values lent from records to the op log; see lent_values.h.
#include "lent_values.h"

#include <fmt/format.h>

#include "parta/storage/record_key.h"
#include "store_impl.h"

namespace parta {

bool lends_value_to(const oplog::StoredRecord& record, const oplog::Op& op) {
  auto type = record_type_info(op.record_type());
  return type && type->append_only && stamped_by_only(record, op.hlc(), op.origin()) &&
         op.value() == record.value();
}

bool stamped_by_only(const oplog::StoredRecord& record, uint64_t hlc, uint32_t origin) {
  if (record.has_deleted() || record.stamps_size() != 1) return false;
  const oplog::Stamp& stamp = record.stamps(0).stamp();
  return stamp.hlc() == hlc && stamp.origin() == origin &&
         record.value().size() >= kLentValueMinBytes;
}

std::string describe_record(RecordType type, std::string_view key) {
  const RecordTypeInfo& info = record_type_info(type);
  auto born_here = RecordKey::from_bytes(key);
  if (!info.id_prefix.empty() && born_here) {
    return fmt::format("{} {}", info.name, format_id(info.id_prefix, *born_here));
  }
  std::string hex;
  for (unsigned char byte : key) hex += fmt::format("{:02x}", byte);
  return fmt::format("{} with key {}", info.name, hex);
}

namespace {

// What to say when a record and the op it lends its value to disagree.
Status lent_value_mismatch(RecordType type, std::string_view key, const oplog::OpId& op) {
  return Status::corrupt(fmt::format(
      "the {} and op {:08x}:{} no longer agree on the value they share (was a release before "
      "layout 4 still running when this one upgraded the node?); run 'parta check', and if it "
      "reports the same, restore the latest backup with 'parta restore'",
      describe_record(type, key), op.origin(), op.seq()));
}

}  // namespace

Status StoreImpl::take_back_value(MDB_txn* txn, RecordType type, std::string_view record_key,
                                  const oplog::StoredRecord& lender) {
  const oplog::OpId& lent_to = lender.value_lent_to();
  const std::string log_key = oplog_key(lent_to.origin(), lent_to.seq());
  MDB_val key = lmdb::to_val(log_key);
  MDB_val held;
  int rc = mdb_get(txn, oplog_, &key, &held);
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return check(rc, "reading the op log");
  oplog::Op op;
  if (rc == MDB_NOTFOUND || !op.ParseFromArray(held.mv_data, static_cast<int>(held.mv_size)) ||
      !op.value_in_record() || op.record_type() != static_cast<uint32_t>(type) ||
      op.key() != record_key || !stamped_by_only(lender, op.hlc(), lent_to.origin())) {
    return lent_value_mismatch(type, record_key, lent_to);
  }
  op.clear_value_in_record();
  op.set_value(lender.value());
  return put(txn, oplog_, log_key, op.SerializeAsString(), "saving to the op log");
}

Status StoreImpl::fill_lent_value(MDB_txn* txn, oplog::Op* op) const {
  if (!op->value_in_record()) return Status::ok();
  oplog::OpId id;
  id.set_origin(op->origin());
  id.set_seq(op->seq());
  if (!record_type_info(op->record_type())) {
    return Status::corrupt(fmt::format(
        "op {:08x}:{} of record type {}, which this release does not store, was logged without "
        "its value; run 'parta check', and if it reports the same, restore the latest backup "
        "with 'parta restore'",
        op->origin(), op->seq(), op->record_type()));
  }
  const auto type = static_cast<RecordType>(op->record_type());
  oplog::StoredRecord record;
  bool found = false;
  PARTA_RETURN_IF_ERROR(get_stored(txn, type, op->key(), &record, &found));
  if (!found || record.value_lent_to().origin() != op->origin() ||
      record.value_lent_to().seq() != op->seq() ||
      !stamped_by_only(record, op->hlc(), op->origin())) {
    return lent_value_mismatch(type, op->key(), id);
  }
  op->set_value(record.value());
  op->clear_value_in_record();
  return Status::ok();
}

}  // namespace parta
