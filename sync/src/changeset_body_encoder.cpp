// Ops into a changeset body (docs/changeset-format.md "Body"); see changeset_body.h.
#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>

#include <unordered_map>

#include "changeset.pb.h"
#include "changeset_deltas.h"
#include "changeset_op_rules.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_format.h"

namespace parta {
namespace {

using changeset::kKeyPrefixBytes;

// Builds the body op by op: the tables, the runs, and the previous values that deltas are
// taken from, exactly as the decoder will replay them.
class BodyBuilder {
 public:
  void add(const oplog::Op& op);
  const wire::ChangesetBatch& batch() const { return batch_; }

 private:
  uint32_t origin_index(uint32_t origin);
  uint32_t scope_index(const std::string& scope);
  void set_hlc(uint64_t hlc, wire::OpEntry* entry);
  void set_key(std::string_view key, wire::OpEntry* entry);
  static void set_fields(const oplog::Op& op, wire::OpEntry* entry);

  wire::ChangesetBatch batch_;
  wire::OpRun* run_ = nullptr;
  std::unordered_map<uint32_t, uint32_t> origin_indexes_;
  std::unordered_map<std::string, uint32_t> scope_indexes_;
  std::vector<uint64_t> previous_seqs_;      // by origin index
  std::vector<uint64_t> previous_counters_;  // by origin index
  uint64_t previous_hlc_ms_ = 0;
  uint64_t previous_hlc_logical_ = 0;
};

uint32_t BodyBuilder::origin_index(uint32_t origin) {
  auto [it, added] = origin_indexes_.try_emplace(origin, batch_.origins_size());
  if (added) {
    batch_.add_origins(origin);
    previous_seqs_.push_back(0);
    previous_counters_.push_back(0);
  }
  return it->second;
}

uint32_t BodyBuilder::scope_index(const std::string& scope) {
  auto [it, added] = scope_indexes_.try_emplace(scope, batch_.scopes_size());
  if (added) batch_.add_scopes(scope);
  return it->second;
}

void BodyBuilder::set_hlc(uint64_t hlc, wire::OpEntry* entry) {
  uint64_t ms = hlc >> changeset::kHlcLogicalBits;
  uint64_t logical = hlc & changeset::kHlcLogicalMax;
  entry->set_hlc_ms_delta(changeset::wrapping_delta(previous_hlc_ms_, ms));
  if (ms == previous_hlc_ms_) {
    entry->set_hlc_logical(static_cast<int64_t>(logical) -
                           static_cast<int64_t>(previous_hlc_logical_) - 1);
  } else {
    entry->set_hlc_logical(static_cast<int64_t>(logical));
  }
  previous_hlc_ms_ = ms;
  previous_hlc_logical_ = logical;
}

void BodyBuilder::set_key(std::string_view key, wire::OpEntry* entry) {
  if (key.size() >= kKeyPrefixBytes) {
    uint32_t key_origin = read_u32_be(key);
    uint64_t counter = read_u64_be(key.substr(changeset::kKeyOriginBytes));
    uint32_t index = origin_index(key_origin);
    if (auto delta = changeset::exact_delta(previous_counters_[index], counter)) {
      previous_counters_[index] = counter;
      entry->set_key_origin_index(index + 1);
      entry->set_key_counter_delta(*delta);
      entry->set_key_suffix(std::string(key.substr(kKeyPrefixBytes)));
      return;
    }
  }
  entry->set_key(std::string(key));
}

void BodyBuilder::set_fields(const oplog::Op& op, wire::OpEntry* entry) {
  uint64_t bitmap = 0;
  uint32_t last = 0;
  for (uint32_t field : op.fields()) {
    if (field <= last || field > changeset::kFieldsBitmapFieldMax) {
      *entry->mutable_fields() = op.fields();
      return;
    }
    bitmap |= uint64_t{1} << (field - 1);
    last = field;
  }
  entry->set_fields_bitmap(bitmap);
}

void BodyBuilder::add(const oplog::Op& op) {
  uint32_t origin = origin_index(op.origin());
  uint32_t scope = scope_index(op.scope());
  if (run_ == nullptr || run_->origin_index() != origin || run_->scope_index() != scope) {
    run_ = batch_.add_runs();
    run_->set_scope_index(scope);
    run_->set_origin_index(origin);
  }
  wire::OpEntry* entry = run_->add_ops();
  entry->set_seq_delta(changeset::wrapping_delta(previous_seqs_[origin] + 1, op.seq()));
  previous_seqs_[origin] = op.seq();
  set_hlc(op.hlc(), entry);
  entry->set_record_type(op.record_type());
  set_key(op.key(), entry);
  entry->set_value(op.value());
  set_fields(op, entry);
  entry->set_tombstone(op.tombstone());
  const auto& unknown = op.GetReflection()->GetUnknownFields(op);
  if (unknown.field_count() > 0) unknown.SerializeToString(entry->mutable_op_unknown_fields());
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
  BodyBuilder builder;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (auto problem = op_problem(ops[i]); !problem.empty()) {
      return Status::invalid(fmt::format("changeset batch: op {} of {} (origin {:08x}, seq {}): {}",
                                         i + 1, ops.size(), ops[i].origin(), ops[i].seq(),
                                         problem));
    }
    builder.add(ops[i]);
  }
  std::string body = builder.batch().SerializeAsString();
  if (body.size() > limits.decompressed_bytes_max) {
    return Status::invalid(
        fmt::format("changeset batch: {} ops make a body of {} bytes, more than the {} a batch may "
                    "have; send fewer ops per batch",
                    ops.size(), body.size(), limits.decompressed_bytes_max));
  }
  return body;
}

}  // namespace parta
