// Builds Morango buffer rows from a node's changes; see morango_rows.h.
#include "morango_rows.h"

#include <fmt/format.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "parta/storage/record_key.h"
#include "parta/storage/record_types.h"
#include "parta/storage/store.h"
#include "python_json.h"
#include "records.pb.h"

namespace parta::bench {
namespace {

// The Kolibri facility dataset a school's partitions hang under.
const std::string kDatasetId = uuid_hex("facility dataset");

struct RecordId {
  uint32_t type;
  std::string key;
  auto operator<=>(const RecordId&) const = default;
};

// What the op log says about one record.
struct RecordHistory {
  std::map<uint32_t, uint64_t> counters;  // origin -> highest seq that wrote the record
  std::tuple<uint64_t, uint32_t, uint64_t> last_write{};  // (hlc, origin, seq), largest wins
  std::optional<uint64_t> first_change;  // order of the first op the older copy lacks
};

using SinceVector = std::map<std::pair<std::string, uint32_t>, uint64_t>;

Result<SinceVector> since_vector(const std::filesystem::path& since_dir) {
  auto store = Store::open(StoreOptions{.dir = since_dir});
  if (!store) return store.status();
  SinceVector since;
  Status status = (*store)->read([&](const ReadView& view) -> Status {
    auto vector = view.version_vector();
    if (!vector) return vector.status();
    for (const VersionEntry& entry : *vector) since[{entry.scope, entry.origin}] = entry.seq;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return since;
}

// Every record the op log names, from every origin's ops; a record changed when the older
// copy's vector lacks one of its ops.
Result<std::map<RecordId, RecordHistory>> record_histories(const ReadView& view,
                                                           const SinceVector& since) {
  auto vector = view.version_vector();
  if (!vector) return vector.status();
  std::vector<uint32_t> origins;
  for (const VersionEntry& entry : *vector) origins.push_back(entry.origin);
  std::sort(origins.begin(), origins.end());
  origins.erase(std::unique(origins.begin(), origins.end()), origins.end());

  std::map<RecordId, RecordHistory> histories;
  uint64_t order = 0;
  for (uint32_t origin : origins) {
    PARTA_RETURN_IF_ERROR(view.for_each_op(origin, 1, [&](const oplog::Op& op) {
      RecordHistory& history = histories[{op.record_type(), op.key()}];
      uint64_t& counter = history.counters[op.origin()];
      counter = std::max(counter, op.seq());
      history.last_write = std::max(history.last_write, {op.hlc(), op.origin(), op.seq()});
      auto held = since.find({op.scope(), op.origin()});
      const bool lacked = held == since.end() || op.seq() > held->second;
      if (lacked && !history.first_change) history.first_change = order;
      ++order;
      return true;
    }));
  }
  return histories;
}

std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char byte : bytes) out += fmt::format("{:02x}", byte);
  return out;
}

// "s17-3fa2c1d0" for records born with an id; the key in hex for those keyed by their owners.
std::string source_id(const RecordTypeInfo& info, std::string_view key) {
  auto record_key = RecordKey::from_bytes(key);
  if (info.id_prefix.empty() || !record_key) return hex(key);
  return format_id(info.id_prefix, *record_key);
}

// The student a record belongs to, if any: the student itself, its `student` field, or for a
// review the student of the submission it reviews.
Result<std::optional<std::string>> student_key(const ReadView& view, RecordType type,
                                               std::string_view key,
                                               const google::protobuf::Message& record) {
  if (type == RecordType::kStudent) return std::optional<std::string>(key);
  if (type == RecordType::kReview) {
    records::Submission submission;
    const auto& review = static_cast<const records::Review&>(record);
    Status status = view.get(RecordType::kSubmission, review.submission(), &submission);
    if (status.kind() == Status::Kind::kNotFound) return std::optional<std::string>();
    if (!status.is_ok()) return status;
    return std::optional<std::string>(submission.student());
  }
  const auto* field = record.GetDescriptor()->FindFieldByName("student");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_BYTES) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(record.GetReflection()->GetString(record, field));
}

// The record as DjangoJSONEncoder would write a model's serialize(): every field, with its id.
Result<std::string> serialized_record(const google::protobuf::Message& record,
                                      std::string_view id) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string fields;
  auto printed = google::protobuf::util::MessageToJsonString(record, &fields, options);
  if (!printed.ok()) {
    return Status::corrupt(
        fmt::format("record {} does not print as JSON: {}", id, std::string(printed.message())));
  }
  const std::string separator = fields == "{}" ? "" : ",";
  return restyle_json(fmt::format("{{\"id\":{}{}{}", quote_json(id, kPythonDumps), separator,
                                  std::string_view(fields).substr(1)),
                      kPythonDumps);
}

std::string instance_id(uint32_t origin) {
  return uuid_hex(fmt::format("instance {:08x}", origin));
}

std::string partition_of(const std::optional<std::string>& student) {
  if (student) {
    if (auto key = RecordKey::from_bytes(*student)) {
      return fmt::format("{}:user-rw:{}", kDatasetId,
                         format_id(record_type_info(RecordType::kStudent).id_prefix, *key));
    }
  }
  return fmt::format("{}:allusers-ro", kDatasetId);
}

// The record's text and partition as it is now; a deleted one is "{}" in no student's partition.
Status describe_record(const ReadView& view, RecordType type, std::string_view key,
                       BufferRow& row) {
  std::unique_ptr<google::protobuf::Message> record = record_prototype(type);
  Status read = view.get(type, key, record.get());
  if (read.kind() == Status::Kind::kNotFound) {
    row.deleted = true;
    row.serialized = "{}";
    row.partition = partition_of(std::nullopt);
    return Status::ok();
  }
  PARTA_RETURN_IF_ERROR(read);
  auto serialized = serialized_record(*record, row.source_id);
  if (!serialized) return serialized.status();
  row.serialized = std::move(*serialized);
  auto student = student_key(view, type, key, *record);
  if (!student) return student.status();
  row.partition = partition_of(*student);
  return Status::ok();
}

Result<BufferRow> buffer_row(const ReadView& view, const RecordId& id,
                             const RecordHistory& history) {
  auto info = record_type_info(id.type);
  if (!info) {
    return Status::invalid(
        fmt::format("an op names record type {}, unknown to this build", id.type));
  }
  BufferRow row;
  row.model_name = std::string(info->name);
  row.source_id = source_id(*info, id.key);
  row.last_saved_instance = instance_id(std::get<1>(history.last_write));
  row.last_saved_counter = std::get<2>(history.last_write);
  for (const auto& [origin, counter] : history.counters) {
    row.rmcb_list.push_back({instance_id(origin), counter});
  }
  PARTA_RETURN_IF_ERROR(describe_record(view, info->type, id.key, row));
  row.model_uuid = uuid_hex(row.partition + row.source_id + row.model_name);
  return row;
}

uint64_t mix64(uint64_t value) {  // SplitMix64's finaliser
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

}  // namespace

std::string uuid_hex(std::string_view name) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char byte : name) hash = (hash ^ byte) * 0x100000001b3ULL;
  return fmt::format("{:016x}{:016x}", mix64(hash), mix64(hash ^ 0x9e3779b97f4a7c15ULL));
}

Result<std::vector<BufferRow>> changed_record_rows(const std::filesystem::path& node_dir,
                                                   const std::filesystem::path& since_dir) {
  auto since = since_vector(since_dir);
  if (!since) return since.status();
  auto store = Store::open(StoreOptions{.dir = node_dir});
  if (!store) return store.status();
  std::vector<BufferRow> rows;
  Status status = (*store)->read([&](const ReadView& view) -> Status {
    auto histories = record_histories(view, *since);
    if (!histories) return histories.status();
    std::vector<std::pair<uint64_t, const RecordId*>> changed;
    for (const auto& [id, history] : *histories) {
      if (history.first_change) changed.emplace_back(*history.first_change, &id);
    }
    std::sort(changed.begin(), changed.end());
    for (const auto& [order, id] : changed) {
      auto row = buffer_row(view, *id, histories->at(*id));
      if (!row) return row.status();
      rows.push_back(std::move(*row));
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return rows;
}

}  // namespace parta::bench
