// Store: identity, local writes and their ops, remote ops, unknown fields, map growth, backup.
#include "parta/storage/store.h"

#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>
#include <lmdb.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <set>

#include "parta/storage/scopes.h"
#include "raw_node.h"
#include "records.pb.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

constexpr int64_t kNov2026Ms = 1795000000000;

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> create(const std::filesystem::path& dir, const Clock& clock) {
    auto store = Store::create(StoreOptions{.dir = dir, .clock = &clock}, "Школа №1", "school");
    EXPECT_TRUE(store.is_ok()) << store.status().message();
    return std::move(store).value();
  }

  static records::Student student(std::string last, std::string first) {
    records::Student record;
    record.set_last_name(std::move(last));
    record.set_first_name(std::move(first));
    record.set_birth_date(15000);
    record.set_class_group(RecordKey(9, 9).to_string());
    return record;
  }

  static std::vector<oplog::Op> all_ops(const Store& store, uint32_t origin) {
    std::vector<oplog::Op> ops;
    EXPECT_TRUE(store.read([&](const ReadView& view) {
      return view.for_each_op(origin, 1, [&](const oplog::Op& op) {
        ops.push_back(op);
        return true;
      });
    }).is_ok());
    return ops;
  }

  TempDir temp_;
  ManualClock clock_{kNov2026Ms};
};

TEST_F(StoreTest, ReopensWithTheSameIdentity) {
  uint32_t origin = 0;
  {
    auto store = create(temp_.path(), clock_);
    origin = store->node().origin;
    EXPECT_NE(origin, 0u);
  }
  auto reopened = Store::open(StoreOptions{.dir = temp_.path(), .clock = &clock_});
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().message();
  EXPECT_EQ((*reopened)->node().origin, origin);
  EXPECT_EQ((*reopened)->node().name, "Школа №1");
  EXPECT_EQ((*reopened)->node().role, "school");
  records::School school;
  EXPECT_TRUE((*reopened)->read([&](const ReadView& view) {
    return view.get(RecordType::kSchool, (*reopened)->node().school.bytes(), &school);
  }).is_ok());
  EXPECT_EQ(school.name(), "Школа №1");
}

TEST_F(StoreTest, RefusesToCreateOverAnExistingNode) {
  create(temp_.path(), clock_);
  auto again = Store::create(StoreOptions{.dir = temp_.path(), .clock = &clock_}, "X", "school");
  EXPECT_EQ(again.status().kind(), Status::Kind::kRefused);
}

TEST_F(StoreTest, OpeningAnEmptyDirectorySaysHowToCreateANode) {
  auto store = Store::open(StoreOptions{.dir = temp_.path()});
  EXPECT_EQ(store.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(store.status().message().find("parta init"), std::string::npos);
}

TEST_F(StoreTest, EveryWriteIsAnOpWithConsecutiveSeqAndRisingHlc) {
  auto store = create(temp_.path(), clock_);
  RecordKey key;
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    key = txn.new_key();
    return txn.put(RecordType::kStudent, key.bytes(), student("Иванов", "Иван"), "school:x");
  }).is_ok());
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    const uint32_t fields[] = {2};
    return txn.put_fields(RecordType::kStudent, key.bytes(), student("", "Пётр"), fields,
                          "school:x");
  }).is_ok());
  auto ops = all_ops(*store, store->node().origin);
  ASSERT_EQ(ops.size(), 3u);  // the School record, then two student writes
  for (size_t i = 0; i < ops.size(); ++i) EXPECT_EQ(ops[i].seq(), i + 1);
  EXPECT_LT(ops[1].hlc(), ops[2].hlc());
  EXPECT_EQ(ops[2].fields_size(), 1);
  records::Student read;
  ASSERT_TRUE(store->read([&](const ReadView& view) {
    return view.get(RecordType::kStudent, key.bytes(), &read);
  }).is_ok());
  EXPECT_EQ(read.last_name(), "Иванов");
  EXPECT_EQ(read.first_name(), "Пётр");
  auto vector = [&] {
    std::vector<VersionEntry> entries;
    EXPECT_TRUE(store->read([&](const ReadView& view) {
      auto result = view.version_vector();
      entries = result.value();
      return Status::ok();
    }).is_ok());
    return entries;
  }();
  ASSERT_EQ(vector.size(), 2u);
  EXPECT_EQ(vector[1].scope, "school:x");
  EXPECT_EQ(vector[1].seq, 3u);
}

TEST_F(StoreTest, AFailedWriteLeavesNothingBehind) {
  auto store = create(temp_.path(), clock_);
  Status status = store->write([&](WriteTxn& txn) -> Status {
    RecordKey key = txn.new_key();
    PARTA_RETURN_IF_ERROR(
        txn.put(RecordType::kStudent, key.bytes(), student("Иванов", "Иван"), "school:x"));
    return Status::invalid("changed my mind");
  });
  EXPECT_EQ(status.kind(), Status::Kind::kInvalid);
  EXPECT_EQ(all_ops(*store, store->node().origin).size(), 1u);
  int students = 0;
  EXPECT_TRUE(store->read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](auto, auto) { return ++students, true; });
  }).is_ok());
  EXPECT_EQ(students, 0);
  // The next write takes the seq the failed one would have used.
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    return txn.put(RecordType::kStudent, txn.new_key().bytes(), student("А", "Б"), "school:x");
  }).is_ok());
  EXPECT_EQ(all_ops(*store, store->node().origin).back().seq(), 2u);
}

TEST_F(StoreTest, IndexesFollowChangesAndDeletes) {
  auto store = create(temp_.path(), clock_);
  RecordKey key;
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    key = txn.new_key();
    return txn.put(RecordType::kStudent, key.bytes(), student("Ёлкина", "Алёна"), "school:x");
  }).is_ok());
  auto count_by_name = [&](std::string_view last) {
    int count = 0;
    EXPECT_TRUE(store->read([&](const ReadView& view) {
      return view.for_each_indexed(IndexId::kStudentByName,
                                   name_index_prefix(last, "АЛЁНА", ""),
                                   [&](auto, auto) { return ++count, true; });
    }).is_ok());
    return count;
  };
  EXPECT_EQ(count_by_name("ёлкина"), 1);  // case-insensitive
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    const uint32_t fields[] = {1};
    return txn.put_fields(RecordType::kStudent, key.bytes(), student("Ёлкина-Смит", ""), fields,
                          "school:x");
  }).is_ok());
  EXPECT_EQ(count_by_name("Ёлкина"), 0);
  EXPECT_EQ(count_by_name("Ёлкина-Смит"), 1);
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    return txn.erase(RecordType::kStudent, key.bytes(), "school:x");
  }).is_ok());
  EXPECT_EQ(count_by_name("Ёлкина-Смит"), 0);
  EXPECT_TRUE(store->verify().is_ok()) << store->verify().message();
}

// A node as an earlier layout left it: `layout` in its meta table, without the `missing`
// index tables.
void make_node_of_layout(const std::filesystem::path& dir, uint64_t layout,
                         const std::vector<std::string>& missing) {
  testing::with_raw_node(dir, [&](MDB_txn* txn) {
    for (const std::string& table : missing) {
      ASSERT_EQ(mdb_drop(txn, testing::raw_table(txn, table), /*del=*/1), MDB_SUCCESS);
    }
    std::string bytes(8, '\0');
    bytes[7] = static_cast<char>(layout);
    testing::raw_put(txn, testing::raw_table(txn, "meta"), "layout_version", bytes);
  });
}

// Rewrites the node as layout 3 kept it: every op log entry with its value, no record lending
// its value to the op log.
void log_every_value_in_full(const std::filesystem::path& dir) {
  auto store = Store::open(StoreOptions{.dir = dir});
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  std::vector<oplog::Op> ops;
  ASSERT_TRUE((*store)
                  ->read([&](const ReadView& view) {
                    return view.for_each_op((*store)->node().origin, 1, [&](const oplog::Op& op) {
                      ops.push_back(op);
                      return true;
                    });
                  })
                  .is_ok());
  store->reset();
  testing::with_raw_node(dir, [&](MDB_txn* txn) {
    for (const oplog::Op& op : ops) {
      auto info = record_type_info(op.record_type());
      ASSERT_TRUE(info.has_value());
      const MDB_dbi records = testing::raw_table(txn, std::string(info->name));
      auto record = testing::raw_get<oplog::StoredRecord>(txn, records, op.key());
      record.clear_value_lent_to();
      testing::raw_put(txn, records, op.key(), record.SerializeAsString());
      oplog::Op logged = op;
      logged.clear_origin();
      logged.clear_seq();
      std::string log_key;
      append_u32_be(&log_key, op.origin());
      append_u64_be(&log_key, op.seq());
      testing::raw_put(txn, testing::raw_table(txn, "oplog"), log_key, logged.SerializeAsString());
    }
  });
}

uint64_t layout_of(const std::filesystem::path& dir) {
  MDB_env* env = nullptr;
  EXPECT_EQ(mdb_env_create(&env), MDB_SUCCESS);
  mdb_env_set_maxdbs(env, 32);
  EXPECT_EQ(mdb_env_open(env, dir.c_str(), MDB_RDONLY, 0600), MDB_SUCCESS);
  MDB_txn* txn = nullptr;
  EXPECT_EQ(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), MDB_SUCCESS);
  MDB_dbi meta;
  EXPECT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), MDB_SUCCESS);
  MDB_val key{14, const_cast<char*>("layout_version")};
  MDB_val value{};
  EXPECT_EQ(mdb_get(txn, meta, &key, &value), MDB_SUCCESS);
  uint64_t layout = 0;
  for (size_t i = 0; i < value.mv_size; ++i) {
    layout = layout << 8 | static_cast<const uint8_t*>(value.mv_data)[i];
  }
  mdb_txn_abort(txn);
  mdb_env_close(env);
  return layout;
}

// Opens a node an earlier layout left without some indexes: they are built from its records
// (a review with audio and one without; a group of the node's school) and it is of the current
// layout, which an earlier release refuses to open.
void expect_upgraded(const std::filesystem::path& dir, const Clock& clock) {
  {
    auto reopened = Store::open(StoreOptions{.dir = dir, .clock = &clock});
    ASSERT_TRUE(reopened.is_ok()) << reopened.status().message();
    int with_audio = 0, groups_of_school = 0;
    const std::string school((*reopened)->node().school.bytes());
    ASSERT_TRUE(
        (*reopened)
            ->read([&](const ReadView& view) {
              PARTA_RETURN_IF_ERROR(view.for_each_indexed(
                  IndexId::kReviewWithAudio, "", [&](auto, auto) { return ++with_audio, true; }));
              return view.for_each_indexed(IndexId::kGroupBySchool, school,
                                           [&](auto, auto) { return ++groups_of_school, true; });
            })
            .is_ok());
    EXPECT_EQ(with_audio, 1);
    EXPECT_EQ(groups_of_school, 1);
    EXPECT_TRUE((*reopened)->verify().is_ok()) << (*reopened)->verify().message();
  }
  EXPECT_EQ(layout_of(dir), 4u);
}

class StoreLayoutTest : public StoreTest {
 protected:
  void SetUp() override {
    auto store = create(temp_.path(), clock_);
    ASSERT_TRUE(store
                    ->write([&](WriteTxn& txn) {
                      records::Review spoken;
                      spoken.set_submission(RecordKey(9, 1).to_string());
                      spoken.set_audio_ref(std::string(40, 'a'));
                      records::Review written;
                      written.set_submission(RecordKey(9, 2).to_string());
                      written.set_text("Молодец");
                      records::Group group;
                      group.set_name("7Б");
                      group.set_grade(7);
                      group.set_school(std::string(store->node().school.bytes()));
                      PARTA_RETURN_IF_ERROR(
                          txn.put(RecordType::kReview, txn.new_key().bytes(), spoken, "s"));
                      PARTA_RETURN_IF_ERROR(
                          txn.put(RecordType::kGroup, txn.new_key().bytes(), group, "s"));
                      return txn.put(RecordType::kReview, txn.new_key().bytes(), written, "s");
                    })
                    .is_ok());
  }
};

TEST_F(StoreLayoutTest, ANodeOfLayout1GetsBothNewIndexesAndTheCurrentLayout) {
  ASSERT_NO_FATAL_FAILURE(
      make_node_of_layout(temp_.path(), 1, {"idx_review_with_audio", "idx_group_by_school"}));
  expect_upgraded(temp_.path(), clock_);
}

TEST_F(StoreLayoutTest, ANodeOfLayout2GetsTheSchoolIndexAndTheCurrentLayout) {
  ASSERT_NO_FATAL_FAILURE(make_node_of_layout(temp_.path(), 2, {"idx_group_by_school"}));
  expect_upgraded(temp_.path(), clock_);
}

// Layout 3 logged every op with its value and no record lent it (lent_values.h): such a node
// reads as before, moves to layout 4 untouched, and its records change as any other.
TEST_F(StoreLayoutTest, ANodeOfLayout3WithFullOpValuesMovesToLayout4) {
  ASSERT_NO_FATAL_FAILURE(make_node_of_layout(temp_.path(), 3, {}));
  ASSERT_NO_FATAL_FAILURE(log_every_value_in_full(temp_.path()));
  std::vector<oplog::Op> before;
  {
    auto reopened = Store::open(StoreOptions{.dir = temp_.path(), .clock = &clock_});
    ASSERT_TRUE(reopened.is_ok()) << reopened.status().message();
    Store& store = **reopened;
    before = all_ops(store, store.node().origin);
    ASSERT_EQ(before.size(), 4u);  // the school, two reviews, a group
    EXPECT_FALSE(before[1].value().empty());
    EXPECT_TRUE(store.verify().is_ok()) << store.verify().message();
    ASSERT_TRUE(store
                    .write([&](WriteTxn& txn) {
                      records::Group group;
                      group.set_name("7В");
                      const uint32_t fields[] = {1};
                      return txn.put_fields(RecordType::kGroup, before[2].key(), group, fields,
                                            "s");
                    })
                    .is_ok());
    auto after = all_ops(store, store.node().origin);
    ASSERT_EQ(after.size(), 5u);
    for (size_t i = 0; i < before.size(); ++i) {
      EXPECT_EQ(after[i].SerializeAsString(), before[i].SerializeAsString()) << "op " << i;
    }
    EXPECT_TRUE(store.verify().is_ok()) << store.verify().message();
  }
  EXPECT_EQ(layout_of(temp_.path()), 4u);
}

// An upgrade needs the node to itself: a process of the earlier release (here, a child that
// opened it with LMDB) would go on writing by the old layout.
TEST_F(StoreLayoutTest, AnUpgradeWaitsUntilNoOtherProcessHasTheNodeOpen) {
  ASSERT_NO_FATAL_FAILURE(make_node_of_layout(temp_.path(), 3, {}));
  int to_child[2], from_child[2];
  ASSERT_EQ(::pipe(to_child), 0);
  ASSERT_EQ(::pipe(from_child), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // the earlier release: opens the node and keeps it open until told
    MDB_env* env = nullptr;
    char done = 0;
    bool opened = mdb_env_create(&env) == MDB_SUCCESS && mdb_env_set_maxdbs(env, 32) == 0 &&
                  mdb_env_open(env, temp_.path().c_str(), 0, 0600) == MDB_SUCCESS;
    char ready = opened ? 'y' : 'n';
    (void)!::write(from_child[1], &ready, 1);
    (void)!::read(to_child[0], &done, 1);
    ::_exit(0);
  }
  char ready = 0;
  ASSERT_EQ(::read(from_child[0], &ready, 1), 1);
  ASSERT_EQ(ready, 'y');
  auto refused = Store::open(StoreOptions{.dir = temp_.path(), .clock = &clock_});
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.status().message().find("another process has it open: stop partad"),
            std::string::npos)
      << refused.status().message();
  EXPECT_EQ(layout_of(temp_.path()), 3u);

  ASSERT_EQ(::write(to_child[1], "x", 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) ::close(fd);
  auto opened = Store::open(StoreOptions{.dir = temp_.path(), .clock = &clock_});
  EXPECT_TRUE(opened.is_ok()) << opened.status().message();
  opened->reset();
  EXPECT_EQ(layout_of(temp_.path()), 4u);
}

TEST_F(StoreTest, AppendOnlyRecordsAreNeverRewritten) {
  auto store = create(temp_.path(), clock_);
  RecordKey key(store->node().origin, 1000);
  records::Submission submission;
  submission.set_answer("42");
  auto put = [&] {
    return store->write([&](WriteTxn& txn) {
      return txn.put(RecordType::kSubmission, key.bytes(), submission, "school:x");
    });
  };
  ASSERT_TRUE(put().is_ok());
  EXPECT_EQ(put().kind(), Status::Kind::kRefused);
}

TEST_F(StoreTest, RemoteOpsAppliedTwiceChangeNothing) {
  TempDir other_dir;
  auto source = create(other_dir.path(), clock_);
  ASSERT_TRUE(source->write([&](WriteTxn& txn) {
    return txn.put(RecordType::kStudent, txn.new_key().bytes(), student("Иванов", "Иван"),
                   "school:x");
  }).is_ok());
  auto ops = all_ops(*source, source->node().origin);
  auto target = create(temp_.path(), clock_);
  ASSERT_TRUE(target->apply_remote(ops).is_ok());
  auto students = [&] {
    std::vector<std::string> values;
    EXPECT_TRUE(target->read([&](const ReadView& view) {
      return view.for_each(RecordType::kStudent, "", [&](auto key, auto value) {
        values.push_back(std::string(key) + std::string(value));
        return true;
      });
    }).is_ok());
    return values;
  };
  auto once = students();
  ASSERT_TRUE(target->apply_remote(ops).is_ok());
  EXPECT_EQ(all_ops(*target, source->node().origin).size(), ops.size());
  EXPECT_EQ(students(), once);
  EXPECT_EQ(once.size(), 1u);
  EXPECT_TRUE(target->verify().is_ok());
}

TEST_F(StoreTest, RefusesAPeerClockTooFarAheadAndAppliesNothingFromTheBatch) {
  TempDir other_dir;
  ManualClock future(kNov2026Ms + 3LL * 24 * 3600 * 1000);
  auto source = create(other_dir.path(), future);
  auto ops = all_ops(*source, source->node().origin);
  auto target = create(temp_.path(), clock_);
  Status status = target->apply_remote(ops);
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("ahead of this machine's clock"), std::string::npos);
  EXPECT_TRUE(all_ops(*target, source->node().origin).empty());
}

TEST_F(StoreTest, KeepsAndRelaysFieldsAndRecordTypesItDoesNotKnow) {
  auto store = create(temp_.path(), clock_);
  RecordKey key(4242, 1);
  // A newer release's student carries field 99, and a record type 200 this release lacks.
  google::protobuf::UnknownFieldSet newer;
  newer.ParseFromString(student("Иванов", "Иван").SerializeAsString());
  newer.AddLengthDelimited(99, "в следующей версии");
  oplog::Op op;
  op.set_origin(4242);
  op.set_seq(1);
  op.set_hlc(hlc_make(kNov2026Ms, 0));
  op.set_scope("school:x");
  op.set_record_type(static_cast<uint32_t>(RecordType::kStudent));
  op.set_key(key.to_string());
  newer.SerializeToString(op.mutable_value());
  for (uint32_t field : {1, 2, 3, 4, 5, 6, 7, 99}) op.add_fields(field);
  oplog::Op unknown_type = op;
  unknown_type.set_seq(2);
  unknown_type.set_record_type(200);
  ASSERT_TRUE(store->apply_remote(std::vector<oplog::Op>{op, unknown_type}).is_ok());

  // A local edit of a known field keeps field 99.
  ASSERT_TRUE(store->write([&](WriteTxn& txn) {
    const uint32_t fields[] = {2};
    return txn.put_fields(RecordType::kStudent, key.bytes(), student("", "Пётр"), fields,
                          "school:x");
  }).is_ok());
  records::Student read;
  ASSERT_TRUE(store->read([&](const ReadView& view) {
    return view.get(RecordType::kStudent, key.bytes(), &read);
  }).is_ok());
  EXPECT_EQ(read.first_name(), "Пётр");
  const auto& unknown = read.GetReflection()->GetUnknownFields(read);
  ASSERT_EQ(unknown.field_count(), 1);
  EXPECT_EQ(unknown.field(0).number(), 99);
  EXPECT_EQ(unknown.field(0).length_delimited(), "в следующей версии");
  // Both ops are relayed byte for byte.
  auto relayed = all_ops(*store, 4242);
  ASSERT_EQ(relayed.size(), 2u);
  EXPECT_EQ(relayed[0].SerializeAsString(), op.SerializeAsString());
  EXPECT_EQ(relayed[1].record_type(), 200u);
}

TEST_F(StoreTest, TheMapGrowsInsteadOfFailing) {
  auto store = Store::create(
      StoreOptions{.dir = temp_.path(), .clock = &clock_, .initial_map_bytes = 256 * 1024},
      "Школа", "school");
  ASSERT_TRUE(store.is_ok());
  std::string long_name(400, 'x');
  for (int batch = 0; batch < 20; ++batch) {
    Status status = (*store)->write([&](WriteTxn& txn) -> Status {
      for (int i = 0; i < 250; ++i) {
        PARTA_RETURN_IF_ERROR(txn.put(RecordType::kStudent, txn.new_key().bytes(),
                                      student(long_name, "И"), "school:x"));
      }
      return Status::ok();
    });
    ASSERT_TRUE(status.is_ok()) << status.message();
  }
  EXPECT_GT((*store)->disk_bytes().value(), 256u * 1024);
  EXPECT_TRUE((*store)->verify().is_ok());
}

TEST_F(StoreTest, BackupIsACompleteConsistentCopy) {
  auto store = create(temp_.path() / "node", clock_);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(store->write([&](WriteTxn& txn) {
      return txn.put(RecordType::kStudent, txn.new_key().bytes(), student("Иванов", "Иван"),
                     "school:x");
    }).is_ok());
  }
  auto backup = temp_.path() / "node.backup";
  ASSERT_TRUE(store->backup(backup).is_ok());
  EXPECT_FALSE(std::filesystem::exists(temp_.path() / "node.backup.partial"));
  std::filesystem::create_directories(temp_.path() / "restored");
  std::filesystem::copy_file(backup, temp_.path() / "restored" / "data.mdb");
  auto restored = Store::open(StoreOptions{.dir = temp_.path() / "restored", .clock = &clock_});
  ASSERT_TRUE(restored.is_ok()) << restored.status().message();
  EXPECT_TRUE((*restored)->verify().is_ok());
  EXPECT_EQ((*restored)->node().origin, store->node().origin);
  EXPECT_EQ(all_ops(**restored, store->node().origin).size(), 101u);
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

TEST_F(StoreTest, OwnOpsComingBackAfterARestoreAreNeverNumberedAgain) {
  auto store = create(temp_.path() / "node", clock_);
  auto write_one = [&](Store& target) {
    return target.write([&](WriteTxn& txn) {
      return txn.put(RecordType::kStudent, txn.new_key().bytes(), student("Иванов", "Иван"),
                     "school:x");
    });
  };
  ASSERT_TRUE(write_one(*store).is_ok());
  ASSERT_TRUE(store->backup(temp_ / "old.backup").is_ok());
  ASSERT_TRUE(write_one(*store).is_ok());
  ASSERT_TRUE(write_one(*store).is_ok());
  auto later_ops = all_ops(*store, store->node().origin);  // seq 1..4, the hub would hold these

  std::filesystem::create_directories(temp_ / "restored");
  std::filesystem::copy_file(temp_ / "old.backup", temp_ / "restored" / "data.mdb");
  auto restored = Store::open(StoreOptions{.dir = temp_ / "restored", .clock = &clock_});
  ASSERT_TRUE(restored.is_ok());
  ASSERT_TRUE((*restored)->apply_remote(later_ops).is_ok());
  ASSERT_TRUE(write_one(**restored).is_ok());
  auto ops = all_ops(**restored, store->node().origin);
  ASSERT_EQ(ops.size(), 5u);
  EXPECT_EQ(ops.back().seq(), 5u);
  std::set<std::string> keys;
  for (const auto& op : ops) keys.insert(op.key());
  EXPECT_EQ(keys.size(), 5u) << "a record key was handed out twice";
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

// Found by fuzz_record_merge: a peer's record without a reference it is indexed by made an
// index entry too short to hold a key, which reading the index then tripped over.
TEST_F(StoreTest, APeersRecordWithoutItsReferencesIsKeptButNotIndexed) {
  auto store = create(temp_.path(), clock_);
  oplog::Op op;
  op.set_origin(4242);
  op.set_seq(1);
  op.set_hlc(hlc_make(kNov2026Ms, 0));
  op.set_scope("school:x");
  op.set_record_type(static_cast<uint32_t>(RecordType::kAttendance));
  op.set_key(RecordKey(4242, 7).to_string() + day_key(20600));
  records::Attendance attendance;  // and no class_group
  attendance.set_student(RecordKey(4242, 7).to_string());
  attendance.set_date(20600);
  attendance.set_status("ill");
  attendance.SerializeToString(op.mutable_value());
  for (uint32_t field : {1, 2, 3, 4}) op.add_fields(field);
  ASSERT_TRUE(store->apply_remote(std::vector<oplog::Op>{op}).is_ok());
  EXPECT_TRUE(store->verify().is_ok()) << store->verify().message();
  int entries = 0;
  ASSERT_TRUE(store->read([&](const ReadView& view) {
    return view.for_each_indexed(IndexId::kAttendanceByDateClass, "",
                                 [&](auto, auto) { return ++entries, true; });
  }).is_ok());
  EXPECT_EQ(entries, 0);
  records::Attendance kept;
  ASSERT_TRUE(store->read([&](const ReadView& view) {
    return view.get(RecordType::kAttendance, op.key(), &kept);
  }).is_ok());
  EXPECT_EQ(kept.status(), "ill");
  EXPECT_EQ(all_ops(*store, 4242).size(), 1u);  // still relayed
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

Status write_student(Store& store, const std::string& last) {
  return store.write([&](WriteTxn& txn) {
    records::Student student;
    student.set_last_name(last);
    return txn.put(RecordType::kStudent, txn.new_key().bytes(), student, "school:x");
  });
}

TEST_F(StoreTest, ANodeCopiedBackAndUsedBeforeSyncingIsCaughtNotMerged) {
  auto store = create(temp_.path() / "node", clock_);
  ASSERT_TRUE(store->backup(temp_ / "old.backup").is_ok());
  ASSERT_TRUE(write_student(*store, "Иванов").is_ok());  // reaches the hub, then the disk dies
  auto at_hub = all_ops(*store, store->node().origin);

  // Someone copies the backup back by hand and a teacher writes before any sync.
  std::filesystem::create_directories(temp_ / "copied");
  std::filesystem::copy_file(temp_ / "old.backup", temp_ / "copied" / "data.mdb");
  auto copied = Store::open(StoreOptions{.dir = temp_ / "copied", .clock = &clock_});
  ASSERT_TRUE(copied.is_ok());
  ASSERT_TRUE(write_student(**copied, "Петров").is_ok());  // same (origin, seq) as Иванов's op
  Status status = (*copied)->apply_remote(at_hub);
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.message().find("reused its op numbers"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("parta restore"), std::string::npos);
}

TEST_F(StoreTest, RestoreGivesANewNodeIdSoNothingIsNumberedTwice) {
  auto store = create(temp_.path() / "node", clock_);
  ASSERT_TRUE(write_student(*store, "Иванов").is_ok());
  ASSERT_TRUE(store->backup(temp_ / "old.backup").is_ok());
  ASSERT_TRUE(write_student(*store, "Петров").is_ok());  // made after the backup
  auto at_hub = all_ops(*store, store->node().origin);

  auto restored = Store::restore(StoreOptions{.dir = temp_ / "restored", .clock = &clock_},
                                 temp_ / "old.backup");
  ASSERT_TRUE(restored.is_ok()) << restored.status().message();
  EXPECT_NE((*restored)->node().origin, store->node().origin);
  EXPECT_EQ((*restored)->node().school, store->node().school);
  ASSERT_TRUE(write_student(**restored, "Сидоров").is_ok());  // before syncing: now harmless
  ASSERT_TRUE((*restored)->apply_remote(at_hub).is_ok());    // Петров comes back from the hub
  int students = 0;
  ASSERT_TRUE((*restored)->read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](auto, auto) { return ++students, true; });
  }).is_ok());
  EXPECT_EQ(students, 3);
  EXPECT_TRUE((*restored)->verify().is_ok());
  EXPECT_EQ(Store::restore(StoreOptions{.dir = temp_ / "restored"}, temp_ / "old.backup")
                .status().kind(),
            Status::Kind::kRefused);
}

// A backup cut short (a copy to a USB stick that did not finish), one with damaged pages, a file
// that is no backup and a missing file are each refused, naming the file, and leave the
// directory empty, so that restoring a good backup into it then works.
TEST_F(StoreTest, RestoreRefusesABackupThatIsCutShortDamagedOrMissing) {
  auto store = create(temp_.path() / "node", clock_);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(write_student(*store, "Иванов").is_ok());
  const auto good = temp_ / "good.backup";
  ASSERT_TRUE(store->backup(good).is_ok());
  std::ifstream in(good, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  ASSERT_GT(bytes.size(), 40'000u);
  auto write_file = [&](const char* name, const std::string& content) {
    std::ofstream(temp_ / name, std::ios::binary) << content;
    return temp_ / name;
  };
  std::string damaged = bytes;  // every record page garbled past the two meta pages
  for (size_t at = 2 * 4096 + 100; at < damaged.size(); at += 7) damaged[at] ^= 0x5a;
  const std::filesystem::path bad[] = {write_file("cut.backup", bytes.substr(0, 30'000)),
                                       write_file("damaged.backup", damaged),
                                       write_file("junk.backup", std::string(50'000, 'x'))};
  const auto dir = temp_ / "restored";
  for (const auto& backup : bad) {
    auto restored = Store::restore(StoreOptions{.dir = dir, .clock = &clock_}, backup);
    ASSERT_FALSE(restored.is_ok()) << backup;
    EXPECT_EQ(restored.status().kind(), Status::Kind::kCorrupt) << restored.status().message();
    EXPECT_NE(restored.status().message().find("the backup " + backup.string()), std::string::npos)
        << restored.status().message();
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << backup;
  }
  auto empty = Store::restore(StoreOptions{.dir = dir}, write_file("empty.backup", ""));
  EXPECT_EQ(empty.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(empty.status().message().find("is empty"), std::string::npos)
      << empty.status().message();
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  auto missing = Store::restore(StoreOptions{.dir = dir}, temp_ / "nothere.backup");
  EXPECT_EQ(missing.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(missing.status().message().find("does not exist"), std::string::npos)
      << missing.status().message();

  // A caller that ignores SIGCHLD cannot learn how the check went: refused, never taken as
  // passed (and never the crash the check is there to keep out of this process).
  auto previous = std::signal(SIGCHLD, SIG_IGN);
  auto unchecked = Store::restore(StoreOptions{.dir = dir, .clock = &clock_}, bad[0]);
  std::signal(SIGCHLD, previous);
  EXPECT_FALSE(unchecked.is_ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  auto restored = Store::restore(StoreOptions{.dir = dir, .clock = &clock_}, good);
  ASSERT_TRUE(restored.is_ok()) << restored.status().message();
  EXPECT_TRUE((*restored)->verify().is_ok());
}

}  // namespace
}  // namespace parta
