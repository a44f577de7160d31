// Ops into a changeset body, column by column (docs/changeset-format.md "Body"); see
// changeset_body.h.
#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <cassert>
#include <unordered_map>

#include "changeset.pb.h"
#include "changeset_columns.h"
#include "changeset_deltas.h"
#include "changeset_op_rules.h"
#include "changeset_text.h"
#include "changeset_value_fields.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_format.h"

namespace parta {
namespace {

using changeset::append_length_prefixed;
using changeset::append_varint;
using changeset::has_column;
using changeset::kKeyPrefixBytes;
using changeset::value_column_id;
using changeset::ValueField;
using changeset::zigzag;

// A value column and the previous value its differences are taken from.
struct ColumnState {
  wire::ValueColumn* column = nullptr;
  uint64_t previous = 0;
};

// Builds the body op by op: the tables, the columns, and the previous values that deltas are
// taken from, exactly as the decoder will replay them.
class ColumnsBuilder {
 public:
  void add(const oplog::Op& op);
  // The body; the builder is done.
  std::string finish();

 private:
  uint32_t origin_index(uint32_t origin);
  uint32_t scope_index(const std::string& scope);
  void end_run();
  void add_hlc(uint64_t hlc);
  void add_key(std::string_view key);
  void add_fields(const oplog::Op& op, uint32_t* flags);
  bool add_split_value(const oplog::Op& op);
  void choose_record_key_forms(std::vector<ValueField>* fields) const;
  ColumnState& column(uint32_t record_type, const ValueField& field);
  void add_to_column(ColumnState& state, const ValueField& field);

  wire::ChangesetColumns columns_;
  std::unordered_map<uint32_t, uint32_t> origin_indexes_;
  std::unordered_map<std::string, uint32_t> scope_indexes_;
  std::unordered_map<std::string, uint32_t> shape_indexes_;
  std::unordered_map<uint64_t, ColumnState> value_columns_;  // by value_column_id()
  std::vector<uint64_t> previous_seqs_;                      // by origin index
  std::vector<uint64_t> previous_counters_;                  // by origin index
  uint64_t previous_hlc_ms_ = 0;
  uint64_t previous_hlc_logical_ = 0;
  uint32_t run_scope_ = 0;
  uint32_t run_origin_ = 0;
  uint64_t run_ops_ = 0;
};

uint32_t ColumnsBuilder::origin_index(uint32_t origin) {
  auto [it, added] = origin_indexes_.try_emplace(origin, columns_.origins_size());
  if (added) {
    columns_.add_origins(origin);
    previous_seqs_.push_back(0);
    previous_counters_.push_back(0);
  }
  return it->second;
}

uint32_t ColumnsBuilder::scope_index(const std::string& scope) {
  auto [it, added] = scope_indexes_.try_emplace(scope, columns_.scopes_size());
  if (added) columns_.add_scopes(scope);
  return it->second;
}

void ColumnsBuilder::end_run() {
  if (run_ops_ == 0) return;
  std::string* runs = columns_.mutable_runs();
  append_varint(runs, run_scope_);
  append_varint(runs, run_origin_);
  append_varint(runs, run_ops_);
  run_ops_ = 0;
}

void ColumnsBuilder::add_hlc(uint64_t hlc) {
  uint64_t ms = hlc >> changeset::kHlcLogicalBits;
  uint64_t logical = hlc & changeset::kHlcLogicalMax;
  append_varint(columns_.mutable_hlc_ms_deltas(),
                zigzag(changeset::wrapping_delta(previous_hlc_ms_, ms)));
  int64_t logical_delta = static_cast<int64_t>(logical);
  if (ms == previous_hlc_ms_) logical_delta -= static_cast<int64_t>(previous_hlc_logical_) + 1;
  append_varint(columns_.mutable_hlc_logicals(), zigzag(logical_delta));
  previous_hlc_ms_ = ms;
  previous_hlc_logical_ = logical;
}

void ColumnsBuilder::add_key(std::string_view key) {
  if (key.size() >= kKeyPrefixBytes) {
    uint32_t index = origin_index(read_u32_be(key));
    uint64_t counter = read_u64_be(key.substr(changeset::kKeyOriginBytes));
    if (auto delta = changeset::exact_delta(previous_counters_[index], counter)) {
      previous_counters_[index] = counter;
      append_varint(columns_.mutable_key_origins(), index + 1);
      append_varint(columns_.mutable_key_counter_deltas(), zigzag(*delta));
      append_length_prefixed(columns_.mutable_key_rests(), key.substr(kKeyPrefixBytes));
      return;
    }
  }
  append_varint(columns_.mutable_key_origins(), 0);
  append_length_prefixed(columns_.mutable_key_rests(), key);
}

void ColumnsBuilder::add_fields(const oplog::Op& op, uint32_t* flags) {
  uint64_t bitmap = 0;
  uint32_t last = 0;
  for (uint32_t field : op.fields()) {
    if (field <= last || field > changeset::kFieldsBitmapFieldMax) {
      *flags |= changeset::kOpFieldList;
      std::string* out = columns_.mutable_fields();
      append_varint(out, op.fields_size());
      for (uint32_t listed : op.fields()) append_varint(out, listed);
      return;
    }
    bitmap |= uint64_t{1} << (field - 1);
    last = field;
  }
  append_varint(columns_.mutable_fields(), bitmap);
}

// A 12-byte field whose first 4 bytes are an origin of the table goes as a record key. Only
// origins the ops and their keys brought count, so the table stays within its limit.
void ColumnsBuilder::choose_record_key_forms(std::vector<ValueField>* fields) const {
  for (ValueField& field : *fields) {
    if (field.form == changeset::kFormBytes && field.bytes.size() == kKeyPrefixBytes &&
        origin_indexes_.contains(read_u32_be(field.bytes))) {
      field.form = changeset::kFormRecordKey;
    }
  }
}

ColumnState& ColumnsBuilder::column(uint32_t record_type, const ValueField& field) {
  auto [it, added] =
      value_columns_.try_emplace(value_column_id(record_type, field.number, field.form));
  if (added) {
    it->second.column = columns_.add_value_columns();
    it->second.column->set_record_type(record_type);
    it->second.column->set_field(field.number);
    it->second.column->set_form(field.form);
  }
  return it->second;
}

void ColumnsBuilder::add_to_column(ColumnState& state, const ValueField& field) {
  std::string* data = state.column->mutable_data();
  switch (field.form) {
    case changeset::kFormVarint:
      append_varint(data, zigzag(changeset::wrapping_delta(state.previous, field.bits)));
      state.previous = field.bits;
      break;
    case changeset::kFormFixed64:
    case changeset::kFormFixed32:
      for (int i = 0; i < (field.form == changeset::kFormFixed64 ? 8 : 4); ++i) {
        data->push_back(static_cast<char>(field.bits >> (8 * i)));
      }
      break;
    case changeset::kFormBytes:
      append_length_prefixed(data, field.bytes);
      break;
    case changeset::kFormRecordKey: {
      uint64_t counter = read_u64_be(field.bytes.substr(changeset::kKeyOriginBytes));
      append_varint(data, origin_indexes_.at(read_u32_be(field.bytes)));
      append_varint(data, zigzag(changeset::wrapping_delta(state.previous, counter)));
      state.previous = counter;
      break;
    }
    default:
      assert(!has_column(field.form) && "every form with a column is written above");
  }
}

// The value split into its columns, or false (nothing written) when it must travel raw.
bool ColumnsBuilder::add_split_value(const oplog::Op& op) {
  auto fields = changeset::split_value(op.value(), op.key());
  if (!fields) return false;
  choose_record_key_forms(&*fields);
  std::string shape;
  size_t new_columns = 0;
  for (const ValueField& field : *fields) {
    append_varint(&shape, (uint64_t{field.number} << changeset::kValueFormBits) | field.form);
    new_columns += has_column(field.form) && !value_columns_.contains(value_column_id(
                                                 op.record_type(), field.number, field.form));
  }
  if (value_columns_.size() + new_columns > changeset::kValueColumnsMax) return false;
  auto [shape_it, added] = shape_indexes_.try_emplace(shape, columns_.value_shapes_size());
  if (added) columns_.add_value_shapes(shape);
  append_varint(columns_.mutable_value_shape_indexes(), shape_it->second);
  for (const ValueField& field : *fields) {
    if (has_column(field.form)) add_to_column(column(op.record_type(), field), field);
  }
  return true;
}

void ColumnsBuilder::add(const oplog::Op& op) {
  uint32_t origin = origin_index(op.origin());
  uint32_t scope = scope_index(op.scope());
  if (run_ops_ > 0 && (origin != run_origin_ || scope != run_scope_)) end_run();
  run_origin_ = origin;
  run_scope_ = scope;
  ++run_ops_;
  columns_.set_op_count(columns_.op_count() + 1);

  append_varint(columns_.mutable_seq_deltas(),
                zigzag(changeset::wrapping_delta(previous_seqs_[origin] + 1, op.seq())));
  previous_seqs_[origin] = op.seq();
  add_hlc(op.hlc());
  append_varint(columns_.mutable_record_types(), op.record_type());
  add_key(op.key());
  uint32_t flags = op.tombstone() ? uint32_t{changeset::kOpTombstone} : 0;
  add_fields(op, &flags);
  const auto& unknown = op.GetReflection()->GetUnknownFields(op);
  if (unknown.field_count() > 0) {
    flags |= changeset::kOpUnknownFields;
    std::string unknown_bytes;
    unknown.SerializeToString(&unknown_bytes);
    append_length_prefixed(columns_.mutable_op_unknown_fields(), unknown_bytes);
  }
  if (!add_split_value(op)) {
    flags |= changeset::kOpRawValue;
    append_length_prefixed(columns_.mutable_raw_values(), op.value());
  }
  append_varint(columns_.mutable_op_flags(), flags);
}

// A bytes column goes in Windows-1251 when that makes it shorter: when it holds Russian text.
void to_single_byte_texts(wire::ValueColumn* column) {
  changeset::ColumnReader entries(column->data());
  std::string texts;
  texts.reserve(column->data().size());
  while (entries.bytes_left() > 0) {
    auto entry = entries.length_prefixed();
    assert(entry && "the encoder wrote the column");
    auto text = changeset::to_single_byte(*entry);
    if (!text) return;
    append_length_prefixed(&texts, *text);
  }
  if (texts.size() >= column->data().size()) return;
  column->set_data(std::move(texts));
  column->set_text(true);
}

std::string ColumnsBuilder::finish() {
  end_run();
  for (wire::ValueColumn& column : *columns_.mutable_value_columns()) {
    if (column.form() == changeset::kFormBytes) to_single_byte_texts(&column);
  }
  return columns_.SerializeAsString();
}

// Why a receiver with the default limits would refuse `op`, or "".
std::string op_problem(const oplog::Op& op) {
  const ChangesetLimits limits;
  if (auto problem = changeset::scope_problem(op.scope()); !problem.empty()) return problem;
  if (auto problem = changeset::value_problem(op.value().size(), limits.op_value_bytes_max);
      !problem.empty()) {
    return problem;
  }
  const auto& unknown = op.GetReflection()->GetUnknownFields(op);
  if (unknown.field_count() > static_cast<int>(changeset::kOpUnknownFieldsMax)) {
    return fmt::format("{} fields this release does not know, more than {}", unknown.field_count(),
                       changeset::kOpUnknownFieldsMax);
  }
  for (int i = 0; i < unknown.field_count(); ++i) {
    if (unknown.field(i).type() == google::protobuf::UnknownField::TYPE_GROUP) {
      return fmt::format("unknown field {} is a group, which an op may not hold",
                         unknown.field(i).number());
    }
  }
  return "";
}

}  // namespace

Result<std::string> encode_changeset_body(std::span<const oplog::Op> ops) {
  const ChangesetLimits limits;
  if (ops.size() > limits.batch_ops_max) {
    return Status::invalid(
        fmt::format("changeset batch: {} ops, more than the {} a batch may carry", ops.size(),
                    limits.batch_ops_max));
  }
  ColumnsBuilder builder;
  size_t value_bytes = 0;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (auto problem = op_problem(ops[i]); !problem.empty()) {
      return Status::invalid(fmt::format("changeset batch: op {} of {} (origin {:08x}, seq {}): {}",
                                         i + 1, ops.size(), ops[i].origin(), ops[i].seq(),
                                         problem));
    }
    value_bytes += ops[i].value().size();
    builder.add(ops[i]);
  }
  std::string body = builder.finish();
  if (std::max(body.size(), value_bytes) > limits.decompressed_bytes_max) {
    return Status::invalid(
        fmt::format("changeset batch: {} ops make a body of {} bytes with values of {} bytes, "
                    "more than the {} a batch may have; send fewer ops per batch",
                    ops.size(), body.size(), value_bytes, limits.decompressed_bytes_max));
  }
  return body;
}

}  // namespace parta
