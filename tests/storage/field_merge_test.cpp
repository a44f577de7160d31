// Per-field last-writer-wins on wire fields: the merge rules of docs/op-format.md.
#include "field_merge.h"

#include <gtest/gtest.h>

#include "records.pb.h"

namespace parta {
namespace {

oplog::Op op(uint64_t hlc, uint32_t origin, const records::Student& value,
             std::vector<uint32_t> fields) {
  oplog::Op result;
  result.set_hlc(hlc);
  result.set_origin(origin);
  result.set_seq(1);
  value.SerializeToString(result.mutable_value());
  for (uint32_t field : fields) result.add_fields(field);
  return result;
}

records::Student named(std::string last, std::string first) {
  records::Student student;
  student.set_last_name(std::move(last));
  student.set_first_name(std::move(first));
  return student;
}

records::Student value_of(const oplog::StoredRecord& record) {
  records::Student student;
  EXPECT_TRUE(student.ParseFromString(record.value()));
  return student;
}

TEST(FieldMerge, NewerWriteWinsPerField) {
  oplog::StoredRecord record;
  bool changed = false;
  ASSERT_TRUE(merge_op(op(10, 1, named("Иванов", "Иван"), {1, 2}), &record, &changed).is_ok());
  ASSERT_TRUE(merge_op(op(20, 2, named("", "Пётр"), {2}), &record, &changed).is_ok());
  EXPECT_TRUE(changed);
  ASSERT_TRUE(merge_op(op(15, 3, named("Петров", ""), {1}), &record, &changed).is_ok());
  EXPECT_TRUE(changed);
  ASSERT_TRUE(merge_op(op(12, 3, named("", "Фёдор"), {2}), &record, &changed).is_ok());
  EXPECT_FALSE(changed);  // older than the write that set first_name
  EXPECT_EQ(value_of(record).last_name(), "Петров");
  EXPECT_EQ(value_of(record).first_name(), "Пётр");
}

TEST(FieldMerge, EqualClocksAreBrokenByOrigin) {
  oplog::StoredRecord a, b;
  bool changed = false;
  auto low = op(10, 1, named("Низкий", ""), {1});
  auto high = op(10, 2, named("Высокий", ""), {1});
  ASSERT_TRUE(merge_op(low, &a, &changed).is_ok());
  ASSERT_TRUE(merge_op(high, &a, &changed).is_ok());
  ASSERT_TRUE(merge_op(high, &b, &changed).is_ok());
  ASSERT_TRUE(merge_op(low, &b, &changed).is_ok());
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  EXPECT_EQ(value_of(a).last_name(), "Высокий");
}

TEST(FieldMerge, AListedFieldMissingFromTheValueIsCleared) {
  oplog::StoredRecord record;
  bool changed = false;
  ASSERT_TRUE(merge_op(op(10, 1, named("Иванов", "Иван"), {1, 2}), &record, &changed).is_ok());
  ASSERT_TRUE(merge_op(op(11, 1, records::Student(), {2}), &record, &changed).is_ok());
  EXPECT_EQ(value_of(record).first_name(), "");
  EXPECT_EQ(value_of(record).last_name(), "Иванов");
}

TEST(FieldMerge, TombstoneDeletesUntilANewerWrite) {
  oplog::StoredRecord record;
  bool changed = false;
  ASSERT_TRUE(merge_op(op(10, 1, named("Иванов", "Иван"), {1, 2}), &record, &changed).is_ok());
  oplog::Op tombstone;
  tombstone.set_hlc(20);
  tombstone.set_origin(1);
  tombstone.set_tombstone(true);
  ASSERT_TRUE(merge_op(tombstone, &record, &changed).is_ok());
  EXPECT_TRUE(record_is_deleted(record));
  ASSERT_TRUE(merge_op(op(15, 2, named("Старое", ""), {1}), &record, &changed).is_ok());
  EXPECT_TRUE(record_is_deleted(record));  // a write older than the delete does not revive it
  ASSERT_TRUE(merge_op(op(30, 2, named("Новое", ""), {1}), &record, &changed).is_ok());
  EXPECT_FALSE(record_is_deleted(record));
}

TEST(FieldMerge, AWriteAfterADeleteRevivesOnlyItsOwnFields) {
  oplog::Op tombstone;
  tombstone.set_hlc(20);
  tombstone.set_origin(1);
  tombstone.set_tombstone(true);
  auto before = op(10, 1, named("Иванов", "Иван"), {1, 2});
  auto after = op(30, 2, named("", "Пётр"), {2});
  std::vector<std::vector<const oplog::Op*>> orders = {
      {&before, &tombstone, &after}, {&tombstone, &before, &after}, {&after, &tombstone, &before},
      {&after, &before, &tombstone}, {&tombstone, &after, &before}, {&before, &after, &tombstone}};
  std::string first;
  for (const auto& order : orders) {
    oplog::StoredRecord record;
    bool changed = false;
    for (const oplog::Op* each : order) ASSERT_TRUE(merge_op(*each, &record, &changed).is_ok());
    EXPECT_FALSE(record_is_deleted(record));
    EXPECT_EQ(value_of(record).last_name(), "");  // removed by the delete, not revived
    EXPECT_EQ(value_of(record).first_name(), "Пётр");
    if (first.empty()) first = record.SerializeAsString();
    EXPECT_EQ(record.SerializeAsString(), first);
  }
}

TEST(FieldMerge, ValueBytesAreCanonicalWhateverTheOrder) {
  oplog::StoredRecord a, b;
  bool changed = false;
  auto first = op(10, 1, named("", "Иван"), {2});
  auto second = op(11, 1, named("Иванов", ""), {1});
  ASSERT_TRUE(merge_op(first, &a, &changed).is_ok());
  ASSERT_TRUE(merge_op(second, &a, &changed).is_ok());
  ASSERT_TRUE(merge_op(second, &b, &changed).is_ok());
  ASSERT_TRUE(merge_op(first, &b, &changed).is_ok());
  EXPECT_EQ(a.value(), b.value());
  EXPECT_EQ(a.value(), named("Иванов", "Иван").SerializeAsString());
}

TEST(FieldMerge, ValuesFromOtherEncodersAreStoredCanonically) {
  // Fields out of order and a varint padded to two bytes: valid protobuf, not canonical.
  oplog::Op odd = op(10, 1, records::Student(), {1, 2, 4});
  odd.set_value(std::string("\x12\x01\x62\x0a\x01\x61\x20\x85\x00", 9));
  oplog::Op other = op(5, 2, named("", ""), {3});
  oplog::StoredRecord odd_first, odd_second;
  bool changed = false;
  ASSERT_TRUE(merge_op(odd, &odd_first, &changed).is_ok());
  ASSERT_TRUE(merge_op(other, &odd_first, &changed).is_ok());
  ASSERT_TRUE(merge_op(other, &odd_second, &changed).is_ok());
  ASSERT_TRUE(merge_op(odd, &odd_second, &changed).is_ok());
  EXPECT_EQ(odd_first.SerializeAsString(), odd_second.SerializeAsString());
  EXPECT_EQ(value_of(odd_first).last_name(), "a");
  EXPECT_EQ(value_of(odd_first).birth_date(), 5);
  EXPECT_EQ(odd_first.value(), std::string("\x0a\x01\x61\x12\x01\x62\x20\x05", 8));
}

TEST(FieldMerge, FieldsTheOpDoesNotListAreIgnored) {
  oplog::StoredRecord record;
  bool changed = false;
  ASSERT_TRUE(merge_op(op(10, 1, named("Иванов", "Иван"), {2}), &record, &changed).is_ok());
  EXPECT_EQ(value_of(record).last_name(), "");
  EXPECT_EQ(value_of(record).first_name(), "Иван");
  ASSERT_EQ(record.stamps_size(), 1);
  EXPECT_EQ(record.stamps(0).fields_size(), 1);
}

TEST(FieldMerge, AValueThatIsNotAProtobufIsCorrupt) {
  oplog::StoredRecord record;
  bool changed = false;
  oplog::Op bad = op(10, 1, records::Student(), {1});
  bad.set_value("\xff\xff\xff");
  EXPECT_EQ(merge_op(bad, &record, &changed).kind(), Status::Kind::kCorrupt);
  EXPECT_FALSE(changed);
}

}  // namespace
}  // namespace parta
