// Baseline A's data: the records a node changed since an older copy of it, as the buffer rows
// Kolibri's Morango would send for them. Morango sends each changed record whole, once, with
// its bookkeeping beside it (morango/api/serializers.py, BufferSerializer): the record
// serialized as a JSON string, its model, partition and source id, the instance and counter
// that saved it last, a namespaced model UUID, and the highest counter of every instance that
// ever saved it (the "record max counters", rmcb_list).
//
// The mapping from a Parta node, chosen so as not to inflate the baseline:
//   - a record changed when the node holds an op for it that the older copy's version vector
//     lacks (Morango's FSIC comparison); the row carries the record as it is now;
//   - `serialized` is the record as protobuf's JSON printer writes it (snake_case field names,
//     every field, defaults included, as a Django model's serialize() gives every column;
//     record keys as base64), with an "id", restyled as DjangoJSONEncoder writes it;
//   - Parta's ids stand for Morango's source ids and partitions ("<dataset>:user-rw:<student>"
//     for a student's own records, "<dataset>:allusers-ro" for the rest); instance ids,
//     model UUIDs and the dataset id are 32 hex digits, as Morango's UUIDs are;
//   - an instance is a Parta origin and its counter the origin's op seq.
//
// Thread safety: reads both nodes in one read transaction each; other processes may write.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "parta/storage/status.h"

namespace parta::bench {

struct InstanceCounter {
  std::string instance_id;  // 32 hex digits
  uint64_t counter;
};

// One Morango Buffer row, less its transfer session (which belongs to the transfer).
struct BufferRow {
  std::string serialized;  // DjangoJSONEncoder's text of the record
  bool deleted = false;
  std::string last_saved_instance;
  uint64_t last_saved_counter = 0;
  std::string partition;
  std::string source_id;
  std::string model_name;
  std::string model_uuid;
  std::vector<InstanceCounter> rmcb_list;
};

// 32 lowercase hex digits derived from `name`, standing in for a Morango UUID: the same name
// gives the same digits on every run, so a client and a server agree without talking.
std::string uuid_hex(std::string_view name);

// The rows for the records the node in `node_dir` changed since the node in `since_dir`
// (an older copy of it, or of its peer): origin by origin, in the order each made them. Errors:
// NotFound if either directory holds no node; Corrupt if a record or op does not parse; Invalid if
// an op names a record type this build does not know.
Result<std::vector<BufferRow>> changed_record_rows(const std::filesystem::path& node_dir,
                                                   const std::filesystem::path& since_dir);

}  // namespace parta::bench
