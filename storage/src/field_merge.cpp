// Per-field LWW merge on wire fields; see field_merge.h.
#include "field_merge.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

namespace parta {
namespace {

using google::protobuf::UnknownFieldSet;
using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

oplog::Stamp stamp_of(const oplog::Op& op) {
  oplog::Stamp stamp;
  stamp.set_hlc(op.hlc());
  stamp.set_origin(op.origin());
  return stamp;
}

bool same_stamp(const oplog::Stamp& a, const oplog::Stamp& b) {
  return a.hlc() == b.hlc() && a.origin() == b.origin();
}

// Field number -> indexes of its entries in `set`, in their original order.
std::map<uint32_t, std::vector<int>> entries_by_number(const UnknownFieldSet& set) {
  std::map<uint32_t, std::vector<int>> entries;
  for (int i = 0; i < set.field_count(); ++i) entries[set.field(i).number()].push_back(i);
  return entries;
}

// Reads a varint and says whether it was written in its shortest form.
bool read_minimal_varint(CodedInputStream* input, uint64_t* value) {
  int before = input->CurrentPosition();
  if (!input->ReadVarint64(value)) return false;
  return input->CurrentPosition() - before ==
         static_cast<int>(google::protobuf::io::CodedOutputStream::VarintSize64(*value));
}

// True when `value` is already exactly what merging it into an empty record would store:
// fields in ascending order, shortest varints, no groups, and only fields the op lists.
bool is_canonical_value(std::string_view value, const std::vector<uint32_t>& listed) {
  CodedInputStream input(reinterpret_cast<const uint8_t*>(value.data()),
                         static_cast<int>(value.size()));
  uint32_t previous = 0;
  while (input.CurrentPosition() < static_cast<int>(value.size())) {
    uint64_t tag = 0;
    if (!read_minimal_varint(&input, &tag) || tag > UINT32_MAX) return false;
    uint32_t number = WireFormatLite::GetTagFieldNumber(static_cast<uint32_t>(tag));
    if (number < previous || number == 0) return false;
    if (number != previous && !std::binary_search(listed.begin(), listed.end(), number)) {
      return false;
    }
    previous = number;
    uint64_t scratch = 0;
    switch (WireFormatLite::GetTagWireType(static_cast<uint32_t>(tag))) {
      case WireFormatLite::WIRETYPE_VARINT:
        if (!read_minimal_varint(&input, &scratch)) return false;
        break;
      case WireFormatLite::WIRETYPE_FIXED64:
        if (!input.Skip(8)) return false;
        break;
      case WireFormatLite::WIRETYPE_FIXED32:
        if (!input.Skip(4)) return false;
        break;
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED:
        if (!read_minimal_varint(&input, &scratch) || scratch > value.size() ||
            !input.Skip(static_cast<int>(scratch))) {
          return false;
        }
        break;
      default:
        return false;  // groups and invalid wire types take the general path
    }
  }
  return true;
}

std::vector<uint32_t> sorted_unique(const google::protobuf::RepeatedField<uint32_t>& fields) {
  std::vector<uint32_t> sorted(fields.begin(), fields.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return sorted;
}

// Rewrites record->stamps from field -> stamp: one group per stamp, groups and fields sorted.
void set_stamps(const std::map<uint32_t, oplog::Stamp>& field_stamps, oplog::StoredRecord* record) {
  std::vector<std::pair<oplog::Stamp, std::vector<uint32_t>>> groups;
  for (const auto& field_stamp : field_stamps) {
    const auto& [field, stamp] = field_stamp;
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& entry) {
      return same_stamp(entry.first, field_stamp.second);
    });
    if (group == groups.end()) {
      groups.push_back({stamp, {}});
      group = groups.end() - 1;
    }
    group->second.push_back(field);  // map order keeps fields ascending
  }
  std::sort(groups.begin(), groups.end(),
            [](const auto& a, const auto& b) { return stamp_newer(b.first, a.first); });
  record->clear_stamps();
  for (auto& [stamp, fields] : groups) {
    auto* group = record->add_stamps();
    *group->mutable_stamp() = stamp;
    group->mutable_fields()->Add(fields.begin(), fields.end());
  }
}

// The record did not exist: the op's value is stored as it came when it is canonical.
bool try_merge_into_empty(const oplog::Op& op, oplog::StoredRecord* record) {
  std::vector<uint32_t> listed = sorted_unique(op.fields());
  if (listed.empty() || !is_canonical_value(op.value(), listed)) return false;
  record->set_value(op.value());
  auto* group = record->add_stamps();
  *group->mutable_stamp() = stamp_of(op);
  group->mutable_fields()->Add(listed.begin(), listed.end());
  return true;
}

// A deletion removes every field written before it, so that a later write revives the record
// with its own fields only, never with data the deletion removed.
Status drop_fields_older_than(const oplog::Stamp& deleted, oplog::StoredRecord* record) {
  std::map<uint32_t, oplog::Stamp> kept;
  for (const auto& group : record->stamps()) {
    if (!stamp_newer(group.stamp(), deleted)) continue;
    for (uint32_t field : group.fields()) kept[field] = group.stamp();
  }
  UnknownFieldSet current;
  if (!current.ParseFromString(record->value())) {
    return Status::corrupt("a stored record does not parse; run 'parta check'");
  }
  UnknownFieldSet remaining;
  for (int i = 0; i < current.field_count(); ++i) {
    if (kept.contains(static_cast<uint32_t>(current.field(i).number()))) {
      remaining.AddField(current.field(i));
    }
  }
  std::string bytes;
  remaining.SerializeToString(&bytes);
  record->set_value(std::move(bytes));
  set_stamps(kept, record);
  return Status::ok();
}

}  // namespace

bool stamp_newer(const oplog::Stamp& a, const oplog::Stamp& b) {
  if (a.hlc() != b.hlc()) return a.hlc() > b.hlc();
  return a.origin() > b.origin();
}

bool record_is_deleted(const oplog::StoredRecord& record) {
  if (!record.has_deleted()) return false;
  // Groups are sorted, so the last one holds the newest field stamp.
  return record.stamps().empty() ||
         !stamp_newer(record.stamps().rbegin()->stamp(), record.deleted());
}

Status merge_op(const oplog::Op& op, oplog::StoredRecord* record, bool* changed) {
  *changed = false;
  const oplog::Stamp incoming = stamp_of(op);
  if (op.tombstone()) {
    if (!record->has_deleted() || stamp_newer(incoming, record->deleted())) {
      *record->mutable_deleted() = incoming;
      *changed = true;
      return drop_fields_older_than(incoming, record);
    }
    return Status::ok();
  }
  if (!record->has_deleted() && record->value().empty() && record->stamps().empty() &&
      try_merge_into_empty(op, record)) {
    *changed = true;
    return Status::ok();
  }
  UnknownFieldSet current;
  UnknownFieldSet update;
  if (!current.ParseFromString(record->value())) {
    return Status::corrupt("a stored record does not parse; run 'parta check'");
  }
  if (!update.ParseFromString(op.value())) {
    return Status::corrupt(fmt::format("op {}:{} carries a value that is not a valid record",
                                       op.origin(), op.seq()));
  }
  std::map<uint32_t, oplog::Stamp> field_stamps;
  for (const auto& group : record->stamps()) {
    for (uint32_t field : group.fields()) field_stamps[field] = group.stamp();
  }
  auto current_entries = entries_by_number(current);
  const auto update_entries = entries_by_number(update);
  // A write older than the record's deletion is history: it must not bring fields back.
  const bool before_deletion = record->has_deleted() && !stamp_newer(incoming, record->deleted());
  for (uint32_t field : op.fields()) {
    if (before_deletion) break;
    auto stamp = field_stamps.find(field);
    if (stamp != field_stamps.end() && !stamp_newer(incoming, stamp->second)) continue;
    field_stamps[field] = incoming;
    current_entries.erase(field);
    auto from_update = update_entries.find(field);
    if (from_update != update_entries.end()) {
      // Indexes >= current.field_count() mean "take from update".
      for (int i : from_update->second) current_entries[field].push_back(current.field_count() + i);
    }
    *changed = true;
  }
  if (!*changed) return Status::ok();

  UnknownFieldSet merged;
  for (const auto& [number, indexes] : current_entries) {
    for (int i : indexes) {
      merged.AddField(i < current.field_count() ? current.field(i)
                                                : update.field(i - current.field_count()));
    }
  }
  std::string bytes;
  merged.SerializeToString(&bytes);
  record->set_value(std::move(bytes));
  set_stamps(field_stamps, record);
  return Status::ok();
}

}  // namespace parta
