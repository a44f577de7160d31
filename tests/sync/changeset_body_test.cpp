// Changeset bodies written by hand: how ops are packed (runs, deltas, keys, field bitmaps),
// and each way a peer's body can be wrong, with the exact Status it gets.
#include "parta/sync/changeset_body.h"

#include <gtest/gtest.h>

#include <limits>

#include "changeset.pb.h"
#include "parta/storage/record_key.h"

namespace parta {
namespace {

// A body of one run in scope 0 of origin 0, with the given entries.
wire::ChangesetBatch one_run(std::initializer_list<wire::OpEntry> entries) {
  wire::ChangesetBatch batch;
  batch.add_origins(0x3fa2c1d0);
  batch.add_scopes("school:sc1-3fa2c1d0");
  wire::OpRun* run = batch.add_runs();
  for (const auto& entry : entries) *run->add_ops() = entry;
  return batch;
}

wire::OpEntry entry_with_value(std::string value) {
  wire::OpEntry entry;
  entry.set_value(std::move(value));
  return entry;
}

void expect_corrupt(const wire::ChangesetBatch& batch, std::string_view message_part) {
  auto decoded = decode_changeset_body(batch.SerializeAsString());
  ASSERT_FALSE(decoded.is_ok());
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt) << decoded.status().message();
  EXPECT_NE(decoded.status().message().find(message_part), std::string::npos)
      << decoded.status().message();
}

oplog::Op op(uint64_t seq, uint64_t hlc, std::string key) {
  oplog::Op op;
  op.set_origin(0x3fa2c1d0);
  op.set_seq(seq);
  op.set_hlc(hlc);
  op.set_scope("school:sc1-3fa2c1d0");
  op.set_record_type(3);
  op.set_key(std::move(key));
  op.set_value("v");
  for (uint32_t field : {1, 2, 5}) op.add_fields(field);
  return op;
}

TEST(ChangesetBody, ConsecutiveOpsOfOneClockCostOnlyTheirKeyAndValue) {
  uint64_t hlc = (uint64_t{1767225600000} << 16) | 7;
  std::vector<oplog::Op> ops = {op(41, hlc, RecordKey(0x3fa2c1d0, 17).to_string()),
                                op(42, hlc + 1, RecordKey(0x3fa2c1d0, 18).to_string())};
  wire::ChangesetBatch batch;
  ASSERT_TRUE(batch.ParseFromString(*encode_changeset_body(ops)));
  ASSERT_EQ(batch.runs_size(), 1);
  ASSERT_EQ(batch.origins_size(), 1);
  const wire::OpEntry& second = batch.runs(0).ops(1);
  EXPECT_EQ(second.seq_delta(), 0);
  EXPECT_EQ(second.hlc_ms_delta(), 0);
  EXPECT_EQ(second.hlc_logical(), 0);
  EXPECT_EQ(second.key_origin_index(), 1u);
  EXPECT_EQ(second.key_counter_delta(), 1);
  EXPECT_EQ(second.fields_bitmap(), 0b10011u);
  // Two bytes each for record type, key origin, counter and bitmap, three for the value.
  EXPECT_EQ(second.ByteSizeLong(), 4 * 2 + 3u);
}

TEST(ChangesetBody, KeysThatAreNotRecordKeysGoRaw) {
  std::vector<oplog::Op> ops = {op(1, 1, "short"), op(2, 2, RecordKey(9, 5).to_string()),
                                op(3, 3, RecordKey(9, ~uint64_t{0}).to_string())};
  wire::ChangesetBatch batch;
  ASSERT_TRUE(batch.ParseFromString(*encode_changeset_body(ops)));
  EXPECT_EQ(batch.runs(0).ops(0).key(), "short");
  EXPECT_EQ(batch.runs(0).ops(1).key_origin_index(), 2u);  // origin 9 after the op's origin
  EXPECT_EQ(batch.runs(0).ops(1).key_counter_delta(), 5);
  // From counter 5 up to 2^64-1 does not fit an int64: the key goes raw.
  EXPECT_EQ(batch.runs(0).ops(2).key(), RecordKey(9, ~uint64_t{0}).to_string());
  auto decoded = decode_changeset_body(batch.SerializeAsString());
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  for (size_t i = 0; i < ops.size(); ++i) EXPECT_EQ((*decoded)[i].key(), ops[i].key());
}

TEST(ChangesetBody, FieldsANewerWriterAddedAreIgnored) {
  wire::ChangesetBatch batch = one_run({entry_with_value("v")});
  batch.GetReflection()->MutableUnknownFields(&batch)->AddVarint(99, 1);
  batch.mutable_runs(0)
      ->mutable_ops(0)
      ->GetReflection()
      ->MutableUnknownFields(batch.mutable_runs(0)->mutable_ops(0))
      ->AddLengthDelimited(99, "later");
  auto decoded = decode_changeset_body(batch.SerializeAsString());
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  EXPECT_EQ((*decoded)[0].value(), "v");
}

TEST(ChangesetBody, NotProtobufIsCorrupt) {
  auto decoded = decode_changeset_body("\xff\xff\xff");
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
}

TEST(ChangesetBody, ScopeIndexOutOfRangeIsCorrupt) {
  wire::ChangesetBatch batch = one_run({entry_with_value("v")});
  batch.mutable_runs(0)->set_scope_index(1);
  expect_corrupt(batch, "scope index 1 is out of range; the batch has 1 scopes");
}

TEST(ChangesetBody, OriginIndexOutOfRangeIsCorrupt) {
  wire::ChangesetBatch batch = one_run({entry_with_value("v")});
  batch.mutable_runs(0)->set_origin_index(5);
  expect_corrupt(batch, "origin index 5 is out of range; the batch has 1 origins");
}

TEST(ChangesetBody, KeyOriginIndexOutOfRangeIsCorrupt) {
  wire::OpEntry entry;
  entry.set_key_origin_index(2);
  expect_corrupt(one_run({entry}), "op 1: key origin index 2 is out of range");
}

TEST(ChangesetBody, KeyCounterDeltaThatOverflowsIsCorrupt) {
  wire::OpEntry below_zero;
  below_zero.set_key_origin_index(1);
  below_zero.set_key_counter_delta(-1);
  expect_corrupt(one_run({below_zero}), "op 1: key counter delta -1 from 0 overflows 64 bits");

  wire::OpEntry top;
  top.set_key_origin_index(1);
  top.set_key_counter_delta(std::numeric_limits<int64_t>::max());
  expect_corrupt(one_run({top, top, top}), "op 3: key counter delta");
}

TEST(ChangesetBody, KeyInBothFormsIsCorrupt) {
  wire::OpEntry entry;
  entry.set_key("raw");
  entry.set_key_origin_index(1);
  expect_corrupt(one_run({entry}), "both a raw key and an (origin, counter) key");
  entry.set_key_origin_index(0);
  entry.set_key_suffix("x");
  expect_corrupt(one_run({entry}), "a raw key and parts of an (origin, counter) key");
}

TEST(ChangesetBody, FieldsInBothFormsAreCorrupt) {
  wire::OpEntry entry;
  entry.set_fields_bitmap(1);
  entry.add_fields(3);
  expect_corrupt(one_run({entry}), "both a field bitmap and a field list");
}

TEST(ChangesetBody, FieldListMayComeInPiecesButNotEndInsideANumber) {
  wire::OpEntry entry;
  entry.add_fields(3);
  // Written as unknown fields, these are more pieces of field 10 on the wire.
  auto* more = entry.GetReflection()->MutableUnknownFields(&entry);
  more->AddLengthDelimited(wire::OpEntry::kFieldsFieldNumber, "\x01\x96\x01");
  auto decoded = decode_changeset_body(one_run({entry}).SerializeAsString());
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  EXPECT_EQ(std::vector<uint32_t>((*decoded)[0].fields().begin(), (*decoded)[0].fields().end()),
            (std::vector<uint32_t>{3, 1, 150}));
  more->AddLengthDelimited(wire::OpEntry::kFieldsFieldNumber, "\x85");
  expect_corrupt(one_run({entry}), "op 1: its field list ends inside a number");
}

TEST(ChangesetBody, RunWithoutOpsIsCorrupt) {
  wire::ChangesetBatch batch = one_run({});
  expect_corrupt(batch, "run 1 has no ops");
}

TEST(ChangesetBody, ScopeLongerThanAnOpMayHaveIsCorrupt) {
  wire::ChangesetBatch batch = one_run({entry_with_value("v")});
  batch.set_scopes(0, std::string(257, 's'));
  expect_corrupt(batch, "scope of 257 bytes");
}

TEST(ChangesetBody, OriginsTableOfPartOriginsIsCorrupt) {
  std::string body = one_run({entry_with_value("v")}).SerializeAsString();
  body += std::string("\x0a\x03\x01\x02\x03", 5);  // origins: 3 bytes
  auto decoded = decode_changeset_body(body);
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(decoded.status().message().find("not whole 4-byte origins"), std::string::npos);
}

TEST(ChangesetBody, TooManyTableEntriesAreCorruptBeforeTheyAreKept) {
  wire::ChangesetBatch batch = one_run({entry_with_value("v")});
  for (int i = 0; i < 10; ++i) batch.add_scopes("s");
  auto decoded = decode_changeset_body(batch.SerializeAsString(), {.batch_ops_max = 10});
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(decoded.status().message().find("more than 10 scopes"), std::string::npos);
  for (int i = 0; i < 20; ++i) batch.add_origins(i);
  batch.clear_scopes();
  batch.add_scopes("s");
  decoded = decode_changeset_body(batch.SerializeAsString(), {.batch_ops_max = 10});
  EXPECT_NE(decoded.status().message().find("more than 20 origins"), std::string::npos);
}

TEST(ChangesetBody, WrongWireTypeIsCorrupt) {
  std::string body = one_run({entry_with_value("v")}).SerializeAsString();
  body += std::string("\x18\x01", 2);  // runs (field 3) as a varint
  auto decoded = decode_changeset_body(body);
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(decoded.status().message().find("field 3 has wire type 0"), std::string::npos);
}

TEST(ChangesetBody, HlcOutsideItsBitsIsCorrupt) {
  wire::OpEntry entry;
  entry.set_hlc_ms_delta(-1);  // from 0: the top of 64 bits, past 48
  expect_corrupt(one_run({entry}), "hlc milliseconds");
  entry.set_hlc_ms_delta(1);
  entry.set_hlc_logical(1 << 16);
  expect_corrupt(one_run({entry}), "hlc logical counter 65536 does not fit in 16 bits");
  wire::OpEntry next;
  next.set_hlc_logical(0xffff);  // after the first op's 0xffff, the same millisecond
  entry.set_hlc_logical(0xffff);
  expect_corrupt(one_run({entry, next}), "op 2: hlc logical counter");
}

TEST(ChangesetBody, UnknownOpFieldsMustBeUnknown) {
  oplog::Op known;
  known.set_seq(5);
  wire::OpEntry entry;
  entry.set_op_unknown_fields(known.SerializeAsString());
  expect_corrupt(one_run({entry}), "field 2 is sent as unknown, but an op knows it");
}

TEST(ChangesetBody, UnknownOpFieldsAreBounded) {
  oplog::Op newer;
  auto* unknown = newer.GetReflection()->MutableUnknownFields(&newer);
  for (int i = 0; i < 17; ++i) unknown->AddVarint(100 + i, 1);
  wire::OpEntry entry;
  entry.set_op_unknown_fields(newer.SerializeAsString());
  expect_corrupt(one_run({entry}), "more than 16 fields this release does not know");
  EXPECT_EQ(encode_changeset_body({&newer, 1}).status().kind(), Status::Kind::kInvalid);
}

TEST(ChangesetBody, OpsPastTheLimitAreCorruptOneByOne) {
  wire::ChangesetBatch batch = one_run({entry_with_value("a"), entry_with_value("b")});
  auto decoded = decode_changeset_body(batch.SerializeAsString(), {.batch_ops_max = 1});
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(decoded.status().message().find("more than 1 ops"), std::string::npos);
}

}  // namespace
}  // namespace parta
