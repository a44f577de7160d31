// The changeset fuzz corpus seeds; see fuzz_seeds.h.
#include "fuzz_seeds.h"

#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>

#include "parta/storage/atomic_file.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_codec.h"
#include "parta/sync/changeset_format.h"

namespace parta::train_dict {
namespace {

constexpr size_t kSchoolOps = 40;
constexpr size_t kOddOps = 8;

// Up to kSchoolOps ops, every fourth op and each op whose record type differs from the last
// taken, so that a few of each kind come in.
Batch school_ops(std::span<const Batch> batches) {
  Batch school;
  for (const Batch& batch : batches) {
    for (const oplog::Op& op : batch) {
      if (school.size() == kSchoolOps) return school;
      if (school.empty() || op.record_type() != school.back().record_type() ||
          school.size() % 4 == 0) {
        school.push_back(op);
      }
    }
  }
  return school;
}

Batch odd_ops(const Batch& school) {
  Batch odd(school.begin(), school.begin() + kOddOps);
  odd[0].set_tombstone(true);
  odd[0].clear_value();
  odd[0].clear_fields();
  odd[1].set_value("\xff\x01not protobuf");
  odd[2].set_value(odd[2].value() + std::string("\xa8\x06\x01\xb5\x06\x01\x02\x03\x04", 9));
  odd[3].add_fields(1);
  odd[3].add_fields(300);
  odd[4].set_key("short");
  odd[4].set_origin(~uint32_t{0});
  odd[4].set_seq(~uint64_t{0});
  odd[5].set_scope("group:g7-00000001");
  odd[5].GetReflection()->MutableUnknownFields(&odd[5])->AddLengthDelimited(20, "newer");
  odd[6].set_value(std::string("\x08\x80\x00", 3));
  odd[7].set_record_type(99);
  return odd;
}

}  // namespace

Status write_fuzz_seeds(std::span<const Batch> batches, const std::filesystem::path& dir) {
  Batch school = school_ops(batches);
  if (school.size() < kOddOps) {
    return Status::invalid(
        fmt::format("the node has {} ops; fuzz seeds need at least {}", school.size(), kOddOps));
  }
  Batch odd = odd_ops(school);
  auto school_batch = encode_changeset(school);
  if (!school_batch) return school_batch.status();
  auto school_body = encode_changeset_body(school);
  if (!school_body) return school_body.status();
  auto odd_batch = encode_changeset(odd);
  if (!odd_batch) return odd_batch.status();
  auto odd_body = encode_changeset_body(odd);
  if (!odd_body) return odd_body.status();
  const std::pair<const char*, std::string> seeds[] = {
      {"school_batch", *school_batch},
      {"school_batch_truncated", school_batch->substr(0, school_batch->size() / 2)},
      {"school_body", *school_body},
      {"header_only", school_batch->substr(0, changeset::kHeaderBytes)},
      {"odd_ops_batch", *odd_batch},
      {"odd_ops_body", *odd_body},
  };
  for (const auto& [name, bytes] : seeds) {
    PARTA_RETURN_IF_ERROR(write_file_atomically(dir / name, bytes));
  }
  return Status::ok();
}

}  // namespace parta::train_dict
