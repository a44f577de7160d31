// Values lent from records to the op log; see lent_values.h.
#include "lent_values.h"

#include <fmt/format.h>

#include "store_impl.h"

namespace parta {

bool lends_value_to(const oplog::StoredRecord& record, const oplog::Op& op) {
  if (record.has_deleted() || record.stamps_size() != 1) return false;
  const oplog::Stamp& stamp = record.stamps(0).stamp();
  return stamp.hlc() == op.hlc() && stamp.origin() == op.origin() &&
         op.value().size() >= kLentValueMinBytes && op.value() == record.value();
}

Status StoreImpl::take_back_value(MDB_txn* txn, const oplog::OpId& lent_to,
                                  std::string_view value) {
  const std::string log_key = oplog_key(lent_to.origin(), lent_to.seq());
  MDB_val key = lmdb::to_val(log_key);
  MDB_val held;
  int rc = mdb_get(txn, oplog_, &key, &held);
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) return check(rc, "reading the op log");
  oplog::Op op;
  if (rc == MDB_NOTFOUND || !op.ParseFromArray(held.mv_data, static_cast<int>(held.mv_size)) ||
      !op.value_in_record()) {
    return Status::corrupt(fmt::format(
        "a record names op {:08x}:{} as holding its value, but the op log does not agree; run "
        "'parta check'",
        lent_to.origin(), lent_to.seq()));
  }
  op.clear_value_in_record();
  op.set_value(std::string(value));
  return put(txn, oplog_, log_key, op.SerializeAsString(), "saving to the op log");
}

Status StoreImpl::fill_lent_value(MDB_txn* txn, oplog::Op* op) const {
  if (!op->value_in_record()) return Status::ok();
  auto corrupt = [&] {
    return Status::corrupt(
        fmt::format("op {:08x}:{} in the op log lost its value (its record "
                    "no longer holds it); run 'parta check'",
                    op->origin(), op->seq()));
  };
  if (!record_type_info(op->record_type())) return corrupt();
  oplog::StoredRecord record;
  bool found = false;
  PARTA_RETURN_IF_ERROR(
      get_stored(txn, static_cast<RecordType>(op->record_type()), op->key(), &record, &found));
  if (!found || record.value_lent_to().origin() != op->origin() ||
      record.value_lent_to().seq() != op->seq()) {
    return corrupt();
  }
  op->set_value(record.value());
  op->clear_value_in_record();
  return Status::ok();
}

}  // namespace parta
