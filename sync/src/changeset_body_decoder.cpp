// A changeset body back into ops (docs/changeset-format.md "Body"); see changeset_body.h.
//
// The body is walked on the wire, never parsed into a ChangesetColumns object: protobuf would
// spend tens of bytes on each empty message or string a peer can send in two, before any count
// could be checked. Here every count and size is checked before the memory it needs is taken,
// and every column is read front to back, op by op, and must end with the last op.
#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>
#include <unordered_map>

#include "changeset.pb.h"
#include "changeset_columns.h"
#include "changeset_deltas.h"
#include "changeset_op_rules.h"
#include "changeset_text.h"
#include "changeset_value_fields.h"
#include "changeset_wire_walk.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_format.h"

namespace parta {
namespace {

using changeset::ColumnReader;
using changeset::ValueField;
using changeset::walk_wire_fields;
using changeset::WireField;
using google::protobuf::internal::WireFormatLite;
using Columns = wire::ChangesetColumns;

// The per-op columns, by their field number in ChangesetColumns.
constexpr std::array kOpColumns = {
    Columns::kRunsFieldNumber,
    Columns::kOpFlagsFieldNumber,
    Columns::kSeqDeltasFieldNumber,
    Columns::kHlcMsDeltasFieldNumber,
    Columns::kHlcLogicalsFieldNumber,
    Columns::kRecordTypesFieldNumber,
    Columns::kKeyOriginsFieldNumber,
    Columns::kKeyCounterDeltasFieldNumber,
    Columns::kKeyRestsFieldNumber,
    Columns::kFieldsFieldNumber,
    Columns::kOpUnknownFieldsFieldNumber,
    Columns::kRawValuesFieldNumber,
    Columns::kValueShapeIndexesFieldNumber,
};
constexpr int kColumnNumberMax = Columns::kValueColumnsFieldNumber;

// The wire type each field of a ChangesetColumns or ValueColumn has; none for the numbers
// this release does not know, which a newer writer may add and a reader skips.
std::optional<WireFormatLite::WireType> columns_wire_type(uint32_t number) {
  if (number == Columns::kOpCountFieldNumber) return WireFormatLite::WIRETYPE_VARINT;
  if (number >= Columns::kOriginsFieldNumber && number <= kColumnNumberMax) {
    return WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
  }
  return std::nullopt;
}

std::optional<WireFormatLite::WireType> value_column_wire_type(uint32_t number) {
  switch (number) {
    case wire::ValueColumn::kRecordTypeFieldNumber:
    case wire::ValueColumn::kFieldFieldNumber:
    case wire::ValueColumn::kFormFieldNumber:
      return WireFormatLite::WIRETYPE_VARINT;
    case wire::ValueColumn::kDataFieldNumber:
      return WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    case wire::ValueColumn::kTextFieldNumber:
      return WireFormatLite::WIRETYPE_VARINT;
  }
  return std::nullopt;
}

std::string_view column_name(int number) {
  return Columns::descriptor()->FindFieldByNumber(number)->name();
}

struct ValueColumnState {
  ColumnReader data;
  uint64_t previous = 0;
  bool text = false;  // entries in Windows-1251
};

class ColumnsReader {
 public:
  explicit ColumnsReader(const ChangesetLimits& limits) : limits_(limits) {}
  Result<std::vector<oplog::Op>> read(std::string_view body);

 private:
  template <typename WireTypeOf, typename Visit>
  Status walk_known(std::string_view message, std::string_view message_name,
                    WireTypeOf&& wire_type_of, Visit&& visit) const;
  Status read_tables(std::string_view body);
  Status keep_field(const WireField& field);
  Status add_origins(std::string_view packed);
  Status add_scope(std::string_view scope);
  Status add_value_column(std::string_view bytes);
  Status read_op();
  Status next_run();
  Status read_hlc(oplog::Op* op);
  Status read_key(oplog::Op* op);
  Status read_value(uint32_t flags, oplog::Op* op);
  Status read_value_field(uint32_t record_type, uint64_t entry, oplog::Op* op);
  Status read_from_column(ValueColumnState& column, uint32_t record_type, ValueField* field);
  Status value_column_ends(const ValueField& field, uint32_t record_type) const;
  Status read_text(ValueField* field);
  Status read_fields(uint32_t flags, oplog::Op* op);
  Status read_unknown_fields(std::string_view bytes, oplog::Op* op);
  Status check_columns_ended() const;
  // Reads from the per-op column `number`; Corrupt when it ends or holds a bad varint.
  Result<uint64_t> varint(int number);
  Result<int64_t> zigzag_varint(int number);
  Result<std::string_view> length_prefixed(int number);
  Status column_ends(std::string_view column) const;
  Status corrupt(std::string_view what) const;
  Status corrupt_op(std::string_view what) const;  // about the op being read

  const ChangesetLimits& limits_;
  uint64_t op_count_ = 0;
  std::vector<uint32_t> origins_;
  std::vector<std::string_view> scopes_;
  std::vector<std::string_view> shapes_;
  std::array<ColumnReader, kColumnNumberMax + 1> op_columns_{};  // by field number
  std::vector<ValueColumnState> value_columns_;
  std::unordered_map<uint64_t, size_t> value_column_indexes_;  // by value_column_id()
  std::vector<uint64_t> previous_seqs_;                        // by origin index
  std::vector<uint64_t> previous_counters_;                    // by origin index
  uint64_t previous_hlc_ms_ = 0;
  uint64_t previous_hlc_logical_ = 0;
  uint64_t run_scope_ = 0;
  uint64_t run_origin_ = 0;
  uint64_t run_ops_left_ = 0;
  size_t value_bytes_ = 0;
  std::string text_;  // a text of the value being rebuilt, in UTF-8
  std::string key_;   // a record key of the value being rebuilt
  std::vector<oplog::Op> ops_;
};

Status ColumnsReader::corrupt(std::string_view what) const {
  return Status::corrupt(fmt::format("changeset batch: {}", what));
}

Status ColumnsReader::corrupt_op(std::string_view what) const {
  return Status::corrupt(fmt::format("changeset batch: op {}: {}", ops_.size() + 1, what));
}

Status ColumnsReader::column_ends(std::string_view column) const {
  return corrupt_op(fmt::format("column {} ends before it or holds a bad number", column));
}

Result<uint64_t> ColumnsReader::varint(int number) {
  auto value = op_columns_[number].varint();
  if (!value) return column_ends(column_name(number));
  return *value;
}

Result<int64_t> ColumnsReader::zigzag_varint(int number) {
  auto value = op_columns_[number].zigzag_varint();
  if (!value) return column_ends(column_name(number));
  return *value;
}

Result<std::string_view> ColumnsReader::length_prefixed(int number) {
  auto value = op_columns_[number].length_prefixed();
  if (!value) return column_ends(column_name(number));
  return *value;
}

Result<std::vector<oplog::Op>> ColumnsReader::read(std::string_view body) {
  PARTA_RETURN_IF_ERROR(read_tables(body));
  // Every op takes a byte in several columns: a short body cannot make room for many.
  ops_.reserve(std::min<size_t>(op_count_, body.size()));
  while (ops_.size() < op_count_) PARTA_RETURN_IF_ERROR(read_op());
  PARTA_RETURN_IF_ERROR(check_columns_ended());
  return std::move(ops_);
}

// Walks `message`, passing `visit` only the fields `wire_type_of` knows, once their wire type
// is checked. `visit` returns a Status; the first that fails ends the walk.
template <typename WireTypeOf, typename Visit>
Status ColumnsReader::walk_known(std::string_view message, std::string_view message_name,
                                 WireTypeOf&& wire_type_of, Visit&& visit) const {
  Status status;
  bool well_formed = walk_wire_fields(message, [&](const WireField& field) {
    auto wire_type = wire_type_of(field.number);
    if (!wire_type) return true;
    if (field.type != *wire_type) {
      status = corrupt(fmt::format("{} field {} has wire type {}, which that field never has",
                                   message_name, field.number, static_cast<int>(field.type)));
    } else {
      status = visit(field);
    }
    return status.is_ok();
  });
  if (!status.is_ok()) return status;
  if (!well_formed) return corrupt(fmt::format("not a well-formed {}", message_name));
  return Status::ok();
}

Status ColumnsReader::read_tables(std::string_view body) {
  PARTA_RETURN_IF_ERROR(walk_known(body, "ChangesetColumns", columns_wire_type,
                                   [&](const WireField& field) { return keep_field(field); }));
  previous_seqs_.assign(origins_.size(), 0);
  previous_counters_.assign(origins_.size(), 0);
  return Status::ok();
}

// Keeps one field of the body; a later occurrence of a column replaces an earlier one, as in
// protobuf.
Status ColumnsReader::keep_field(const WireField& field) {
  switch (field.number) {
    case Columns::kOpCountFieldNumber:
      if (field.varint > limits_.batch_ops_max) {
        return corrupt(fmt::format("{} ops, more than the {} a batch may carry", field.varint,
                                   limits_.batch_ops_max));
      }
      op_count_ = field.varint;
      return Status::ok();
    case Columns::kOriginsFieldNumber:
      return add_origins(field.bytes);
    case Columns::kScopesFieldNumber:
      return add_scope(field.bytes);
    case Columns::kValueShapesFieldNumber:
      if (shapes_.size() == limits_.batch_ops_max) {  // an op brings at most one
        return corrupt(fmt::format("more than {} value shapes", limits_.batch_ops_max));
      }
      shapes_.push_back(field.bytes);
      return Status::ok();
    case Columns::kValueColumnsFieldNumber:
      return add_value_column(field.bytes);
  }
  op_columns_[field.number] = ColumnReader(field.bytes);
  return Status::ok();
}

Status ColumnsReader::add_origins(std::string_view packed) {
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

Status ColumnsReader::add_scope(std::string_view scope) {
  if (scopes_.size() == limits_.batch_ops_max) {  // an op brings at most one
    return corrupt(fmt::format("more than {} scopes", limits_.batch_ops_max));
  }
  if (auto problem = changeset::scope_problem(scope); !problem.empty()) {
    return corrupt(fmt::format("scope {}: {}", scopes_.size() + 1, problem));
  }
  scopes_.push_back(scope);
  return Status::ok();
}

Status ColumnsReader::add_value_column(std::string_view bytes) {
  if (value_columns_.size() == changeset::kValueColumnsMax) {
    return corrupt(fmt::format("more than {} value columns", changeset::kValueColumnsMax));
  }
  uint64_t record_type = 0, field_number = 0, form = 0;
  bool text = false;
  std::string_view data;
  PARTA_RETURN_IF_ERROR(
      walk_known(bytes, "ValueColumn", value_column_wire_type, [&](const WireField& field) {
        if (field.number == wire::ValueColumn::kRecordTypeFieldNumber) record_type = field.varint;
        if (field.number == wire::ValueColumn::kFieldFieldNumber) field_number = field.varint;
        if (field.number == wire::ValueColumn::kFormFieldNumber) form = field.varint;
        if (field.number == wire::ValueColumn::kDataFieldNumber) data = field.bytes;
        if (field.number == wire::ValueColumn::kTextFieldNumber) text = field.varint != 0;
        return Status::ok();
      }));
  size_t number = value_columns_.size() + 1;
  if (record_type > UINT32_MAX || field_number == 0 ||
      field_number > changeset::kValueFieldNumberMax || form > changeset::kValueFormMask) {
    return corrupt(
        fmt::format("value column {} is for record type {}, field {}, form {}: no "
                    "such column",
                    number, record_type, field_number, form));
  }
  if (text && form != changeset::kFormBytes) {
    return corrupt(fmt::format("value column {} of form {} holds texts", number, form));
  }
  auto [it, added] = value_column_indexes_.try_emplace(
      changeset::value_column_id(record_type, field_number, form), value_columns_.size());
  if (!added) {
    return corrupt(fmt::format("value column {} repeats record type {}, field {}, form {}", number,
                               record_type, field_number, form));
  }
  value_columns_.push_back({.data = ColumnReader(data), .text = text});
  return Status::ok();
}

Status ColumnsReader::next_run() {
  auto scope = varint(Columns::kRunsFieldNumber);
  if (!scope) return scope.status();
  auto origin = varint(Columns::kRunsFieldNumber);
  if (!origin) return origin.status();
  auto count = varint(Columns::kRunsFieldNumber);
  if (!count) return count.status();
  if (*scope >= scopes_.size()) {
    return corrupt_op(fmt::format("scope index {} is out of range; the batch has {} scopes", *scope,
                                  scopes_.size()));
  }
  if (*origin >= origins_.size()) {
    return corrupt_op(fmt::format("origin index {} is out of range; the batch has {} origins",
                                  *origin, origins_.size()));
  }
  if (*count == 0 || *count > op_count_ - ops_.size()) {
    return corrupt_op(
        fmt::format("a run of {} ops where {} are left", *count, op_count_ - ops_.size()));
  }
  run_scope_ = *scope;
  run_origin_ = *origin;
  run_ops_left_ = *count;
  return Status::ok();
}

Status ColumnsReader::read_op() {
  if (run_ops_left_ == 0) PARTA_RETURN_IF_ERROR(next_run());
  --run_ops_left_;
  auto flags = varint(Columns::kOpFlagsFieldNumber);
  if (!flags) return flags.status();
  if ((*flags & ~uint64_t{changeset::kOpFlagsKnown}) != 0) {
    return corrupt_op(fmt::format("flags {:#x} this release does not know", *flags));
  }
  oplog::Op op;
  op.set_origin(origins_[run_origin_]);
  auto seq_delta = zigzag_varint(Columns::kSeqDeltasFieldNumber);
  if (!seq_delta) return seq_delta.status();
  op.set_seq(changeset::apply_wrapping_delta(previous_seqs_[run_origin_] + 1, *seq_delta));
  previous_seqs_[run_origin_] = op.seq();
  PARTA_RETURN_IF_ERROR(read_hlc(&op));
  op.set_scope(std::string(scopes_[run_scope_]));
  auto record_type = varint(Columns::kRecordTypesFieldNumber);
  if (!record_type) return record_type.status();
  if (*record_type > UINT32_MAX) {
    return corrupt_op(fmt::format("record type {} is above 2^32", *record_type));
  }
  op.set_record_type(static_cast<uint32_t>(*record_type));
  PARTA_RETURN_IF_ERROR(read_key(&op));
  PARTA_RETURN_IF_ERROR(read_value(static_cast<uint32_t>(*flags), &op));
  PARTA_RETURN_IF_ERROR(read_fields(static_cast<uint32_t>(*flags), &op));
  op.set_tombstone((*flags & changeset::kOpTombstone) != 0);
  if (*flags & changeset::kOpUnknownFields) {
    auto unknown = length_prefixed(Columns::kOpUnknownFieldsFieldNumber);
    if (!unknown) return unknown.status();
    PARTA_RETURN_IF_ERROR(read_unknown_fields(*unknown, &op));
  }
  ops_.push_back(std::move(op));
  return Status::ok();
}

Status ColumnsReader::read_hlc(oplog::Op* op) {
  auto ms_delta = zigzag_varint(Columns::kHlcMsDeltasFieldNumber);
  if (!ms_delta) return ms_delta.status();
  auto logical_delta = zigzag_varint(Columns::kHlcLogicalsFieldNumber);
  if (!logical_delta) return logical_delta.status();
  uint64_t hlc_ms = changeset::apply_wrapping_delta(previous_hlc_ms_, *ms_delta);
  if (hlc_ms > changeset::kHlcMillisecondsMax) {
    return corrupt_op(fmt::format("hlc milliseconds {} do not fit in {} bits", hlc_ms,
                                  64 - changeset::kHlcLogicalBits));
  }
  // Whichever form it takes, a valid value lies within +-2^16; checking that first keeps the
  // sum from overflowing.
  constexpr int64_t kSpan = int64_t{1} << changeset::kHlcLogicalBits;
  int64_t logical = -1;
  if (*logical_delta >= -kSpan && *logical_delta <= kSpan) {
    bool same_ms = hlc_ms == previous_hlc_ms_;
    int64_t previous = static_cast<int64_t>(previous_hlc_logical_);
    logical = same_ms ? previous + 1 + *logical_delta : *logical_delta;
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

Status ColumnsReader::read_key(oplog::Op* op) {
  auto key_origin = varint(Columns::kKeyOriginsFieldNumber);
  if (!key_origin) return key_origin.status();
  if (*key_origin == 0) {
    auto key = length_prefixed(Columns::kKeyRestsFieldNumber);
    if (!key) return key.status();
    op->set_key(std::string(*key));
    return Status::ok();
  }
  uint64_t index = *key_origin - 1;
  if (index >= origins_.size()) {
    return corrupt_op(fmt::format("key origin index {} is out of range; the batch has {} origins",
                                  *key_origin, origins_.size()));
  }
  auto delta = zigzag_varint(Columns::kKeyCounterDeltasFieldNumber);
  if (!delta) return delta.status();
  auto counter = changeset::apply_exact_delta(previous_counters_[index], *delta);
  if (!counter) {
    return corrupt_op(fmt::format("key counter delta {} from {} overflows 64 bits", *delta,
                                  previous_counters_[index]));
  }
  previous_counters_[index] = *counter;
  auto suffix = length_prefixed(Columns::kKeyRestsFieldNumber);
  if (!suffix) return suffix.status();
  std::string key;
  key.reserve(changeset::kKeyPrefixBytes + suffix->size());
  append_u32_be(&key, origins_[index]);
  append_u64_be(&key, *counter);
  key.append(*suffix);
  op->set_key(std::move(key));
  return Status::ok();
}

Status ColumnsReader::read_value(uint32_t flags, oplog::Op* op) {
  if (flags & changeset::kOpRawValue) {
    auto value = length_prefixed(Columns::kRawValuesFieldNumber);
    if (!value) return value.status();
    op->set_value(std::string(*value));
  } else {
    auto shape_index = varint(Columns::kValueShapeIndexesFieldNumber);
    if (!shape_index) return shape_index.status();
    if (*shape_index >= shapes_.size()) {
      return corrupt_op(fmt::format("value shape {} is out of range; the batch has {} shapes",
                                    *shape_index, shapes_.size()));
    }
    ColumnReader shape(shapes_[*shape_index]);
    for (size_t fields = 0; shape.bytes_left() > 0; ++fields) {
      auto entry = shape.varint();
      if (!entry || fields == changeset::kShapeFieldsMax) {
        return corrupt_op(fmt::format("value shape {} is not a list of at most {} fields",
                                      *shape_index, changeset::kShapeFieldsMax));
      }
      PARTA_RETURN_IF_ERROR(read_value_field(op->record_type(), *entry, op));
      if (op->value().size() > limits_.op_value_bytes_max) break;  // refused below
    }
  }
  if (auto problem = changeset::value_problem(op->value().size(), limits_.op_value_bytes_max);
      !problem.empty()) {
    return corrupt_op(problem);
  }
  value_bytes_ += op->value().size();
  if (value_bytes_ > limits_.decompressed_bytes_max) {
    return corrupt_op(
        fmt::format("its value takes the batch's values past the {} bytes a batch "
                    "may have",
                    limits_.decompressed_bytes_max));
  }
  return Status::ok();
}

// Appends one field of a split value, `entry` from its shape, taking it from its column or
// from the op's key.
Status ColumnsReader::read_value_field(uint32_t record_type, uint64_t entry, oplog::Op* op) {
  ValueField field{.number = static_cast<uint32_t>(entry >> changeset::kValueFormBits),
                   .form = static_cast<changeset::ValueForm>(entry & changeset::kValueFormMask)};
  if (field.number == 0 || (entry >> changeset::kValueFormBits) > changeset::kValueFieldNumberMax) {
    return corrupt_op(fmt::format("its value has a field numbered {}", entry >> 3));
  }
  if (changeset::has_column(field.form)) {
    auto it = value_column_indexes_.find(
        changeset::value_column_id(record_type, field.number, field.form));
    if (it == value_column_indexes_.end()) return value_column_ends(field, record_type);
    PARTA_RETURN_IF_ERROR(read_from_column(value_columns_[it->second], record_type, &field));
  }
  if (!changeset::append_value_field(field, op->key(), op->mutable_value())) {
    return corrupt_op(
        fmt::format("value field {} is taken from the key, but the key of {} bytes "
                    "is too short for it",
                    field.number, op->key().size()));
  }
  return Status::ok();
}

Status ColumnsReader::value_column_ends(const ValueField& field, uint32_t record_type) const {
  return corrupt_op(
      fmt::format("value field {} (form {}) of record type {}: its column is missing "
                  "or ends before it",
                  field.number, static_cast<int>(field.form), record_type));
}

// Fills in `field` from the next entry of `column`, that of `record_type`; field.bytes may
// point into text_ or key_ until the next field is read.
Status ColumnsReader::read_from_column(ValueColumnState& column, uint32_t record_type,
                                       ValueField* field) {
  auto ended = [&] { return value_column_ends(*field, record_type); };
  std::optional<uint64_t> number, origin_index;
  std::optional<std::string_view> bytes;
  switch (field->form) {
    case changeset::kFormVarint:
      if (!(number = column.data.zigzag_varint())) return ended();
      field->bits = column.previous =
          changeset::apply_wrapping_delta(column.previous, static_cast<int64_t>(*number));
      return Status::ok();
    case changeset::kFormFixed64:
    case changeset::kFormFixed32:
      if (!(bytes = column.data.bytes(field->form == changeset::kFormFixed64 ? 8 : 4))) {
        return ended();
      }
      for (size_t i = 0; i < bytes->size(); ++i) {
        field->bits |= uint64_t{static_cast<uint8_t>((*bytes)[i])} << (8 * i);
      }
      return Status::ok();
    case changeset::kFormBytes:
      if (!(bytes = column.data.length_prefixed())) return ended();
      field->bytes = *bytes;
      return column.text ? read_text(field) : Status::ok();
    default:
      assert(field->form == changeset::kFormRecordKey);
      if (!(origin_index = column.data.varint()) || !(number = column.data.zigzag_varint())) {
        return ended();
      }
      if (*origin_index >= origins_.size()) {
        return corrupt_op(fmt::format("value field {}: origin index {} is out of range",
                                      field->number, *origin_index));
      }
      column.previous =
          changeset::apply_wrapping_delta(column.previous, static_cast<int64_t>(*number));
      key_.clear();
      append_u32_be(&key_, origins_[*origin_index]);
      append_u64_be(&key_, column.previous);
      field->bytes = key_;
      return Status::ok();
  }
}

// field.bytes, a text in Windows-1251, written back as it was into text_.
Status ColumnsReader::read_text(ValueField* field) {
  // Each byte is a character, at least one byte in UTF-8: a longer text cannot fit a value.
  if (field->bytes.size() > limits_.op_value_bytes_max) {
    return corrupt_op(
        fmt::format("value field {}: a text of {} characters, more than a value "
                    "may hold",
                    field->number, field->bytes.size()));
  }
  text_.clear();
  if (!changeset::append_utf8(field->bytes, &text_)) {
    return corrupt_op(fmt::format("value field {}: its text ends inside an escape", field->number));
  }
  field->bytes = text_;
  return Status::ok();
}

Status ColumnsReader::read_fields(uint32_t flags, oplog::Op* op) {
  auto first = varint(Columns::kFieldsFieldNumber);
  if (!first) return first.status();
  if ((flags & changeset::kOpFieldList) == 0) {
    for (uint32_t field = 1; field <= changeset::kFieldsBitmapFieldMax; ++field) {
      if (*first & (uint64_t{1} << (field - 1))) op->add_fields(field);
    }
    return Status::ok();
  }
  // Each number takes at least a byte of the column: the count cannot ask for more.
  if (*first > op_columns_[Columns::kFieldsFieldNumber].bytes_left()) {
    return column_ends(column_name(Columns::kFieldsFieldNumber));
  }
  op->mutable_fields()->Reserve(static_cast<int>(*first));
  for (uint64_t i = 0; i < *first; ++i) {
    auto number = varint(Columns::kFieldsFieldNumber);
    if (!number) return number.status();
    if (*number > UINT32_MAX) return corrupt_op("its field list holds a number above 2^32");
    op->add_fields(static_cast<uint32_t>(*number));
  }
  return Status::ok();
}

Status ColumnsReader::read_unknown_fields(std::string_view bytes, oplog::Op* op) {
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

// Every column ends with the last op: bytes left over mean the body is not what it says.
Status ColumnsReader::check_columns_ended() const {
  for (int number : kOpColumns) {
    if (size_t left = op_columns_[number].bytes_left(); left > 0) {
      return corrupt(
          fmt::format("column {} has {} bytes after the last op", column_name(number), left));
    }
  }
  if (run_ops_left_ > 0) return corrupt("the last run holds more ops than the batch");
  for (size_t i = 0; i < value_columns_.size(); ++i) {
    if (size_t left = value_columns_[i].data.bytes_left(); left > 0) {
      return corrupt(fmt::format("value column {} has {} bytes after the last op", i + 1, left));
    }
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<oplog::Op>> decode_changeset_body(std::string_view body,
                                                     const ChangesetLimits& limits) {
  return ColumnsReader(limits).read(body);
}

}  // namespace parta
