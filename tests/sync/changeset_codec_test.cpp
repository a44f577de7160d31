// Changeset batches: ops come back byte for byte whatever they hold; every damaged, oversized,
// foreign or future batch is turned away with the Status kind a session acts on; what the
// dictionary buys. Body-level damage is in changeset_body_test.cpp.
#include "parta/sync/changeset_codec.h"

#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <random>
#include <thread>

#include "changeset.pb.h"
#include "parta/storage/school_records.h"
#include "parta/storage/scopes.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_dictionary.h"
#include "parta/sync/changeset_format.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

// --- Ops to encode ---------------------------------------------------------------------------

// Ops of every shape a batch must carry: several origins and scopes in any order, record keys
// of other nodes, composite and odd keys, counters and clocks at the ends of their range,
// unsorted field lists, tombstones, and fields of the Op a newer release added.
std::vector<oplog::Op> random_ops(uint32_t seed, size_t count) {
  std::mt19937_64 random(seed);
  auto below = [&](uint64_t bound) { return random() % bound; };
  const std::vector<uint32_t> origins = {0x3fa2c1d0, 0x00000001, 0xffffffff, 0x8000beef};
  const std::vector<std::string> scopes = {"school:sc1-3fa2c1d0", "group:g7-3fa2c1d0",
                                           "group:g1-8000beef", "школа:sc2-00000001", ""};
  std::vector<uint64_t> next_seq(origins.size(), 1);
  uint64_t hlc = hlc_make(kClockFloorUnixMs, 0);
  std::vector<oplog::Op> ops;
  for (size_t i = 0; i < count; ++i) {
    oplog::Op op;
    size_t origin = below(origins.size());
    op.set_origin(origins[origin]);
    op.set_seq(below(10) == 0 ? random() : next_seq[origin]++);
    hlc = below(20) == 0 ? random() : hlc + below(3) * (uint64_t{1} << 16) + below(2);
    op.set_hlc(hlc);
    op.set_scope(scopes[below(scopes.size())]);
    op.set_record_type(static_cast<uint32_t>(1 + below(12)));
    RecordKey key(origins[below(origins.size())], below(4) == 0 ? random() : 1 + below(50));
    switch (below(5)) {
      case 0:
        op.set_key(key.to_string() + "\x80\x00\x4e\x20");
        break;  // attendance-like
      case 1:
        op.set_key(key.to_string() + RecordKey(7, 9).to_string());
        break;
      case 2:
        op.set_key(std::string(below(12), static_cast<char>(below(256))));
        break;
      default:
        op.set_key(key.to_string());
    }
    if (below(6) == 0) {
      op.set_tombstone(true);
    } else {
      std::string value(below(200), '\0');
      for (char& byte : value) byte = static_cast<char>(below(below(2) ? 256 : 4));
      op.set_value(value);
      for (uint32_t field = 1; field < 12; ++field) {
        if (below(2)) op.add_fields(field);
      }
      if (below(8) == 0) op.add_fields(static_cast<uint32_t>(below(3) ? 1 + below(200) : random()));
    }
    if (below(7) == 0) {
      auto* unknown = op.GetReflection()->MutableUnknownFields(&op);
      unknown->AddVarint(20, random());
      unknown->AddLengthDelimited(21, "from a newer release");
      unknown->AddFixed64(22, random());
    }
    ops.push_back(std::move(op));
  }
  std::shuffle(ops.begin(), ops.end(), random);
  return ops;
}

void expect_same_ops(const std::vector<oplog::Op>& decoded, std::span<const oplog::Op> original) {
  ASSERT_EQ(decoded.size(), original.size());
  for (size_t i = 0; i < decoded.size(); ++i) {
    ASSERT_EQ(decoded[i].SerializeAsString(), original[i].SerializeAsString()) << "op " << i;
  }
}

Date day(std::string_view text) { return parse_date(text).value(); }

// A node holding a small school's real work, written through SchoolRecords.
class SchoolNode {
 public:
  SchoolNode() {
    store_ = Store::create(StoreOptions{.dir = temp_.path()}, "Школа №7", "school").value();
    records_ = std::make_unique<SchoolRecords>(*store_, WorkingCalendar({}));
  }

  // `students` students in two classes, three assignments per class with results, attendance
  // for `days` days, two consultations (one answered, one withdrawn: a tombstone).
  void fill(int students, int days) {
    ASSERT_NO_FATAL_FAILURE(add_students(students));
    for (std::string_view class_name : {"7А", "7Б"}) {
      RecordKey group = records_->find_group(class_name).value();
      ASSERT_NO_FATAL_FAILURE(add_assignments_with_results(group));
      for (int d = 0; d < days; ++d) {
        Date date{day("2026-11-16").days_since_epoch + d};
        ASSERT_TRUE(
            records_->mark_class_attendance(group, date, AttendanceStatus::kPresent).is_ok());
        ASSERT_TRUE(records_->mark_attendance(students_[d], date, AttendanceStatus::kIll).is_ok());
      }
    }
    ASSERT_NO_FATAL_FAILURE(add_consultations());
  }

  std::vector<oplog::Op> ops() const {
    std::vector<oplog::Op> ops;
    EXPECT_TRUE(store_
                    ->read([&](const ReadView& view) {
                      return view.for_each_op(store_->node().origin, 1, [&](const oplog::Op& op) {
                        ops.push_back(op);
                        return true;
                      });
                    })
                    .is_ok());
    return ops;
  }

 private:
  void add_students(int count) {
    const char* last_names[] = {"Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева"};
    const char* first_names[] = {"Иван", "Мария", "Пётр", "Анна", "Алексей", "Ольга", "Дмитрий"};
    std::vector<RosterRow> rows;
    for (int i = 0; i < count; ++i) {
      rows.push_back(
          RosterRow{.line = i + 2,
                    .last_name = last_names[i % 6],
                    .first_name = first_names[i % 7],
                    .middle_name = std::to_string(i),
                    .class_name = parse_class_name(i % 2 ? "7А" : "7Б").value(),
                    .birth_date = day("2013-05-01"),
                    .consent_date = i % 3 ? std::optional(day("2026-09-01")) : std::nullopt});
    }
    ASSERT_TRUE(records_->import_roster(rows, "секретарь").is_ok());
    ASSERT_TRUE(store_
                    ->read([&](const ReadView& view) {
                      return view.for_each(
                          RecordType::kStudent, "", [&](std::string_view key, auto) {
                            students_.push_back(RecordKey::from_bytes(key).value());
                            return true;
                          });
                    })
                    .is_ok());
  }

  // Three assignments for the class, each with a result for every student of the class.
  void add_assignments_with_results(const RecordKey& group) {
    std::vector<RecordKey> members;
    ASSERT_TRUE(store_
                    ->read([&](const ReadView& view) -> Status {
                      for (const RecordKey& key : students_) {
                        records::Student student;
                        PARTA_RETURN_IF_ERROR(
                            view.get(RecordType::kStudent, key.bytes(), &student));
                        if (student.class_group() == group.bytes()) members.push_back(key);
                      }
                      return Status::ok();
                    })
                    .is_ok());
    for (int n = 0; n < 3; ++n) {
      auto assignment = records_->add_assignment(
          AssignmentSpec{.group = group,
                         .subject = n % 2 ? "Математика" : "Русский язык",
                         .title = "Домашняя работа №" + std::to_string(n + 1),
                         .body = "Упражнения 1–5",
                         .issue_date = day("2026-11-16"),
                         .due_date = day("2026-11-20")});
      ASSERT_TRUE(assignment.is_ok()) << assignment.status().message();
      for (size_t s = 0; s < members.size(); ++s) {
        ResultSpec result{.student = members[s],
                          .assignment = *assignment,
                          .score = static_cast<uint32_t>(2 + s % 4),
                          .review_text = s % 3 ? "Хорошо, но проверь вычисления" : "Молодец",
                          .reviewer = "Петрова А. В.",
                          .when_ms = 1763300000000 + static_cast<int64_t>(s) * 60000};
        ASSERT_TRUE(records_->record_result(result).is_ok());
      }
    }
  }

  void add_consultations() {
    auto question = records_->open_consultation(students_[0], std::nullopt,
                                                "Как решать квадратные уравнения?", 1763300000000);
    ASSERT_TRUE(question.is_ok());
    ASSERT_TRUE(
        records_->answer_consultation(*question, "Через дискриминант", 1763310000000, "Зуева Е. В.")
            .is_ok());
    auto withdrawn =
        records_->open_consultation(students_[1], std::nullopt, "Уже не нужно", 1763320000000);
    ASSERT_TRUE(withdrawn.is_ok());
    ASSERT_TRUE(store_
                    ->write([&](WriteTxn& txn) {
                      return txn.erase(RecordType::kConsultation, withdrawn->bytes(),
                                       school_scope(store_->node().school));
                    })
                    .is_ok());
  }

  TempDir temp_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SchoolRecords> records_;
  std::vector<RecordKey> students_;
};

// --- Batches built by hand -------------------------------------------------------------------

std::string header(uint8_t version, uint8_t flags, uint32_t dictionary_id) {
  std::string out(changeset::kMagic.begin(), changeset::kMagic.end());
  out.push_back(static_cast<char>(version));
  out.push_back(static_cast<char>(flags));
  append_u32_be(&out, dictionary_id);
  return out;
}

// How a hand-made frame is written: a streaming writer may not declare the body's size, and
// picks its window (the history a decoder must keep) itself.
struct Framing {
  bool declare_size = true;
  int window_log = 10;  // zstd's smallest window: 1 KiB
};

// A version-1 batch whose body is `pieces` one after another, compressed with the built-in
// dictionary the way `framing` says.
std::string batch_of_pieces(std::span<const std::string_view> pieces, Framing framing) {
  auto dictionary = builtin_changeset_dictionary();
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  EXPECT_FALSE(ZSTD_isError(ZSTD_CCtx_loadDictionary(cctx, dictionary.data(), dictionary.size())));
  EXPECT_FALSE(ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, framing.window_log)));
  bool declare_size = framing.declare_size;
  if (declare_size) {
    size_t total = 0;
    for (std::string_view piece : pieces) total += piece.size();
    EXPECT_FALSE(ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx, total)));
  }
  std::string frame;
  char buffer[1 << 16];
  auto drain = [&](std::string_view piece, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{piece.data(), piece.size(), 0};
    size_t remaining = 0;
    do {
      ZSTD_outBuffer out{buffer, sizeof(buffer), 0};
      remaining = ZSTD_compressStream2(cctx, &out, &in, mode);
      EXPECT_FALSE(ZSTD_isError(remaining));
      frame.append(buffer, out.pos);
    } while (!ZSTD_isError(remaining) && (in.pos < in.size || (mode == ZSTD_e_end && remaining)));
  };
  for (std::string_view piece : pieces) drain(piece, ZSTD_e_continue);
  drain("", ZSTD_e_end);
  ZSTD_freeCCtx(cctx);
  return header(changeset::kFormatVersion, 0, builtin_changeset_dictionary_id()) + frame;
}

std::string batch_of_body(std::string_view body, Framing framing = {}) {
  return batch_of_pieces({&body, 1}, framing);
}

std::string encoded(std::span<const oplog::Op> ops) {
  auto bytes = encode_changeset(ops);
  EXPECT_TRUE(bytes.is_ok()) << bytes.status().message();
  return bytes.is_ok() ? *bytes : "";
}

void expect_status(const Result<std::vector<oplog::Op>>& decoded, Status::Kind kind,
                   std::string_view message_part) {
  ASSERT_FALSE(decoded.is_ok());
  EXPECT_EQ(decoded.status().kind(), kind) << decoded.status().message();
  EXPECT_NE(decoded.status().message().find(message_part), std::string::npos)
      << decoded.status().message();
}

// --- Round trips -----------------------------------------------------------------------------

TEST(ChangesetCodec, RandomOpsComeBackByteForByte) {
  for (uint32_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<oplog::Op> ops = random_ops(seed, 600);
    auto decoded = decode_changeset(encoded(ops));
    ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
    expect_same_ops(*decoded, ops);
  }
}

// A full batch as sync sends them (batch_source.h: 2000 ops) of ops from many nodes in many
// scopes, in the order sync would never send them: runs of one op each.
TEST(ChangesetCodec, AFullBatchOfManyScopesAndOriginsComesBack) {
  std::mt19937_64 random(11);
  std::vector<oplog::Op> ops = random_ops(12, 2000);
  for (oplog::Op& op : ops) {
    op.set_origin(static_cast<uint32_t>(1 + random() % 300));
    op.set_scope(fmt::format("group:g{}-{:08x}", random() % 200, op.origin()));
  }
  std::string bytes = encoded(ops);
  auto decoded = decode_changeset(bytes);
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  expect_same_ops(*decoded, ops);
}

TEST(ChangesetCodec, AnEmptyBatchDecodesToNoOps) {
  auto decoded = decode_changeset(encoded({}));
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  EXPECT_TRUE(decoded->empty());
}

TEST(ChangesetCodec, RealSchoolOpsComeBackAndApplyOnAnotherNode) {
  SchoolNode school;
  ASSERT_NO_FATAL_FAILURE(school.fill(24, 5));
  std::vector<oplog::Op> ops = school.ops();
  ASSERT_GT(ops.size(), 200u);
  ASSERT_TRUE(std::any_of(ops.begin(), ops.end(), [](auto& op) { return op.tombstone(); }));
  auto decoded = decode_changeset(encoded(ops));
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  expect_same_ops(*decoded, ops);

  TempDir hub_dir;
  auto hub = Store::create(StoreOptions{.dir = hub_dir.path()}, "Базовая школа", "hub");
  ASSERT_TRUE(hub.is_ok());
  Status applied = (*hub)->apply_remote(*decoded);
  EXPECT_TRUE(applied.is_ok()) << applied.message();
}

TEST(ChangesetCodec, EncodesAndDecodesOnManyThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (uint32_t round = 0; round < 20; ++round) {
        std::vector<oplog::Op> ops = random_ops(100 * t + round, 50);
        auto bytes = encode_changeset(ops);
        auto decoded = bytes ? decode_changeset(*bytes) : bytes.status();
        bool same = decoded && decoded->size() == ops.size();
        for (size_t i = 0; same && i < ops.size(); ++i) {
          same = (*decoded)[i].SerializeAsString() == ops[i].SerializeAsString();
        }
        failures[t] += !same;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

// --- Header and frame ------------------------------------------------------------------------

TEST(ChangesetCodec, HeaderNamesTheFormatAndTheBuiltInDictionary) {
  std::string bytes = encoded(random_ops(1, 3));
  EXPECT_EQ(bytes.substr(0, changeset::kHeaderBytes),
            header(2, 0, builtin_changeset_dictionary_id()));
  EXPECT_GE(builtin_changeset_dictionary_id(), 32768u);  // zstd's ids for trained dictionaries
}

TEST(ChangesetCodec, BatchShorterThanItsHeaderIsCorrupt) {
  std::string bytes = encoded(random_ops(1, 3));
  for (size_t size : {0, 1, 4, 9}) {
    expect_status(decode_changeset(bytes.substr(0, size)), Status::Kind::kCorrupt, "cut short");
  }
}

TEST(ChangesetCodec, BadMagicIsCorrupt) {
  std::string bytes = encoded(random_ops(1, 3));
  bytes[0] = 'X';
  expect_status(decode_changeset(bytes), Status::Kind::kCorrupt, "not a changeset batch");
}

TEST(ChangesetCodec, NewerFormatVersionIsRefusedAskingForAnUpgrade) {
  std::string bytes = encoded(random_ops(1, 3));
  bytes[changeset::kVersionOffset] = 3;
  expect_status(decode_changeset(bytes), Status::Kind::kRefused, "format version 3");
  expect_status(decode_changeset(bytes), Status::Kind::kRefused, "upgrade");
}

// Version 1 was written only by development builds before the column format; its batches are
// refused, never read as version 2.
TEST(ChangesetCodec, RetiredFormatVersionOneIsRefused) {
  std::string bytes = encoded(random_ops(1, 3));
  bytes[changeset::kVersionOffset] = 1;
  expect_status(decode_changeset(bytes), Status::Kind::kRefused,
                "format version 1, which no release reads");
}

TEST(ChangesetCodec, UnknownFlagIsRefusedAskingForAnUpgrade) {
  std::string bytes = encoded(random_ops(1, 3));
  bytes[changeset::kFlagsOffset] = 0x01;
  expect_status(decode_changeset(bytes), Status::Kind::kRefused, "upgrade");
}

TEST(ChangesetCodec, DictionaryThisBuildLacksIsRefusedNamingIt) {
  std::string bytes = encoded(random_ops(1, 3));
  std::string other_id;
  append_u32_be(&other_id, 1234567);
  bytes.replace(changeset::kDictionaryIdOffset, changeset::kDictionaryIdBytes, other_id);
  expect_status(decode_changeset(bytes), Status::Kind::kRefused, "dictionary 1234567");
  expect_status(decode_changeset(bytes), Status::Kind::kRefused, "upgrade");
}

TEST(ChangesetCodec, TruncatedFrameIsCorrupt) {
  std::string bytes = encoded(random_ops(2, 100));
  for (size_t cut : {size_t{1}, size_t{4}, bytes.size() / 2, bytes.size() - 11}) {
    SCOPED_TRACE("cut " + std::to_string(cut));
    expect_status(decode_changeset(bytes.substr(0, bytes.size() - cut)), Status::Kind::kCorrupt,
                  "cut short");
  }
}

TEST(ChangesetCodec, BytesAfterTheFrameAreCorrupt) {
  expect_status(decode_changeset(encoded(random_ops(1, 3)) + "x"), Status::Kind::kCorrupt,
                "1 bytes after its compressed body");
}

// A few bits of a zstd frame do not change what it decompresses to; every other flip is caught
// (by zstd's checks or the checksum of the content), never decoded into different ops.
TEST(ChangesetCodec, EveryFlippedBitOfTheFrameIsCaughtOrChangesNothing) {
  std::vector<oplog::Op> ops = random_ops(3, 20);
  std::string bytes = encoded(ops);
  int caught = 0, harmless = 0;
  for (size_t at = changeset::kHeaderBytes; at < bytes.size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = bytes;
      damaged[at] ^= static_cast<char>(1 << bit);
      auto decoded = decode_changeset(damaged);
      if (decoded.is_ok()) {
        ASSERT_NO_FATAL_FAILURE(expect_same_ops(*decoded, ops)) << "byte " << at << " bit " << bit;
        ++harmless;
      } else {
        ASSERT_EQ(decoded.status().kind(), Status::Kind::kCorrupt) << decoded.status().message();
        ++caught;
      }
    }
  }
  EXPECT_GT(caught, 50 * harmless);
}

TEST(ChangesetCodec, BodyErrorsPassThroughUnchanged) {
  wire::ChangesetColumns columns;
  columns.set_op_count(1);
  columns.add_origins(1);
  columns.add_scopes("school:sc1-00000001");
  columns.set_runs(std::string("\x01\x00\x01", 3));  // scope 1 of 1
  std::string body = columns.SerializeAsString();
  std::string message = decode_changeset_body(body).status().message();
  expect_status(decode_changeset(batch_of_body(body)), Status::Kind::kCorrupt, message);
}

// --- Limits ----------------------------------------------------------------------------------

TEST(ChangesetCodec, OpsUpToTheLimitDecodeAndOneMoreIsCorrupt) {
  std::vector<oplog::Op> ops = random_ops(4, 11);
  std::string bytes = encoded(ops);
  EXPECT_TRUE(decode_changeset(bytes, ChangesetLimits{.batch_ops_max = 11}).is_ok());
  expect_status(decode_changeset(bytes, ChangesetLimits{.batch_ops_max = 10}),
                Status::Kind::kCorrupt, "11 ops, more than the 10");
}

TEST(ChangesetCodec, ValueUpToTheLimitDecodesAndOneByteMoreIsCorrupt) {
  std::vector<oplog::Op> ops = random_ops(5, 3);
  ops[1].set_value(std::string(1000, 'v'));
  std::string bytes = encoded(ops);
  EXPECT_TRUE(decode_changeset(bytes, ChangesetLimits{.op_value_bytes_max = 1000}).is_ok());
  expect_status(decode_changeset(bytes, ChangesetLimits{.op_value_bytes_max = 999}),
                Status::Kind::kCorrupt, "value of 1000 bytes, more than the 999");
}

TEST(ChangesetCodec, DeclaredBodyAboveTheLimitIsCorrupt) {
  std::vector<oplog::Op> ops = random_ops(6, 50);
  size_t body_bytes = encode_changeset_body(ops)->size();
  std::string bytes = encoded(ops);
  EXPECT_TRUE(
      decode_changeset(bytes, ChangesetLimits{.decompressed_bytes_max = body_bytes}).is_ok());
  expect_status(decode_changeset(bytes, ChangesetLimits{.decompressed_bytes_max = body_bytes - 1}),
                Status::Kind::kCorrupt, "declares a body of " + std::to_string(body_bytes));
}

TEST(ChangesetCodec, UndeclaredBodyIsDecodedUpToTheLimit) {
  std::vector<oplog::Op> ops = random_ops(7, 50);
  std::string body = *encode_changeset_body(ops);
  std::string bytes = batch_of_body(body, {.declare_size = false});
  auto decoded = decode_changeset(bytes, ChangesetLimits{.decompressed_bytes_max = body.size()});
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  expect_same_ops(*decoded, ops);
  expect_status(decode_changeset(bytes, ChangesetLimits{.decompressed_bytes_max = body.size() - 1}),
                Status::Kind::kCorrupt, "decompresses to more than");
}

TEST(ChangesetCodec, DecompressionBombIsStoppedAtTheLimit) {
  const std::string zeros(size_t{1} << 20, '\0');
  std::vector<std::string_view> pieces(256, zeros);  // 256 MiB: far past any limit
  for (bool declare_size : {true, false}) {
    SCOPED_TRACE(declare_size ? "size declared" : "size not declared");
    // 128 KiB zstd blocks of zeros take 4 bytes each.
    std::string bomb = batch_of_pieces(pieces, {.declare_size = declare_size, .window_log = 17});
    ASSERT_LT(bomb.size(), size_t{64} << 10);
    expect_status(decode_changeset(bomb), Status::Kind::kCorrupt,
                  declare_size ? "declares a body of 268435456 bytes" : "decompresses to more");
  }
}

TEST(ChangesetCodec, WindowLargerThanTheLimitIsCorrupt) {
  std::string body = *encode_changeset_body(random_ops(10, 50));
  std::string bytes = batch_of_body(body, {.declare_size = false, .window_log = 23});
  expect_status(decode_changeset(bytes), Status::Kind::kCorrupt,
                "needs more memory than the 4194304 bytes");
  EXPECT_TRUE(decode_changeset(bytes, {.decompressed_bytes_max = size_t{8} << 20}).is_ok());
}

TEST(ChangesetCodec, EncoderRefusesWhatADefaultReceiverWould) {
  const ChangesetLimits limits;
  std::vector<oplog::Op> too_many = random_ops(8, limits.batch_ops_max + 1);
  EXPECT_EQ(encode_changeset(too_many).status().kind(), Status::Kind::kInvalid);
  too_many.pop_back();
  EXPECT_TRUE(encode_changeset(too_many).is_ok());

  std::vector<oplog::Op> ops = random_ops(9, 3);
  ops[2].set_value(std::string(limits.op_value_bytes_max + 1, 'v'));
  auto refused = encode_changeset(ops);
  EXPECT_EQ(refused.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(refused.status().message().find("op 3 of 3"), std::string::npos)
      << refused.status().message();

  ops = random_ops(9, 3);
  ops[0].set_scope(std::string(changeset::kScopeBytesMax + 1, 's'));
  EXPECT_EQ(encode_changeset(ops).status().kind(), Status::Kind::kInvalid);
  ops[0].set_scope(std::string(changeset::kScopeBytesMax, 's'));
  EXPECT_TRUE(encode_changeset(ops).is_ok());
}

// --- The dictionary --------------------------------------------------------------------------

TEST(ChangesetCodec, BuiltInDictionaryIsTheCheckedInOne) {
  auto path = std::filesystem::path(__FILE__).parent_path() / "../../sync/dict/changeset-v2.zdict";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto builtin = builtin_changeset_dictionary();
  EXPECT_EQ(file, std::string(builtin.begin(), builtin.end()))
      << "run tools/train-dict.sh: sync/src/changeset_dictionary_data.cpp is out of date";
  EXPECT_EQ(changeset_dictionary_id(file), builtin_changeset_dictionary_id());
}

// Prints what each layer of the codec saves on a small school's real ops, and holds the
// whole codec to a fraction of the ops' own protobuf bytes.
TEST(ChangesetCodec, ReportsBytesPerOpOfEachLayer) {
  SchoolNode school;
  ASSERT_NO_FATAL_FAILURE(school.fill(60, 10));
  std::vector<oplog::Op> ops = school.ops();
  constexpr size_t kBatchOps = 300;
  size_t op_bytes = 0, op_zstd_bytes = 0, body_zstd_bytes = 0, batch_bytes = 0;
  auto zstd_bytes = [](std::string_view data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    return ZSTD_compress(out.data(), out.size(), data.data(), data.size(), changeset::kZstdLevel);
  };
  for (size_t at = 0; at < ops.size(); at += kBatchOps) {
    std::span<const oplog::Op> batch(ops.data() + at, std::min(kBatchOps, ops.size() - at));
    std::string serialized;
    for (const oplog::Op& op : batch) serialized += op.SerializeAsString();
    op_bytes += serialized.size();
    op_zstd_bytes += zstd_bytes(serialized);
    body_zstd_bytes += zstd_bytes(*encode_changeset_body(batch));
    batch_bytes += encoded(batch).size();
  }
  auto per_op = [&](size_t bytes) { return static_cast<double>(bytes) / ops.size(); };
  std::cout << std::fixed << std::setprecision(1) << ops.size()
            << " ops of a small school in batches of " << kBatchOps << "; bytes per op: Op "
            << per_op(op_bytes) << ", Op+zstd " << per_op(op_zstd_bytes) << ", body+zstd "
            << per_op(body_zstd_bytes) << ", batch (with dictionary) " << per_op(batch_bytes)
            << "\n";
  EXPECT_LT(batch_bytes, op_zstd_bytes);
  EXPECT_LT(batch_bytes * 5, op_bytes);  // at most a fifth of the ops' own bytes
}

}  // namespace
}  // namespace parta
