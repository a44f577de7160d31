// Fuzz target: a peer's op merged into a stored record. The first byte picks the record type
// and the fields the op lists; the rest is split into the stored value and the op's value.
// Invariants: applying the same op again changes nothing; merge order does not matter.
#include <cstdlib>
#include <string>

#include "field_merge.h"
#include "fuzz_targets.h"
#include "record_indexes.h"

namespace parta::fuzz {
namespace {

oplog::Op make_op(uint64_t hlc, uint32_t origin, std::string value, uint8_t field_bits) {
  oplog::Op op;
  op.set_hlc(hlc);
  op.set_origin(origin);
  op.set_seq(1);
  op.set_value(std::move(value));
  for (uint32_t field = 1; field <= 8; ++field) {
    if (field_bits & (1u << (field - 1))) op.add_fields(field);
  }
  op.add_fields(20);  // a field this release does not know
  return op;
}

}  // namespace

void record_merge(const uint8_t* data, size_t size) {
  if (size < 2) return;
  auto type = static_cast<RecordType>(1 + data[0] % all_record_types().size());
  uint8_t field_bits = data[1];
  std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string first_value = rest.substr(0, rest.size() / 2);
  std::string second_value = rest.substr(rest.size() / 2);
  oplog::Op first = make_op(10, 1, first_value, field_bits);
  oplog::Op second = make_op(10, 2, second_value, static_cast<uint8_t>(~field_bits));

  oplog::StoredRecord one, two;
  bool changed = false;
  bool ok_one = merge_op(first, &one, &changed).is_ok() && merge_op(second, &one, &changed).is_ok();
  bool ok_two = merge_op(second, &two, &changed).is_ok() && merge_op(first, &two, &changed).is_ok();
  if (!ok_one || !ok_two) return;  // a malformed value is refused; nothing to compare
  if (one.SerializeAsString() != two.SerializeAsString()) std::abort();  // order matters: bug
  if (!merge_op(second, &one, &changed).is_ok() || changed) std::abort();  // not idempotent
  if (!record_is_deleted(one)) {
    auto entries = index_entries(type, std::string(12, 'k'), one.value());
    if (entries) {
      for (const auto& entry : *entries) {
        if (entry.key.size() < 12) std::abort();
        record_key_of(entry.index, entry.key);
      }
    }
  }
}

}  // namespace parta::fuzz
