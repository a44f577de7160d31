// Changeset bodies: how ops are packed into columns (runs, deltas, keys, field bitmaps, values
// split on their fields and the fields their key repeats left out), values of every odd kind
// coming back byte for byte, and each way a peer's body can be wrong, with the exact Status it
// gets. The wrong bodies are made by changing one part of a good one.
#include "parta/sync/changeset_body.h"

#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>

#include <limits>

#include "changeset.pb.h"
#include "parta/storage/record_key.h"
#include "parta/storage/record_types.h"
#include "parta/sync/changeset_format.h"
#include "records.pb.h"

namespace parta {
namespace {

constexpr uint32_t kOrigin = 0x3fa2c1d0;

oplog::Op op(uint64_t seq, uint64_t hlc, std::string key, std::string value = "v") {
  oplog::Op op;
  op.set_origin(kOrigin);
  op.set_seq(seq);
  op.set_hlc(hlc);
  op.set_scope("school:sc1-3fa2c1d0");
  op.set_record_type(3);
  op.set_key(std::move(key));
  op.set_value(std::move(value));
  for (uint32_t field : {1, 2, 5}) op.add_fields(field);
  return op;
}

// The attendance of student `student` on day `day`, as SchoolRecords writes it.
oplog::Op attendance(uint64_t seq, uint64_t student, int32_t day, std::string status) {
  RecordKey student_key(kOrigin, student);
  std::string key = student_key.to_string();
  append_u32_be(&key, static_cast<uint32_t>(day) ^ changeset::kKeyDaySignFlip);
  records::Attendance value;
  value.set_student(student_key.to_string());
  value.set_date(day);
  value.set_status(std::move(status));
  value.set_class_group(RecordKey(kOrigin, 2).to_string());
  oplog::Op out = op(seq, (uint64_t{1767225600000} << 16) + seq, key, value.SerializeAsString());
  out.set_record_type(static_cast<uint32_t>(RecordType::kAttendance));
  return out;
}

wire::ChangesetColumns columns_of(std::span<const oplog::Op> ops) {
  auto body = encode_changeset_body(ops);
  EXPECT_TRUE(body.is_ok()) << body.status().message();
  wire::ChangesetColumns columns;
  EXPECT_TRUE(columns.ParseFromString(body.is_ok() ? *body : ""));
  return columns;
}

void expect_round_trip(std::span<const oplog::Op> ops) {
  auto body = encode_changeset_body(ops);
  ASSERT_TRUE(body.is_ok()) << body.status().message();
  auto decoded = decode_changeset_body(*body);
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  ASSERT_EQ(decoded->size(), ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ((*decoded)[i].SerializeAsString(), ops[i].SerializeAsString()) << "op " << i;
  }
}

void expect_corrupt(const wire::ChangesetColumns& columns, std::string_view message_part,
                    const ChangesetLimits& limits = {}) {
  auto decoded = decode_changeset_body(columns.SerializeAsString(), limits);
  ASSERT_FALSE(decoded.is_ok());
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt) << decoded.status().message();
  EXPECT_NE(decoded.status().message().find(message_part), std::string::npos)
      << decoded.status().message();
}

// A good body of three ops: two students' attendance and one student record.
wire::ChangesetColumns three_ops() {
  std::vector<oplog::Op> ops = {
      attendance(1, 17, 20000, "present"), attendance(2, 18, 20000, "ill"),
      op(3, uint64_t{1767225600000} << 16, RecordKey(kOrigin, 19).to_string())};
  return columns_of(ops);
}

std::string varints(std::initializer_list<uint64_t> values) {
  std::string out;
  for (uint64_t value : values) {
    while (value >= 0x80) {
      out.push_back(static_cast<char>(value | 0x80));
      value >>= 7;
    }
    out.push_back(static_cast<char>(value));
  }
  return out;
}

// --- How ops are packed ----------------------------------------------------------------------

TEST(ChangesetBody, ConsecutiveOpsOfOneClockCostOnlyTheirKeyAndValue) {
  uint64_t hlc = (uint64_t{1767225600000} << 16) | 7;
  std::vector<oplog::Op> ops = {op(41, hlc, RecordKey(kOrigin, 17).to_string()),
                                op(42, hlc + 1, RecordKey(kOrigin, 18).to_string())};
  wire::ChangesetColumns columns = columns_of(ops);
  EXPECT_EQ(columns.op_count(), 2u);
  EXPECT_EQ(columns.origins_size(), 1);
  EXPECT_EQ(columns.runs(), varints({0, 0, 2}));  // one run of both ops
  // The first op's seq and clock are differences from 0; the second's cost nothing.
  EXPECT_EQ(columns.seq_deltas().substr(columns.seq_deltas().size() - 1), varints({0}));
  EXPECT_EQ(columns.hlc_logicals(), varints({14, 0}));  // zigzag 7, then 0
  EXPECT_EQ(columns.key_origins(), varints({1, 1}));
  EXPECT_EQ(columns.key_counter_deltas(), varints({34, 2}));  // zigzag 17, then 1
  EXPECT_EQ(columns.fields(), varints({0b10011, 0b10011}));
  EXPECT_EQ(columns.raw_values(), varints({1}) + "v" + varints({1}) + "v");  // "v" is no protobuf
}

TEST(ChangesetBody, KeysThatAreNotRecordKeysGoRaw) {
  std::vector<oplog::Op> ops = {op(1, 1, "short"), op(2, 2, RecordKey(9, 5).to_string()),
                                op(3, 3, RecordKey(9, ~uint64_t{0}).to_string())};
  wire::ChangesetColumns columns = columns_of(ops);
  // Origin 9 after the op's origin; from counter 5 up to 2^64-1 does not fit an int64: raw.
  EXPECT_EQ(columns.key_origins(), varints({0, 2, 0}));
  EXPECT_EQ(columns.key_rests(),
            varints({5}) + "short" + varints({0, 12}) + RecordKey(9, ~uint64_t{0}).to_string());
  expect_round_trip(ops);
}

TEST(ChangesetBody, AttendanceTakesItsStudentAndDayFromItsKey) {
  std::vector<oplog::Op> ops = {attendance(1, 17, 20000, "present"),
                                attendance(2, 18, 20000, "present"),
                                attendance(3, 19, -5, "ill")};  // a day before 1970
  wire::ChangesetColumns columns = columns_of(ops);
  ASSERT_EQ(columns.value_shapes_size(), 1);
  EXPECT_EQ(columns.value_shapes(0),
            varints({1 << 3 | changeset::kFormKeyHead, 2 << 3 | changeset::kFormKeyDay,
                     3 << 3 | changeset::kFormBytes, 4 << 3 | changeset::kFormRecordKey}));
  EXPECT_EQ(columns.value_shape_indexes(), varints({0, 0, 0}));
  ASSERT_EQ(columns.value_columns_size(), 2);  // status and class; student and date: none
  EXPECT_EQ(columns.value_columns(0).data(),
            varints({7}) + "present" + varints({7}) + "present" + varints({3}) + "ill");
  EXPECT_EQ(columns.value_columns(1).data(), varints({0, 4, 0, 0, 0, 0}));  // class 2, twice more
  expect_round_trip(ops);
}

TEST(ChangesetBody, EnrolmentTakesItsGroupAndStudentFromItsKey) {
  RecordKey group(kOrigin, 4), student(7, 9);
  records::Enrolment value;
  value.set_group(group.to_string());
  value.set_student(student.to_string());
  oplog::Op enrolment =
      op(1, 1, group.to_string() + student.to_string(), value.SerializeAsString());
  enrolment.set_record_type(static_cast<uint32_t>(RecordType::kEnrolment));
  wire::ChangesetColumns columns = columns_of({&enrolment, 1});
  ASSERT_EQ(columns.value_shapes_size(), 1);
  EXPECT_EQ(columns.value_shapes(0),
            varints({1 << 3 | changeset::kFormKeyHead, 2 << 3 | changeset::kFormKeyTail}));
  EXPECT_EQ(columns.value_columns_size(), 0);
  expect_round_trip({&enrolment, 1});
}

// --- Values of every kind come back byte for byte --------------------------------------------

TEST(ChangesetBody, ValuesThatAreNotProtobufTravelRaw) {
  std::vector<oplog::Op> ops = {
      op(1, 1, "k", "\xff\xff\xff"),                      // not protobuf
      op(2, 2, "k", std::string("\x08\x80\x00", 3)),      // a varint longer than it needs
      op(3, 3, "k", std::string("\x0b\x10\x01\x0c", 4)),  // a group
      op(4, 4, "k",
         std::string("\x0a\x05"
                     "abc",
                     5)),                         // cut short
      op(5, 5, "k", std::string("\x00\x01", 2)),  // field 0
  };
  wire::ChangesetColumns columns = columns_of(ops);
  EXPECT_EQ(columns.op_flags(), std::string(5, static_cast<char>(changeset::kOpRawValue)));
  EXPECT_EQ(columns.value_shapes_size(), 0);
  expect_round_trip(ops);
}

TEST(ChangesetBody, ValuesWithFieldsNoSchemaKnowsSplitAndComeBack) {
  records::Attendance value;
  value.set_status("present");
  auto* unknown = value.GetReflection()->MutableUnknownFields(&value);
  unknown->AddVarint(99, 5);
  unknown->AddFixed32(100, 0xdeadbeef);
  unknown->AddFixed64(101, 0x0123456789abcdef);
  unknown->AddLengthDelimited(102, "a field of a newer release");
  unknown->AddVarint(99, 1);  // repeated, out of order
  oplog::Op newer = attendance(1, 17, 20000, "");
  newer.set_value(newer.value() + value.SerializeAsString());
  wire::ChangesetColumns columns = columns_of({&newer, 1});
  EXPECT_EQ(columns.op_flags(), std::string(1, '\0'));  // split, not raw
  expect_round_trip({&newer, 1});
}

TEST(ChangesetBody, ValuesOfAnotherRecordTypeComeBack) {
  records::Student student;
  student.set_last_name("Иванова");
  student.set_birth_date(-300);  // an int32 below 0: ten bytes on the wire
  student.set_class_group(RecordKey(kOrigin, 2).to_string());
  student.set_home_school(RecordKey(0x12345678, 1).to_string());  // an origin not in the table
  std::vector<oplog::Op> ops = {attendance(1, 17, 20000, "present"),
                                attendance(2, 18, 20000, "ill")};
  ops[1].set_value(student.SerializeAsString());  // attendance holding a student record
  ops.push_back(op(3, 3, "", student.SerializeAsString()));
  ops[2].set_record_type(999);  // a record type this release does not know
  expect_round_trip(ops);
}

TEST(ChangesetBody, TombstonesAndEmptyValuesCarryNoValueBytes) {
  oplog::Op deleted = op(1, 1, RecordKey(kOrigin, 3).to_string(), "");
  deleted.clear_fields();
  deleted.set_tombstone(true);
  oplog::Op empty = op(2, 2, RecordKey(kOrigin, 4).to_string(), "");
  std::vector<oplog::Op> ops = {deleted, empty};
  wire::ChangesetColumns columns = columns_of(ops);
  EXPECT_EQ(columns.op_flags(), varints({changeset::kOpTombstone, 0}));
  ASSERT_EQ(columns.value_shapes_size(), 1);
  EXPECT_EQ(columns.value_shapes(0), "");
  EXPECT_EQ(columns.value_columns_size(), 0);
  expect_round_trip(ops);
}

TEST(ChangesetBody, AValueWithMoreFieldsThanAShapeHoldsTravelsRaw) {
  records::Teacher teacher;
  for (size_t i = 0; i <= changeset::kShapeFieldsMax; ++i) teacher.add_subjects("Математика");
  oplog::Op many = op(1, 1, RecordKey(kOrigin, 3).to_string(), teacher.SerializeAsString());
  wire::ChangesetColumns columns = columns_of({&many, 1});
  EXPECT_EQ(columns.op_flags(), varints({changeset::kOpRawValue}));
  expect_round_trip({&many, 1});
  teacher.mutable_subjects()->RemoveLast();
  many.set_value(teacher.SerializeAsString());
  EXPECT_EQ(columns_of({&many, 1}).op_flags(), varints({0}));
  expect_round_trip({&many, 1});
}

TEST(ChangesetBody, TextsGoInASingleByteCodeWhenItIsShorter) {
  std::vector<oplog::Op> ops = {attendance(1, 17, 20000, "Болеет — справка №5 «ОРВИ»"),
                                attendance(2, 18, 20000, "x² → 日"),
                                attendance(3, 19, 20000, "present")};
  wire::ChangesetColumns columns = columns_of(ops);
  ASSERT_EQ(columns.value_columns(0).form(), changeset::kFormBytes);
  EXPECT_TRUE(columns.value_columns(0).text());
  // Characters the code lacks go byte by byte, each after the escape 0x98.
  EXPECT_EQ(columns.value_columns(0).data(),
            varints({26}) +
                "\xc1\xee\xeb\xe5\xe5\xf2 \x97 \xf1\xef\xf0\xe0\xe2\xea\xe0 \xb9"
                "5 "
                "\xab\xce\xd0\xc2\xc8\xbb" +
                varints({19}) +
                "x\x98\xc2\x98\xb2 \x98\xe2\x98\x86\x98\x92 \x98\xe6\x98\x97\x98\xa5" +
                varints({7}) + "present");
  expect_round_trip(ops);

  // Bytes that are not UTF-8 in its shortest form come back as they were; a column they make
  // longer goes as it is.
  for (std::string odd : {"\xd0", "\xc1\x81", "\xe0\x80\x81", "\xf0\x9f\x98\x80", "\x98\x98"}) {
    std::vector<oplog::Op> two = {ops[1], attendance(4, 19, 20000, odd)};
    expect_round_trip(two);
    ops.push_back(two[1]);
  }
  expect_round_trip(ops);
  std::vector<oplog::Op> binary = {attendance(1, 17, 20000, "\xff\xfe\xfd")};
  EXPECT_FALSE(columns_of(binary).value_columns(0).text());
  expect_round_trip(binary);
}

TEST(ChangesetBody, TextsThatAreNoTextsAreCorrupt) {
  std::vector<oplog::Op> ops = {attendance(1, 17, 20000, "болен"), attendance(2, 18, 20000, "ill")};
  wire::ChangesetColumns columns = columns_of(ops);
  ASSERT_TRUE(columns.value_columns(0).text());
  columns.mutable_value_columns(0)->set_data(varints({1}) + "\x98" + varints({3}) + "ill");
  expect_corrupt(columns, "op 1: value field 3: its text ends inside an escape");
  columns = columns_of(ops);
  columns.mutable_value_columns(1)->set_text(true);
  expect_corrupt(columns, "value column 2 of form 7 holds texts");
  columns = columns_of(ops);
  columns.mutable_value_columns(0)->set_data(varints({40}) + std::string(40, '\xc0') +
                                             varints({3}) + "ill");
  expect_corrupt(columns,
                 "op 1: value field 3: a text of 40 characters, more than a value may hold",
                 {.op_value_bytes_max = 39});
}

TEST(ChangesetBody, AnEmptyBodyHoldsNoOps) {
  auto decoded = decode_changeset_body("");
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  EXPECT_TRUE(decoded->empty());
  EXPECT_EQ(*encode_changeset_body({}), "");
}

TEST(ChangesetBody, FieldsANewerWriterAddedAreIgnored) {
  wire::ChangesetColumns columns = three_ops();
  columns.GetReflection()->MutableUnknownFields(&columns)->AddVarint(99, 1);
  auto* column = columns.mutable_value_columns(0);
  column->GetReflection()->MutableUnknownFields(column)->AddLengthDelimited(99, "later");
  auto decoded = decode_changeset_body(columns.SerializeAsString());
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  EXPECT_EQ(decoded->size(), 3u);
}

// --- Wrong bodies ----------------------------------------------------------------------------

TEST(ChangesetBody, NotProtobufIsCorrupt) {
  auto decoded = decode_changeset_body("\xff\xff\xff");
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
}

TEST(ChangesetBody, MoreOpsThanTheLimitAreCorruptBeforeAnyIsRead) {
  wire::ChangesetColumns columns = three_ops();
  expect_corrupt(columns, "3 ops, more than the 2 a batch may carry", {.batch_ops_max = 2});
  columns.set_op_count(std::numeric_limits<uint64_t>::max() >> 32);
  expect_corrupt(columns, "4294967295 ops, more than the 5000");
}

TEST(ChangesetBody, ScopeIndexOutOfRangeIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_runs(varints({1, 0, 3}));
  expect_corrupt(columns, "op 1: scope index 1 is out of range; the batch has 1 scopes");
}

TEST(ChangesetBody, OriginIndexOutOfRangeIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_runs(varints({0, 5, 3}));
  expect_corrupt(columns, "op 1: origin index 5 is out of range; the batch has 1 origins");
}

TEST(ChangesetBody, RunsThatDoNotAddUpToTheOpsAreCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_runs(varints({0, 0, 4}));
  expect_corrupt(columns, "op 1: a run of 4 ops where 3 are left");
  columns.set_runs(varints({0, 0, 0}));
  expect_corrupt(columns, "op 1: a run of 0 ops");
  columns.set_runs(varints({0, 0, 2}));
  expect_corrupt(columns, "op 3: column runs ends before it");
  columns.set_runs(varints({0, 0, 3, 0, 0, 1}));
  expect_corrupt(columns, "column runs has 3 bytes after the last op");
}

TEST(ChangesetBody, AColumnThatEndsEarlyOrRunsOnIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_seq_deltas(varints({2, 0}));
  expect_corrupt(columns, "op 3: column seq_deltas ends before it");
  columns.set_seq_deltas(varints({2, 0, 0, 0}));
  expect_corrupt(columns, "column seq_deltas has 1 bytes after the last op");
  columns = three_ops();
  columns.set_hlc_ms_deltas(std::string(11, '\xff'));  // a varint past 64 bits
  expect_corrupt(columns, "op 1: column hlc_ms_deltas ends before it or holds a bad number");
  columns = three_ops();
  columns.mutable_value_columns(0)->mutable_data()->append("x");
  expect_corrupt(columns, "value column 1 has 1 bytes after the last op");
}

TEST(ChangesetBody, KeyOriginIndexOutOfRangeIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_key_origins(varints({2, 1, 1}));
  expect_corrupt(columns, "op 1: key origin index 2 is out of range");
}

TEST(ChangesetBody, KeyCounterDeltaThatOverflowsIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_key_counter_deltas(varints({1, 2, 2}));  // zigzag -1 from 0
  expect_corrupt(columns, "op 1: key counter delta -1 from 0 overflows 64 bits");
  uint64_t top = std::numeric_limits<int64_t>::max();
  columns.set_key_counter_deltas(varints({top * 2, top * 2, top * 2}));
  expect_corrupt(columns, "op 3: key counter delta");
}

TEST(ChangesetBody, UnknownOpFlagIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_op_flags(varints({0, 16, 0}));
  expect_corrupt(columns, "op 2: flags 0x10 this release does not know");
}

TEST(ChangesetBody, ValueShapeOutOfRangeOrTooLongIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_op_flags(varints({0, 0, 0}));  // the third value split, not raw
  columns.set_raw_values("");
  columns.set_value_shape_indexes(varints({0, 0, 9}));
  expect_corrupt(columns, "op 3: value shape 9 is out of range");
  columns = three_ops();
  std::string long_shape;
  for (size_t i = 0; i <= changeset::kShapeFieldsMax; ++i) {
    long_shape += varints({1 << 3 | changeset::kFormKeyHead});
  }
  columns.set_value_shapes(0, long_shape);
  expect_corrupt(columns, "op 1: value shape 0 is not a list of at most 64 fields");
}

TEST(ChangesetBody, ValueFieldWithoutItsColumnIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.mutable_value_columns(0)->set_field(7);
  expect_corrupt(columns, "op 1: value field 3 (form 2) of record type 10: its column is missing");
  columns = three_ops();
  columns.mutable_value_columns(0)->mutable_data()->resize(8);  // only the first status
  expect_corrupt(columns,
                 "op 2: value field 3 (form 2) of record type 10: its column is missing "
                 "or ends before it");
}

TEST(ChangesetBody, ValueFieldTakenFromAKeyTooShortIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  // The student record's shape (a raw "v" here) replaced by the attendance one: its 12-byte key
  // has no day.
  columns.set_op_flags(varints({0, 0, 0}));
  columns.set_raw_values("");
  columns.set_value_shape_indexes(varints({0, 0, 0}));
  columns.set_record_types(varints({10, 10, 10}));
  expect_corrupt(columns,
                 "op 3: value field 2 is taken from the key, but the key of 12 bytes is "
                 "too short for it");
}

TEST(ChangesetBody, ValueColumnsThatRepeatOrNameNoFieldAreCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  *columns.add_value_columns() = columns.value_columns(0);
  expect_corrupt(columns, "value column 3 repeats record type 10, field 3, form 2");
  columns = three_ops();
  columns.mutable_value_columns(1)->set_field(0);
  expect_corrupt(columns, "value column 2 is for record type 10, field 0, form 7: no such column");
  columns.mutable_value_columns(1)->set_field(1);
  columns.mutable_value_columns(1)->set_form(8);
  expect_corrupt(columns, "value column 2 is for record type 10, field 1, form 8: no such column");
}

TEST(ChangesetBody, ValueRecordKeyOriginOutOfRangeIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.mutable_value_columns(1)->set_data(varints({3, 4, 0, 0, 0, 0}));
  expect_corrupt(columns, "op 1: value field 4: origin index 3 is out of range");
}

TEST(ChangesetBody, ValuesPastTheirLimitsAreCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  // The attendance values are 41 and 37 bytes, the student's "v" one.
  expect_corrupt(columns, "op 1: value of 41 bytes, more than the 40", {.op_value_bytes_max = 40});
  expect_corrupt(columns, "op 2: its value takes the batch's values past the 77 bytes",
                 {.decompressed_bytes_max = 77});
}

TEST(ChangesetBody, ScopeLongerThanAnOpMayHaveIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_scopes(0, std::string(257, 's'));
  expect_corrupt(columns, "scope of 257 bytes");
}

TEST(ChangesetBody, OriginsTableOfPartOriginsIsCorrupt) {
  std::string body = three_ops().SerializeAsString();
  body += std::string("\x12\x03\x01\x02\x03", 5);  // origins (field 2): 3 bytes
  auto decoded = decode_changeset_body(body);
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(decoded.status().message().find("not whole 4-byte origins"), std::string::npos);
}

TEST(ChangesetBody, TooManyTableEntriesAreCorruptBeforeTheyAreKept) {
  wire::ChangesetColumns columns = three_ops();
  for (int i = 0; i < 10; ++i) columns.add_scopes("s");
  expect_corrupt(columns, "more than 10 scopes", {.batch_ops_max = 10});
  columns = three_ops();
  for (int i = 0; i < 20; ++i) columns.add_origins(i);
  expect_corrupt(columns, "more than 20 origins", {.batch_ops_max = 10});
  columns = three_ops();
  for (int i = 0; i < 10; ++i) columns.add_value_shapes("");
  expect_corrupt(columns, "more than 10 value shapes", {.batch_ops_max = 10});
  columns = three_ops();
  for (uint32_t i = 0; i < changeset::kValueColumnsMax; ++i) {
    wire::ValueColumn* column = columns.add_value_columns();
    column->set_record_type(50);
    column->set_field(i + 1);
  }
  expect_corrupt(columns, "more than 1024 value columns");
}

TEST(ChangesetBody, WrongWireTypeIsCorrupt) {
  std::string body = three_ops().SerializeAsString();
  body += std::string("\x20\x01", 2);  // runs (field 4) as a varint
  auto decoded = decode_changeset_body(body);
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(decoded.status().message().find("field 4 has wire type 0"), std::string::npos);
}

TEST(ChangesetBody, HlcOutsideItsBitsIsCorrupt) {
  wire::ChangesetColumns columns = three_ops();
  columns.set_hlc_ms_deltas(varints({1, 0, 0}));  // -1 from 0: the top of 64 bits, past 48
  expect_corrupt(columns, "op 1: hlc milliseconds");
  columns.set_hlc_ms_deltas(varints({2, 0, 0}));
  columns.set_hlc_logicals(varints({uint64_t{1} << 17, 0, 0}));  // zigzag 65536
  expect_corrupt(columns, "op 1: hlc logical counter 65536 does not fit in 16 bits");
  columns.set_hlc_logicals(varints({0xffff * 2, 0, 0}));  // 0xffff, then the same millisecond
  expect_corrupt(columns, "op 2: hlc logical counter");
}

TEST(ChangesetBody, UnknownOpFieldsMustBeUnknown) {
  wire::ChangesetColumns columns = three_ops();
  oplog::Op known;
  known.set_seq(5);
  columns.set_op_flags(varints({changeset::kOpUnknownFields, 0, changeset::kOpRawValue}));
  columns.set_op_unknown_fields(varints({known.ByteSizeLong()}) + known.SerializeAsString());
  expect_corrupt(columns, "op 1: field 2 is sent as unknown, but an op knows it");
}

TEST(ChangesetBody, UnknownOpFieldsAreBounded) {
  oplog::Op newer;
  auto* unknown = newer.GetReflection()->MutableUnknownFields(&newer);
  for (int i = 0; i < 17; ++i) unknown->AddVarint(100 + i, 1);
  wire::ChangesetColumns columns = three_ops();
  std::string bytes;
  unknown->SerializeToString(&bytes);
  columns.set_op_flags(varints({changeset::kOpUnknownFields, 0, changeset::kOpRawValue}));
  columns.set_op_unknown_fields(varints({bytes.size()}) + bytes);
  expect_corrupt(columns, "op 1: more than 16 fields this release does not know");
  EXPECT_EQ(encode_changeset_body({&newer, 1}).status().kind(), Status::Kind::kInvalid);
}

TEST(ChangesetBody, FieldListLongerThanItsColumnIsCorrupt) {
  std::vector<oplog::Op> ops = {op(1, 1, "k")};
  ops[0].add_fields(3);  // 1, 2, 5, 3: not ascending, so a list
  wire::ChangesetColumns columns = columns_of(ops);
  EXPECT_EQ(columns.fields(), varints({4, 1, 2, 5, 3}));
  expect_round_trip(ops);
  columns.set_fields(varints({5, 1, 2, 5, 3}));
  expect_corrupt(columns, "op 1: column fields ends before it");
  columns.set_fields(varints({1, uint64_t{1} << 32}));
  expect_corrupt(columns, "op 1: its field list holds a number above 2^32");
}

}  // namespace
}  // namespace parta
