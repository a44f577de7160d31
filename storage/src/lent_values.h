// Values lent from records to the op log (storage-internal).
//
// A submission or review is written once and never changes, so the op that wrote it would keep
// a second copy of its value in the op log for good. Such an op is logged without its value
// (Op.value_in_record) and the record names the op (StoredRecord.value_lent_to); readers of the
// op log take the value from the record. Should the record change after all (a peer's op for
// the same key), the value is first written back into the op. Records of other types change
// often (attendance, consultations), and growing an op log entry in place splits its page, so
// they lend nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oplog.pb.h"
#include "parta/storage/record_types.h"

namespace parta {

// Values shorter than this are logged in full: naming the op in the record costs about as much.
constexpr size_t kLentValueMinBytes = 32;

// Whether `record`, just changed by `op`, lends its value to `op`'s op log entry: it is of an
// append-only type, has no deletion stamp and one stamp group, that group is `op`'s, and `op`'s
// value is the record's. Depends only on the merged record and the op, so every replica
// decides alike.
bool lends_value_to(const oplog::StoredRecord& record, const oplog::Op& op);
// The shape of a record that lends its value to the op stamped (hlc, origin): no deletion
// stamp, that one stamp group, a value of at least kLentValueMinBytes. Checked again whenever
// the value is taken from or given back to the op log, so that a record a release before
// layout 4 changed (it keeps value_lent_to as an unknown field) is never trusted.
bool stamped_by_only(const oplog::StoredRecord& record, uint64_t hlc, uint32_t origin);

// "student s17-3fa2c1d0", or the type and key in hex for keys not born on a node.
std::string describe_record(RecordType type, std::string_view key);

}  // namespace parta
