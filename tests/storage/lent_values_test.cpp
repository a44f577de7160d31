// Values lent from records to the op log (lent_values.h): an op that created a record is logged
// without its value, readers get the value back from the record, a change to the record first
// writes the value back into the op, and `parta check` catches a record and an op that disagree.
#include <gtest/gtest.h>
#include <lmdb.h>

#include <functional>

#include "oplog.pb.h"
#include "parta/storage/store.h"
#include "records.pb.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

constexpr int64_t kNov2026Ms = 1795000000000;
constexpr std::string_view kScope = "school:x";

// Runs `body` in a write transaction on the node in `dir` through LMDB itself, with the Store
// closed: how tests look at and damage what is on disk.
void with_raw_node(const std::filesystem::path& dir,
                   const std::function<void(MDB_txn*, MDB_dbi oplog, MDB_dbi records)>& body,
                   const char* record_table) {
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), MDB_SUCCESS);
  mdb_env_set_maxdbs(env, 32);
  ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0600), MDB_SUCCESS);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), MDB_SUCCESS);
  MDB_dbi oplog = 0, records = 0;
  ASSERT_EQ(mdb_dbi_open(txn, "oplog", 0, &oplog), MDB_SUCCESS);
  ASSERT_EQ(mdb_dbi_open(txn, record_table, 0, &records), MDB_SUCCESS);
  body(txn, oplog, records);
  ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  mdb_env_close(env);
}

std::string oplog_key_of(uint32_t origin, uint64_t seq) {
  std::string key;
  append_u32_be(&key, origin);
  append_u64_be(&key, seq);
  return key;
}

template <typename Message>
Message raw_get(MDB_txn* txn, MDB_dbi dbi, const std::string& key) {
  MDB_val mdb_key{key.size(), const_cast<char*>(key.data())};
  MDB_val value{};
  Message message;
  EXPECT_EQ(mdb_get(txn, dbi, &mdb_key, &value), MDB_SUCCESS);
  EXPECT_TRUE(message.ParseFromArray(value.mv_data, static_cast<int>(value.mv_size)));
  return message;
}

template <typename Message>
void raw_put(MDB_txn* txn, MDB_dbi dbi, const std::string& key, const Message& message) {
  std::string bytes = message.SerializeAsString();
  MDB_val mdb_key{key.size(), const_cast<char*>(key.data())};
  MDB_val value{bytes.size(), bytes.data()};
  ASSERT_EQ(mdb_put(txn, dbi, &mdb_key, &value, 0), MDB_SUCCESS);
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

  static records::Student student(std::string last) {
    records::Student record;
    record.set_last_name(std::move(last));
    record.set_first_name("Алёна");
    record.set_middle_name("Петровна");
    record.set_birth_date(15000);
    return record;
  }

  RecordKey put_student(const records::Student& record) {
    RecordKey key(store_->node().origin, ++next_counter_);
    EXPECT_TRUE(store_
                    ->write([&](WriteTxn& txn) {
                      return txn.put(RecordType::kStudent, key.bytes(), record, kScope);
                    })
                    .is_ok());
    return key;
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

  // The last op of this node, as the op log holds it on disk.
  oplog::Op raw_last_op(const char* record_table = "student") {
    const uint32_t origin = store_->node().origin;
    const uint64_t seq = ops_of(*store_, origin).back().seq();
    store_.reset();
    oplog::Op op;
    with_raw_node(
        temp_.path(),
        [&](MDB_txn* txn, MDB_dbi oplog, MDB_dbi) {
          op = raw_get<oplog::Op>(txn, oplog, oplog_key_of(origin, seq));
        },
        record_table);
    store_ = open(Store::open(options(temp_)));
    return op;
  }

  TempDir temp_;
  ManualClock clock_{kNov2026Ms};
  std::unique_ptr<Store> store_;
  uint64_t next_counter_ = 1000;
};

TEST_F(LentValuesTest, AWrittenRecordLendsItsValueAndReadersGetItBack) {
  const records::Student written = student("Петрова-Водкина");
  const RecordKey key = put_student(written);
  const oplog::Op logged = raw_last_op();
  EXPECT_TRUE(logged.value_in_record());
  EXPECT_TRUE(logged.value().empty());

  const oplog::Op read = ops_of(*store_, store_->node().origin).back();
  EXPECT_FALSE(read.value_in_record());
  EXPECT_EQ(read.value(), written.SerializeAsString());
  EXPECT_EQ(read.key(), key.bytes());
  EXPECT_TRUE(store_->verify().is_ok()) << store_->verify().message();
}

TEST_F(LentValuesTest, ShortValuesAreLoggedInFull) {
  records::Student short_one;
  short_one.set_last_name("Ли");
  put_student(short_one);
  const oplog::Op logged = raw_last_op();
  EXPECT_FALSE(logged.value_in_record());
  EXPECT_EQ(logged.value(), short_one.SerializeAsString());
}

TEST_F(LentValuesTest, AChangeToTheRecordPutsTheValueBackIntoTheOpFirst) {
  const records::Student first = student("Ёлкина");
  const RecordKey key = put_student(first);
  ASSERT_TRUE(store_
                  ->write([&](WriteTxn& txn) {
                    const uint32_t fields[] = {1};
                    return txn.put_fields(RecordType::kStudent, key.bytes(), student("Ёлкина-Смит"),
                                          fields, kScope);
                  })
                  .is_ok());
  auto ops = ops_of(*store_, store_->node().origin);
  ASSERT_GE(ops.size(), 2u);
  EXPECT_EQ(ops[ops.size() - 2].value(), first.SerializeAsString());
  EXPECT_TRUE(store_->verify().is_ok()) << store_->verify().message();

  // Deleting takes the value back too.
  const RecordKey other = put_student(student("Смирнова"));
  ASSERT_TRUE(store_
                  ->write([&](WriteTxn& txn) {
                    return txn.erase(RecordType::kStudent, other.bytes(), kScope);
                  })
                  .is_ok());
  ops = ops_of(*store_, store_->node().origin);
  EXPECT_EQ(ops[ops.size() - 2].value(), student("Смирнова").SerializeAsString());
  EXPECT_TRUE(ops.back().tombstone());
  EXPECT_TRUE(store_->verify().is_ok()) << store_->verify().message();
}

TEST_F(LentValuesTest, PeersGetFullOpsAndAppliedTwiceTheyStillMatch) {
  put_student(student("Иванова"));
  put_student(student("Кузнецова"));
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
  reused.set_value(student("Сидорова").SerializeAsString());
  EXPECT_EQ(peer->apply_remote(std::vector<oplog::Op>{reused}).kind(), Status::Kind::kCorrupt);
}

TEST_F(LentValuesTest, AnOpArrivingWithoutItsValueIsRefused) {
  put_student(student("Иванова"));
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
  const RecordKey key = put_student(student("Орлова"));
  store_.reset();
  with_raw_node(
      temp_.path(),
      [&](MDB_txn* txn, MDB_dbi, MDB_dbi students) {
        auto record = raw_get<oplog::StoredRecord>(txn, students, std::string(key.bytes()));
        ASSERT_TRUE(record.has_value_lent_to());
        record.clear_value_lent_to();
        raw_put(txn, students, std::string(key.bytes()), record);
      },
      "student");
  store_ = open(Store::open(options(temp_)));
  Status checked = store_->verify();
  EXPECT_EQ(checked.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(checked.message().find("logged without its value"), std::string::npos)
      << checked.message();
  // Reading that op says what is wrong instead of handing out an empty value.
  Status read = store_->read([&](const ReadView& view) {
    return view.for_each_op(store_->node().origin, 1, [](const oplog::Op&) { return true; });
  });
  EXPECT_EQ(read.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(read.message().find("parta check"), std::string::npos) << read.message();
}

// A release before layout 4, left running on a node this one upgraded, keeps value_lent_to as
// a field it does not know while it changes the record: the op's value is then not the
// record's, and reading the op says so instead of handing out the changed value.
TEST_F(LentValuesTest, ARecordChangedByAnEarlierReleaseIsNotTrustedWithTheOpsValue) {
  const RecordKey key = put_student(student("Петрова-Водкина"));
  store_.reset();
  with_raw_node(
      temp_.path(),
      [&](MDB_txn* txn, MDB_dbi, MDB_dbi students) {
        auto record = raw_get<oplog::StoredRecord>(txn, students, std::string(key.bytes()));
        ASSERT_TRUE(record.has_value_lent_to());
        // What the earlier release's merge leaves: a changed name under a newer stamp group.
        record.set_value(student("Изменённая").SerializeAsString());
        auto* newer = record.add_stamps();
        newer->mutable_stamp()->set_hlc(record.stamps(0).stamp().hlc() + 1);
        newer->mutable_stamp()->set_origin(record.stamps(0).stamp().origin());
        newer->add_fields(1);
        raw_put(txn, students, std::string(key.bytes()), record);
      },
      "student");
  store_ = open(Store::open(options(temp_)));
  Status read = store_->read([&](const ReadView& view) {
    return view.for_each_op(store_->node().origin, 1, [](const oplog::Op&) { return true; });
  });
  EXPECT_EQ(read.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(read.message().find("no longer agree"), std::string::npos) << read.message();
  EXPECT_NE(read.message().find("the student s1001-"), std::string::npos) << read.message();
  EXPECT_EQ(store_->verify().kind(), Status::Kind::kCorrupt);
  // Changing the record again does not write the changed value into the op either.
  Status changed = store_->write([&](WriteTxn& txn) {
    const uint32_t fields[] = {2};
    return txn.put_fields(RecordType::kStudent, key.bytes(), student("Петрова"), fields, kScope);
  });
  EXPECT_EQ(changed.kind(), Status::Kind::kCorrupt) << changed.message();
}

}  // namespace
}  // namespace parta
