// Per-field LWW merge on wire fields; see field_merge.h.
#include "field_merge.h"

#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

namespace parta {
namespace {

using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

oplog::Stamp stamp_of(const oplog::Op& op) {
  oplog::Stamp stamp;
  stamp.set_hlc(op.hlc());
  stamp.set_origin(op.origin());
  return stamp;
}

// Field number -> indexes of its entries in `set`, in their original order.
std::map<uint32_t, std::vector<int>> entries_by_number(const UnknownFieldSet& set) {
  std::map<uint32_t, std::vector<int>> entries;
  for (int i = 0; i < set.field_count(); ++i) entries[set.field(i).number()].push_back(i);
  return entries;
}

oplog::FieldStamp* find_stamp(oplog::StoredRecord* record, uint32_t field) {
  for (auto& stamp : *record->mutable_stamps()) {
    if (stamp.field() == field) return &stamp;
  }
  return nullptr;
}

void sort_stamps(oplog::StoredRecord* record) {
  auto* stamps = record->mutable_stamps();
  std::sort(stamps->begin(), stamps->end(),
            [](const auto& a, const auto& b) { return a.field() < b.field(); });
}

}  // namespace

bool stamp_newer(const oplog::Stamp& a, const oplog::Stamp& b) {
  if (a.hlc() != b.hlc()) return a.hlc() > b.hlc();
  return a.origin() > b.origin();
}

bool record_is_deleted(const oplog::StoredRecord& record) {
  if (!record.has_deleted()) return false;
  return std::none_of(record.stamps().begin(), record.stamps().end(), [&](const auto& field) {
    return stamp_newer(field.stamp(), record.deleted());
  });
}

Status merge_op(const oplog::Op& op, oplog::StoredRecord* record, bool* changed) {
  *changed = false;
  const oplog::Stamp incoming = stamp_of(op);
  if (op.tombstone()) {
    if (!record->has_deleted() || stamp_newer(incoming, record->deleted())) {
      *record->mutable_deleted() = incoming;
      *changed = true;
    }
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
  auto current_entries = entries_by_number(current);
  const auto update_entries = entries_by_number(update);
  for (uint32_t field : op.fields()) {
    oplog::FieldStamp* stamp = find_stamp(record, field);
    if (stamp != nullptr && !stamp_newer(incoming, stamp->stamp())) continue;
    if (stamp == nullptr) {
      stamp = record->add_stamps();
      stamp->set_field(field);
    }
    *stamp->mutable_stamp() = incoming;
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
  sort_stamps(record);
  return Status::ok();
}

}  // namespace parta
