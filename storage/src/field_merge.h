// Per-field last-writer-wins merge of an op into a stored record (storage-internal).
//
// Works on protobuf wire fields (google::protobuf::UnknownFieldSet), not on the typed schema, so
// fields a newer release added are merged and kept exactly like known ones. Each field keeps the
// entries of the op with the largest (hlc, origin) that wrote it; the value is re-serialized
// with fields in ascending number order so equal states are equal bytes on every node.
#pragma once

#include "oplog.pb.h"
#include "parta/storage/status.h"

namespace parta {

// Orders stamps: by hlc, then origin.
bool stamp_newer(const oplog::Stamp& a, const oplog::Stamp& b);
// True while the deletion stamp is newer than every field stamp.
bool record_is_deleted(const oplog::StoredRecord& record);

// Merges `op` into `record`. Sets *changed when the stored bytes change. Corrupt when the op's
// or the record's value is not a valid protobuf message.
Status merge_op(const oplog::Op& op, oplog::StoredRecord* record, bool* changed);

}  // namespace parta
