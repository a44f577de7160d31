// Values lent from records to the op log (lent_values.h): the op that wrote a submission or
// review is logged without its value, readers get the value back from the record, a change to
// the record (a peer's op for the same key) first writes the value back into the op, and
// `parta check` catches a record and an op that disagree.
#include <gtest/gtest.h>
#include <lmdb.h>

#include "oplog.pb.h"
#include "parta/storage/store.h"
#include "raw_node.h"
#include "records.pb.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::raw_get;
using testing::raw_put;
using testing::raw_table;
using testing::TempDir;
using testing::with_raw_node;

constexpr int64_t kNov2026Ms = 1795000000000;
constexpr std::string_view kScope = "school:x";

std::string oplog_key_of(uint32_t origin, uint64_t seq) {
  std::string key;
  append_u32_be(&key, origin);
  append_u64_be(&key, seq);
  return key;
}

class LentValuesTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open(Store::create(options(temp_), "Школа №1", "school")); }

  StoreOptions options(const TempDir& dir) const {
    return StoreOptions{.dir = dir.path(), .clock = &clock_};
  }
  static std::unique_ptr<Store> open(Result<std::unique_ptr<Store>> store) {
    EXPECT_TRUE(store.is_ok()) << store.status().message();
    return std::move(store).value();
  }

  static records::Submission submission(std::string answer) {
    records::Submission record;
    record.set_student(RecordKey(9, 17).to_string());
    record.set_assignment(RecordKey(9, 40).to_string());
    record.set_channel("online");
    record.set_answer(std::move(answer));
    record.set_submitted_ms(kNov2026Ms);
    return record;
  }

  RecordKey put(RecordType type, const google::protobuf::Message& record) {
    RecordKey key(store_->node().origin, ++next_counter_);
    EXPECT_TRUE(
        store_->write([&](WriteTxn& txn) { return txn.put(type, key.bytes(), record, kScope); })
            .is_ok());
    return key;
  }
  RecordKey put_submission(const records::Submission& record) {
    return put(RecordType::kSubmission, record);
  }

  std::vector<oplog::Op> ops_of(const Store& store, uint32_t origin) const {
    std::vector<oplog::Op> ops;
    EXPECT_TRUE(store
                    .read([&](const ReadView& view) {
                      return view.for_each_op(origin, 1, [&](const oplog::Op& op) {
                        ops.push_back(op);
                        return true;
                      });
                    })
                    .is_ok());
    return ops;
  }

  // Reads every op of this node, as sync does: Corrupt when one cannot be given its value.
  Status read_every_op() const {
    return store_->read([&](const ReadView& view) {
      return view.for_each_op(store_->node().origin, 1, [](const oplog::Op&) { return true; });
    });
  }

  // The op `seq` of `origin`, as the op log holds it on disk.
  oplog::Op raw_op(uint32_t origin, uint64_t seq) {
    store_.reset();
    oplog::Op op;
    with_raw_node(temp_.path(), [&](MDB_txn* txn) {
      op = raw_get<oplog::Op>(txn, raw_table(txn, "oplog"), oplog_key_of(origin, seq));
    });
    store_ = open(Store::open(options(temp_)));
    return op;
  }
  oplog::Op raw_last_op() {
    const uint32_t origin = store_->node().origin;
    return raw_op(origin, ops_of(*store_, origin).back().seq());
  }

  // A peer's op writing `fields` of the submission `key` (a change to an append-only record
  // that only a misbehaving or conflicting peer makes, but which must merge all the same).
  static oplog::Op peer_op(uint32_t origin, uint64_t seq, int64_t ms, const RecordKey& key,
                           const records::Submission& value, std::vector<uint32_t> fields) {
    oplog::Op op;
    op.set_origin(origin);
    op.set_seq(seq);
    op.set_hlc(hlc_make(ms, 0));
    op.set_scope(std::string(kScope));
    op.set_record_type(static_cast<uint32_t>(RecordType::kSubmission));
    op.set_key(key.to_string());
    value.SerializeToString(op.mutable_value());
    op.mutable_fields()->Add(fields.begin(), fields.end());
    return op;
  }

  TempDir temp_;
  ManualClock clock_{kNov2026Ms};
  std::unique_ptr<Store> store_;
  uint64_t next_counter_ = 1000;
};

TEST_F(LentValuesTest, AWrittenSubmissionLendsItsValueAndReadersGetItBack) {
  const records::Submission written = submission("1) x = -13; 2) 97,6 см; 3) 177 кг — ёмкость");
  const RecordKey key = put_submission(written);
  const oplog::Op logged = raw_last_op();
  EXPECT_TRUE(logged.value_in_record());
  EXPECT_TRUE(logged.value().empty());

  const oplog::Op read = ops_of(*store_, store_->node().origin).back();
  EXPECT_FALSE(read.value_in_record());
  EXPECT_EQ(read.value(), written.SerializeAsString());
  EXPECT_EQ(read.key(), key.bytes());
  EXPECT_TRUE(store_->verify().is_ok()) << store_->verify().message();
}

TEST_F(LentValuesTest, ShortValuesAndOtherRecordTypesAreLoggedInFull) {
  records::Submission short_one;
  short_one.set_answer("42");
  put_submission(short_one);
  oplog::Op logged = raw_last_op();
  EXPECT_FALSE(logged.value_in_record());
  EXPECT_EQ(logged.value(), short_one.SerializeAsString());

  // A student changes (class, name), so its op keeps its value.
  records::Student student;
  student.set_last_name("Петрова-Водкина");
  student.set_first_name("Алёна");
  student.set_middle_name("Петровна");
  student.set_birth_date(15000);
  put(RecordType::kStudent, student);
  logged = raw_last_op();
  EXPECT_FALSE(logged.value_in_record());
  EXPECT_EQ(logged.value(), student.SerializeAsString());
}

TEST_F(LentValuesTest, AChangeToTheRecordPutsTheValueBackIntoTheOpFirst) {
  const uint32_t origin = store_->node().origin;
  const records::Submission first = submission("Ответ: 12 яблок, потому что 3 · 4 = 12");
  const RecordKey changed = put_submission(first);
  const RecordKey deleted = put_submission(submission("Ответ: 7 груш; проверка 14 : 2 = 7"));
  // A peer's newer write of the answer, and a peer's deletion of the other submission.
  oplog::Op answer = peer_op(4343, 1, kNov2026Ms + 60'000, changed, submission("Ответ: 13"), {4});
  oplog::Op removal;
  removal.set_origin(4343);
  removal.set_seq(2);
  removal.set_hlc(hlc_make(kNov2026Ms + 60'000, 1));
  removal.set_scope(std::string(kScope));
  removal.set_record_type(static_cast<uint32_t>(RecordType::kSubmission));
  removal.set_key(deleted.to_string());
  removal.set_tombstone(true);
  ASSERT_TRUE(store_->apply_remote(std::vector<oplog::Op>{answer, removal}).is_ok());

  const auto ops = ops_of(*store_, origin);
  ASSERT_GE(ops.size(), 2u);
  EXPECT_EQ(ops[ops.size() - 2].value(), first.SerializeAsString());
  EXPECT_EQ(ops.back().value(),
            submission("Ответ: 7 груш; проверка 14 : 2 = 7").SerializeAsString());
  EXPECT_FALSE(raw_op(origin, ops.back().seq()).value_in_record());  // written back for good
  EXPECT_TRUE(store_->verify().is_ok()) << store_->verify().message();
}

TEST_F(LentValuesTest, PeersGetFullOpsAndAppliedTwiceTheyStillMatch) {
  put_submission(submission("Упражнение 5: «ёлочки» и „лапки“ — кавычки"));
  put_submission(submission("Упражнение 6: ответ в тетради, стр. 14"));
  const auto ops = ops_of(*store_, store_->node().origin);
  TempDir peer_dir;
  auto peer = open(Store::create(options(peer_dir), "Базовая школа", "hub"));
  ASSERT_TRUE(peer->apply_remote(ops).is_ok());
  // The second time every op is already held, in the peer's own short form.
  ASSERT_TRUE(peer->apply_remote(ops).is_ok());
  EXPECT_TRUE(peer->verify().is_ok()) << peer->verify().message();
  const auto relayed = ops_of(*peer, store_->node().origin);
  ASSERT_EQ(relayed.size(), ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(relayed[i].SerializeAsString(), ops[i].SerializeAsString()) << "op " << i;
  }

  // A different op under a number the peer holds is still told apart from its short form.
  oplog::Op reused = ops.back();
  reused.set_value(submission("Упражнение 6: другой ответ").SerializeAsString());
  EXPECT_EQ(peer->apply_remote(std::vector<oplog::Op>{reused}).kind(), Status::Kind::kCorrupt);
}

TEST_F(LentValuesTest, AnOpArrivingWithoutItsValueIsRefused) {
  put_submission(submission("Сочинение «Моё лето», черновик на двух листах"));
  oplog::Op op = ops_of(*store_, store_->node().origin).back();
  op.clear_value();
  op.set_value_in_record(true);
  TempDir peer_dir;
  auto peer = open(Store::create(options(peer_dir), "Базовая школа", "hub"));
  Status status = peer->apply_remote(std::vector<oplog::Op>{op});
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.message().find("without its value"), std::string::npos) << status.message();
  EXPECT_TRUE(ops_of(*peer, store_->node().origin).empty());
}

TEST_F(LentValuesTest, CheckFindsARecordThatNoLongerNamesItsOp) {
  const RecordKey key = put_submission(submission("Задача 3: 2,5 ч — время в пути"));
  store_.reset();
  with_raw_node(temp_.path(), [&](MDB_txn* txn) {
    const MDB_dbi submissions = raw_table(txn, "submission");
    auto record = raw_get<oplog::StoredRecord>(txn, submissions, std::string(key.bytes()));
    ASSERT_TRUE(record.has_value_lent_to());
    record.clear_value_lent_to();
    raw_put(txn, submissions, std::string(key.bytes()), record.SerializeAsString());
  });
  store_ = open(Store::open(options(temp_)));
  Status checked = store_->verify();
  EXPECT_EQ(checked.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(checked.message().find("logged without its value"), std::string::npos)
      << checked.message();
  // Reading that op says what is wrong instead of handing out an empty value.
  Status read = read_every_op();
  EXPECT_EQ(read.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(read.message().find("parta check"), std::string::npos) << read.message();
}

TEST_F(LentValuesTest, CheckRefusesALendingRecordOfATypeThatDoesNotLend) {
  records::Student student;
  student.set_last_name("Петрова-Водкина");
  student.set_first_name("Алёна");
  student.set_middle_name("Петровна");
  const RecordKey key = put(RecordType::kStudent, student);
  const uint64_t seq = ops_of(*store_, store_->node().origin).back().seq();
  store_.reset();
  with_raw_node(temp_.path(), [&](MDB_txn* txn) {
    const MDB_dbi students = raw_table(txn, "student");
    auto record = raw_get<oplog::StoredRecord>(txn, students, std::string(key.bytes()));
    record.mutable_value_lent_to()->set_origin(key.origin());
    record.mutable_value_lent_to()->set_seq(seq);
    raw_put(txn, students, std::string(key.bytes()), record.SerializeAsString());
  });
  store_ = open(Store::open(options(temp_)));
  Status checked = store_->verify();
  EXPECT_EQ(checked.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(checked.message().find("only submissions and reviews lend theirs"), std::string::npos)
      << checked.message();
}

// A release before layout 4, left running on a node this one upgraded, keeps value_lent_to as
// a field it does not know while it changes the record: the op's value is then not the
// record's, and reading the op says so instead of handing out the changed value.
TEST_F(LentValuesTest, ARecordChangedByAnEarlierReleaseIsNotTrustedWithTheOpsValue) {
  const RecordKey key = put_submission(submission("Ответ: Волга впадает в Каспийское море"));
  store_.reset();
  with_raw_node(temp_.path(), [&](MDB_txn* txn) {
    const MDB_dbi submissions = raw_table(txn, "submission");
    auto record = raw_get<oplog::StoredRecord>(txn, submissions, std::string(key.bytes()));
    ASSERT_TRUE(record.has_value_lent_to());
    // What the earlier release's merge leaves: a changed answer under a newer stamp group.
    record.set_value(submission("Ответ: изменён").SerializeAsString());
    auto* newer = record.add_stamps();
    newer->mutable_stamp()->set_hlc(record.stamps(0).stamp().hlc() + 1);
    newer->mutable_stamp()->set_origin(record.stamps(0).stamp().origin());
    newer->add_fields(4);
    raw_put(txn, submissions, std::string(key.bytes()), record.SerializeAsString());
  });
  store_ = open(Store::open(options(temp_)));
  Status read = read_every_op();
  EXPECT_EQ(read.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(read.message().find("no longer agree"), std::string::npos) << read.message();
  EXPECT_NE(read.message().find("the submission sub1001-"), std::string::npos) << read.message();
  EXPECT_EQ(store_->verify().kind(), Status::Kind::kCorrupt);
  // A peer's change to the record does not write the changed value into the op either.
  Status applied = store_->apply_remote(std::vector<oplog::Op>{
      peer_op(4343, 1, kNov2026Ms + 60'000, key, submission("Ответ: 3"), {4})});
  EXPECT_EQ(applied.kind(), Status::Kind::kCorrupt) << applied.message();
}

}  // namespace
}  // namespace parta
