// A changeset body back into ops (docs/changeset-format.md "Body"); see changeset_body.h.
//
// The body is walked on the wire, never parsed into a ChangesetBatch object: protobuf would
// spend tens of bytes on each empty message or string a peer can send in two, before any count
// could be checked. Here every count and size is checked before the memory it needs is taken.
#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>

#include <optional>

#include "changeset.pb.h"
#include "changeset_deltas.h"
#include "changeset_op_rules.h"
#include "changeset_wire_walk.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_format.h"

namespace parta {
namespace {

using changeset::walk_wire_fields;
using changeset::WireField;
using google::protobuf::internal::WireFormatLite;

// An OpEntry's fields as they appear on the wire; views point into the body.
struct EntryFields {
  int64_t seq_delta = 0;
  int64_t hlc_ms_delta = 0;
  int64_t hlc_logical = 0;
  uint64_t record_type = 0;
  std::string_view key;
  uint64_t key_origin_index = 0;
  int64_t key_counter_delta = 0;
  std::string_view key_suffix;
  std::string_view value;
  uint64_t fields_bitmap = 0;
  size_t fields_listed = 0;       // numbers in the field list, which may come in several pieces
  bool fields_cut_short = false;  // a piece of the list ends inside a number
  bool tombstone = false;
  std::string_view op_unknown_fields;
};

// The wire type each field of a ChangesetBatch, OpRun or OpEntry has; none for the numbers
// this release does not know, which a newer writer may add and a reader skips.
std::optional<WireFormatLite::WireType> batch_wire_type(uint32_t number) {
  switch (number) {
    case wire::ChangesetBatch::kOriginsFieldNumber:
    case wire::ChangesetBatch::kScopesFieldNumber:
    case wire::ChangesetBatch::kRunsFieldNumber:
      return WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
  }
  return std::nullopt;
}

std::optional<WireFormatLite::WireType> run_wire_type(uint32_t number) {
  switch (number) {
    case wire::OpRun::kScopeIndexFieldNumber:
    case wire::OpRun::kOriginIndexFieldNumber:
      return WireFormatLite::WIRETYPE_VARINT;
    case wire::OpRun::kOpsFieldNumber:
      return WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
  }
  return std::nullopt;
}

std::optional<WireFormatLite::WireType> entry_wire_type(uint32_t number) {
  switch (number) {
    case wire::OpEntry::kKeyFieldNumber:
    case wire::OpEntry::kKeySuffixFieldNumber:
    case wire::OpEntry::kValueFieldNumber:
    case wire::OpEntry::kFieldsFieldNumber:
    case wire::OpEntry::kOpUnknownFieldsFieldNumber:
      return WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    case wire::OpEntry::kSeqDeltaFieldNumber:
    case wire::OpEntry::kHlcMsDeltaFieldNumber:
    case wire::OpEntry::kHlcLogicalFieldNumber:
    case wire::OpEntry::kRecordTypeFieldNumber:
    case wire::OpEntry::kKeyOriginIndexFieldNumber:
    case wire::OpEntry::kKeyCounterDeltaFieldNumber:
    case wire::OpEntry::kFieldsBitmapFieldNumber:
    case wire::OpEntry::kTombstoneFieldNumber:
      return WireFormatLite::WIRETYPE_VARINT;
  }
  return std::nullopt;
}

// Keeps one OpEntry field, whose wire type has been checked; a later occurrence of a singular
// field replaces an earlier one, as in protobuf.
void keep_entry_field(const WireField& field, EntryFields* entry) {
  int64_t zigzag = WireFormatLite::ZigZagDecode64(field.varint);
  switch (field.number) {
    case wire::OpEntry::kSeqDeltaFieldNumber:
      entry->seq_delta = zigzag;
      break;
    case wire::OpEntry::kHlcMsDeltaFieldNumber:
      entry->hlc_ms_delta = zigzag;
      break;
    case wire::OpEntry::kHlcLogicalFieldNumber:
      entry->hlc_logical = zigzag;
      break;
    case wire::OpEntry::kRecordTypeFieldNumber:
      entry->record_type = field.varint;
      break;
    case wire::OpEntry::kKeyFieldNumber:
      entry->key = field.bytes;
      break;
    case wire::OpEntry::kKeyOriginIndexFieldNumber:
      entry->key_origin_index = field.varint;
      break;
    case wire::OpEntry::kKeyCounterDeltaFieldNumber:
      entry->key_counter_delta = zigzag;
      break;
    case wire::OpEntry::kKeySuffixFieldNumber:
      entry->key_suffix = field.bytes;
      break;
    case wire::OpEntry::kValueFieldNumber:
      entry->value = field.bytes;
      break;
    case wire::OpEntry::kFieldsBitmapFieldNumber:
      entry->fields_bitmap = field.varint;
      break;
    case wire::OpEntry::kFieldsFieldNumber:
      for (char byte : field.bytes) entry->fields_listed += (byte & 0x80) == 0;
      if (!field.bytes.empty() && (field.bytes.back() & 0x80) != 0) entry->fields_cut_short = true;
      break;
    case wire::OpEntry::kTombstoneFieldNumber:
      entry->tombstone = field.varint != 0;
      break;
    case wire::OpEntry::kOpUnknownFieldsFieldNumber:
      entry->op_unknown_fields = field.bytes;
      break;
  }
}

class BodyReader {
 public:
  explicit BodyReader(const ChangesetLimits& limits) : limits_(limits) {}
  Result<std::vector<oplog::Op>> read(std::string_view body);

 private:
  template <typename WireTypeOf, typename Visit>
  Status walk_known(std::string_view message, std::string_view message_name,
                    WireTypeOf&& wire_type_of, Visit&& visit, bool about_op = false) const;
  Status read_tables(std::string_view body, std::vector<std::string_view>* runs);
  Status add_origins(std::string_view packed);
  Status add_scope(std::string_view scope);
  Status read_run(size_t run_number, std::string_view run);
  Status read_op(std::string_view bytes, uint32_t scope_index, uint32_t origin_index);
  Status read_hlc(const EntryFields& entry, oplog::Op* op);
  Status read_key(const EntryFields& entry, oplog::Op* op);
  Status read_fields(std::string_view bytes, const EntryFields& entry, oplog::Op* op);
  Status read_unknown_fields(std::string_view bytes, oplog::Op* op);
  Status corrupt(std::string_view what) const;
  Status corrupt_op(std::string_view what) const;  // about the op being read

  const ChangesetLimits& limits_;
  std::vector<uint32_t> origins_;
  std::vector<std::string_view> scopes_;
  std::vector<uint64_t> previous_seqs_;      // by origin index
  std::vector<uint64_t> previous_counters_;  // by origin index
  uint64_t previous_hlc_ms_ = 0;
  uint64_t previous_hlc_logical_ = 0;
  EntryFields entry_;  // reused from op to op
  std::vector<oplog::Op> ops_;
};

Status BodyReader::corrupt(std::string_view what) const {
  return Status::corrupt(fmt::format("changeset batch: {}", what));
}

Status BodyReader::corrupt_op(std::string_view what) const {
  return Status::corrupt(fmt::format("changeset batch: op {}: {}", ops_.size() + 1, what));
}

Result<std::vector<oplog::Op>> BodyReader::read(std::string_view body) {
  std::vector<std::string_view> runs;
  PARTA_RETURN_IF_ERROR(read_tables(body, &runs));
  for (size_t i = 0; i < runs.size(); ++i) PARTA_RETURN_IF_ERROR(read_run(i, runs[i]));
  return std::move(ops_);
}

// Walks `message`, passing `visit` only the fields `wire_type_of` knows, once their wire type
// is checked. `visit` returns a Status; the first that fails ends the walk. `about_op`: the
// message is the op being read, which errors then name.
template <typename WireTypeOf, typename Visit>
Status BodyReader::walk_known(std::string_view message, std::string_view message_name,
                              WireTypeOf&& wire_type_of, Visit&& visit, bool about_op) const {
  auto bad = [&](std::string_view what) { return about_op ? corrupt_op(what) : corrupt(what); };
  Status status;
  bool well_formed = walk_wire_fields(message, [&](const WireField& field) {
    auto wire_type = wire_type_of(field.number);
    if (!wire_type) return true;
    if (field.type != *wire_type) {
      status = bad(fmt::format("{} field {} has wire type {}, which that field never has",
                               message_name, field.number, static_cast<int>(field.type)));
    } else {
      status = visit(field);
    }
    return status.is_ok();
  });
  if (!status.is_ok()) return status;
  if (!well_formed) return bad(fmt::format("not a well-formed {}", message_name));
  return Status::ok();
}

Status BodyReader::read_tables(std::string_view body, std::vector<std::string_view>* runs) {
  PARTA_RETURN_IF_ERROR(
      walk_known(body, "ChangesetBatch", batch_wire_type, [&](const WireField& field) {
        switch (field.number) {
          case wire::ChangesetBatch::kOriginsFieldNumber:
            return add_origins(field.bytes);
          case wire::ChangesetBatch::kScopesFieldNumber:
            return add_scope(field.bytes);
        }
        // Each run holds at least one op.
        if (runs->size() == limits_.batch_ops_max) {
          return corrupt(fmt::format("more than {} ops", limits_.batch_ops_max));
        }
        runs->push_back(field.bytes);
        return Status::ok();
      }));
  previous_seqs_.assign(origins_.size(), 0);
  previous_counters_.assign(origins_.size(), 0);
  return Status::ok();
}

Status BodyReader::add_origins(std::string_view packed) {
  // An op brings at most two origins: its own and its key's.
  const size_t origins_max = 2 * limits_.batch_ops_max;
  if (packed.size() % sizeof(uint32_t) != 0) {
    return corrupt(
        fmt::format("origins table of {} bytes, not whole 4-byte origins", packed.size()));
  }
  if (origins_.size() + packed.size() / sizeof(uint32_t) > origins_max) {
    return corrupt(fmt::format("more than {} origins", origins_max));
  }
  for (size_t at = 0; at < packed.size(); at += sizeof(uint32_t)) {
    uint32_t origin = 0;
    WireFormatLite::ReadPrimitiveFromArray<uint32_t, WireFormatLite::TYPE_FIXED32>(
        reinterpret_cast<const uint8_t*>(packed.data() + at), &origin);
    origins_.push_back(origin);
  }
  return Status::ok();
}

Status BodyReader::add_scope(std::string_view scope) {
  if (scopes_.size() == limits_.batch_ops_max) {  // an op brings at most one
    return corrupt(fmt::format("more than {} scopes", limits_.batch_ops_max));
  }
  if (auto problem = changeset::scope_problem(scope); !problem.empty()) {
    return corrupt(fmt::format("scope {}: {}", scopes_.size() + 1, problem));
  }
  scopes_.push_back(scope);
  return Status::ok();
}

Status BodyReader::read_run(size_t run_number, std::string_view run) {
  uint64_t scope_index = 0;
  uint64_t origin_index = 0;
  size_t op_count = 0;
  // The indices may follow the ops on the wire: read them first.
  PARTA_RETURN_IF_ERROR(walk_known(run, "OpRun", run_wire_type, [&](const WireField& field) {
    if (field.number == wire::OpRun::kScopeIndexFieldNumber) scope_index = field.varint;
    if (field.number == wire::OpRun::kOriginIndexFieldNumber) origin_index = field.varint;
    if (field.number == wire::OpRun::kOpsFieldNumber) ++op_count;
    return Status::ok();
  }));
  if (op_count == 0) return corrupt(fmt::format("run {} has no ops", run_number + 1));
  if (scope_index >= scopes_.size()) {
    return corrupt(fmt::format("run {}: scope index {} is out of range; the batch has {} scopes",
                               run_number + 1, scope_index, scopes_.size()));
  }
  if (origin_index >= origins_.size()) {
    return corrupt(fmt::format("run {}: origin index {} is out of range; the batch has {} origins",
                               run_number + 1, origin_index, origins_.size()));
  }
  return walk_known(run, "OpRun", run_wire_type, [&](const WireField& field) {
    if (field.number != wire::OpRun::kOpsFieldNumber) return Status::ok();
    return read_op(field.bytes, static_cast<uint32_t>(scope_index),
                   static_cast<uint32_t>(origin_index));
  });
}

Status BodyReader::read_op(std::string_view bytes, uint32_t scope_index, uint32_t origin_index) {
  if (ops_.size() == limits_.batch_ops_max) {
    return corrupt(fmt::format("more than {} ops", limits_.batch_ops_max));
  }
  entry_ = EntryFields{};
  auto keep = [&](const WireField& field) {
    keep_entry_field(field, &entry_);
    return Status::ok();
  };
  PARTA_RETURN_IF_ERROR(walk_known(bytes, "OpEntry", entry_wire_type, keep, /*about_op=*/true));
  if (auto problem = changeset::value_problem(entry_.value.size(), limits_.op_value_bytes_max);
      !problem.empty()) {
    return corrupt_op(problem);
  }
  if (entry_.record_type > UINT32_MAX) {
    return corrupt_op(fmt::format("record type {} is above 2^32", entry_.record_type));
  }
  oplog::Op op;
  op.set_origin(origins_[origin_index]);
  op.set_seq(changeset::apply_wrapping_delta(previous_seqs_[origin_index] + 1, entry_.seq_delta));
  previous_seqs_[origin_index] = op.seq();
  PARTA_RETURN_IF_ERROR(read_hlc(entry_, &op));
  op.set_scope(std::string(scopes_[scope_index]));
  op.set_record_type(static_cast<uint32_t>(entry_.record_type));
  PARTA_RETURN_IF_ERROR(read_key(entry_, &op));
  op.set_value(std::string(entry_.value));
  PARTA_RETURN_IF_ERROR(read_fields(bytes, entry_, &op));
  op.set_tombstone(entry_.tombstone);
  PARTA_RETURN_IF_ERROR(read_unknown_fields(entry_.op_unknown_fields, &op));
  ops_.push_back(std::move(op));
  return Status::ok();
}

Status BodyReader::read_hlc(const EntryFields& entry, oplog::Op* op) {
  uint64_t hlc_ms = changeset::apply_wrapping_delta(previous_hlc_ms_, entry.hlc_ms_delta);
  if (hlc_ms > changeset::kHlcMillisecondsMax) {
    return corrupt_op(fmt::format("hlc milliseconds {} do not fit in {} bits", hlc_ms,
                                  64 - changeset::kHlcLogicalBits));
  }
  // Whichever form it takes, a valid value lies within +-2^16; checking that first keeps the
  // sum from overflowing.
  constexpr int64_t kSpan = int64_t{1} << changeset::kHlcLogicalBits;
  int64_t logical = -1;
  if (entry.hlc_logical >= -kSpan && entry.hlc_logical <= kSpan) {
    bool same_ms = hlc_ms == previous_hlc_ms_;
    int64_t previous = static_cast<int64_t>(previous_hlc_logical_);
    logical = same_ms ? previous + 1 + entry.hlc_logical : entry.hlc_logical;
  }
  if (logical < 0 || static_cast<uint64_t>(logical) > changeset::kHlcLogicalMax) {
    return corrupt_op(fmt::format("hlc logical counter {} does not fit in {} bits", logical,
                                  changeset::kHlcLogicalBits));
  }
  previous_hlc_ms_ = hlc_ms;
  previous_hlc_logical_ = static_cast<uint64_t>(logical);
  op->set_hlc((hlc_ms << changeset::kHlcLogicalBits) | previous_hlc_logical_);
  return Status::ok();
}

Status BodyReader::read_key(const EntryFields& entry, oplog::Op* op) {
  if (entry.key_origin_index == 0) {
    if (entry.key_counter_delta != 0 || !entry.key_suffix.empty()) {
      return corrupt_op("a raw key and parts of an (origin, counter) key");
    }
    op->set_key(std::string(entry.key));
    return Status::ok();
  }
  if (!entry.key.empty()) {
    return corrupt_op("both a raw key and an (origin, counter) key");
  }
  uint64_t index = entry.key_origin_index - 1;
  if (index >= origins_.size()) {
    return corrupt_op(fmt::format("key origin index {} is out of range; the batch has {} origins",
                                  entry.key_origin_index, origins_.size()));
  }
  auto counter = changeset::apply_exact_delta(previous_counters_[index], entry.key_counter_delta);
  if (!counter) {
    return corrupt_op(fmt::format("key counter delta {} from {} overflows 64 bits",
                                  entry.key_counter_delta, previous_counters_[index]));
  }
  previous_counters_[index] = *counter;
  std::string key;
  key.reserve(changeset::kKeyPrefixBytes + entry.key_suffix.size());
  append_u32_be(&key, origins_[index]);
  append_u64_be(&key, *counter);
  key.append(entry.key_suffix);
  op->set_key(std::move(key));
  return Status::ok();
}

// The list's pieces are read again from the entry's bytes, so that keeping them costs nothing
// however many there are.
Status BodyReader::read_fields(std::string_view bytes, const EntryFields& entry, oplog::Op* op) {
  if (entry.fields_cut_short) return corrupt_op("its field list ends inside a number");
  if (entry.fields_listed > 0 && entry.fields_bitmap != 0) {
    return corrupt_op("both a field bitmap and a field list");
  }
  op->mutable_fields()->Reserve(static_cast<int>(entry.fields_listed));
  Status status;
  walk_wire_fields(bytes, [&](const WireField& field) {
    if (field.number != wire::OpEntry::kFieldsFieldNumber) return true;
    google::protobuf::io::CodedInputStream input(
        reinterpret_cast<const uint8_t*>(field.bytes.data()), static_cast<int>(field.bytes.size()));
    while (status.is_ok() && input.CurrentPosition() < static_cast<int>(field.bytes.size())) {
      uint64_t number = 0;
      if (!input.ReadVarint64(&number) || number > UINT32_MAX) {
        status = corrupt_op("its field list holds a number above 2^32");
      } else {
        op->add_fields(static_cast<uint32_t>(number));
      }
    }
    return status.is_ok();
  });
  PARTA_RETURN_IF_ERROR(status);
  for (uint32_t field = 1; field <= changeset::kFieldsBitmapFieldMax; ++field) {
    if (entry.fields_bitmap & (uint64_t{1} << (field - 1))) op->add_fields(field);
  }
  return Status::ok();
}

Status BodyReader::read_unknown_fields(std::string_view bytes, oplog::Op* op) {
  if (bytes.empty()) return Status::ok();
  size_t count = 0;
  std::string problem;
  bool ok = walk_wire_fields(bytes, [&](const WireField& field) {
    if (++count > changeset::kOpUnknownFieldsMax) {
      problem = fmt::format("more than {} fields this release does not know",
                            changeset::kOpUnknownFieldsMax);
    } else if (field.type == WireFormatLite::WIRETYPE_START_GROUP) {
      problem = fmt::format("unknown field {} is a group, which an op may not hold", field.number);
    } else if (oplog::Op::descriptor()->FindFieldByNumber(static_cast<int>(field.number))) {
      problem = fmt::format("field {} is sent as unknown, but an op knows it", field.number);
    }
    return problem.empty();
  });
  if (!problem.empty()) return corrupt_op(problem);
  auto* unknown = op->GetReflection()->MutableUnknownFields(op);
  if (!ok || !unknown->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return corrupt_op("its unknown fields are not well-formed");
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<oplog::Op>> decode_changeset_body(std::string_view body,
                                                     const ChangesetLimits& limits) {
  return BodyReader(limits).read(body);
}

}  // namespace parta
