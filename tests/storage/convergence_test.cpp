// Convergence property: random ops from three writers, applied to three replicas in random
// orders, in random batches, with duplicates, leave every replica in the same state — records
// (with the values they lend to the op log), indexes, op log and version vector — whatever the
// order. Each seed is printed on failure and
// replays exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "parta/storage/store.h"
#include "records.pb.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

constexpr int64_t kNov2026Ms = 1795000000000;
constexpr int kWritersCount = 3;
constexpr int kSharedKeysCount = 12;  // few keys, so writers collide on the same fields

uint64_t draw(std::mt19937_64& random, uint64_t bound) { return random() % bound; }

// The node id of node `index` (below 255), from the seed: never 0, never another node's.
uint32_t origin_from(std::mt19937_64& random, int index) {
  return static_cast<uint32_t>(random() & 0xffffff00u) | static_cast<uint32_t>(index + 1);
}

// A submission under one of a few keys every writer shares, which it writes once: writers
// collide on the same append-only record, so replicas merge it and take back the value its
// first op lent to the op log (lent_values.h), in whatever order the ops come.
Status random_submission(WriteTxn& txn, std::mt19937_64& random, bool* written) {
  RecordKey key(777, 100 + draw(random, kSharedKeysCount));
  auto exists = txn.exists(RecordType::kSubmission, key.bytes());
  if (!exists) return exists.status();
  if (*exists) return Status::ok();
  records::Submission submission;
  static const char* kAnswers[] = {"42", "Ответ: 12 яблок, потому что 3 · 4 = 12",
                                   "Ответ: Волга впадает в Каспийское море"};
  submission.set_answer(kAnswers[draw(random, 3)]);
  submission.set_channel(draw(random, 2) == 0 ? "online" : "paper");
  *written = true;
  return txn.put(RecordType::kSubmission, key.bytes(), submission, "school:a");
}

// One random local write on `store`: a put of some fields, a delete, or a submission.
Status random_write(Store& store, std::mt19937_64& random) {
  return store.write([&](WriteTxn& txn) -> Status {
    if (draw(random, 4) == 0) {
      bool written = false;
      PARTA_RETURN_IF_ERROR(random_submission(txn, random, &written));
      if (written) return Status::ok();
    }
    RecordKey key(777, 1 + draw(random, kSharedKeysCount));
    std::string scope = draw(random, 2) == 0 ? "school:a" : "school:b";
    if (draw(random, 10) == 0 && txn.exists(RecordType::kStudent, key.bytes()).value()) {
      return txn.erase(RecordType::kStudent, key.bytes(), scope);
    }
    records::Student student;
    static const char* kLastNames[] = {"Иванов", "Ёлкин", "Петров-Водкин", "Смирнов"};
    student.set_last_name(kLastNames[draw(random, 4)]);
    student.set_first_name(draw(random, 2) == 0 ? "Пётр" : "Алёна");
    student.set_birth_date(static_cast<int32_t>(14000 + draw(random, 3)));
    student.set_class_group(RecordKey(1, 1 + draw(random, 3)).to_string());
    std::vector<uint32_t> fields;
    for (uint32_t field : {1u, 2u, 4u, 5u}) {
      if (draw(random, 2) == 0) fields.push_back(field);
    }
    if (fields.empty()) fields.push_back(1);
    return txn.put_fields(RecordType::kStudent, key.bytes(), student, fields, scope);
  });
}

// Everything a replica holds — stored records with their stamps and tombstones, indexes, op
// log, version vector — minus what its own creation wrote (its School record).
std::string visible_state(const Store& store) {
  std::string state;
  uint32_t own = store.node().origin;
  Status status = store.read([&](const ReadView& view) -> Status {
    for (const auto& info : all_record_types()) {
      PARTA_RETURN_IF_ERROR(view.for_each_stored(info.type, [&](auto key, auto value) {
        if (read_u32_be(key) != own) state += std::string(key) + "=" + std::string(value) + ";";
        return true;
      }));
    }
    for (const auto& index : all_indexes()) {
      PARTA_RETURN_IF_ERROR(view.for_each_indexed(index.id, "", [&](auto key, auto value) {
        state += std::string(key) + ">" + std::string(value) + ";";
        return true;
      }));
    }
    auto vector = view.version_vector();
    if (!vector) return vector.status();
    for (const auto& entry : *vector) {
      if (entry.origin == own) continue;
      state += entry.scope + ":" + std::to_string(entry.origin) + "@" + std::to_string(entry.seq);
      PARTA_RETURN_IF_ERROR(view.for_each_op(entry.origin, 1, [&](const oplog::Op& op) {
        state += op.SerializeAsString();
        return true;
      }));
    }
    return Status::ok();
  });
  EXPECT_TRUE(status.is_ok()) << status.message();
  return state;
}

void check_convergence(uint64_t seed) {
  SCOPED_TRACE("replay with seed " + std::to_string(seed));
  std::mt19937_64 random(seed);
  TempDir temp;
  // Writers share one wall clock that stalls and jumps back, so stamps tie and cross.
  ManualClock wall(kNov2026Ms);
  std::vector<oplog::Op> ops;
  for (int writer = 0; writer < kWritersCount; ++writer) {
    auto store = Store::create(StoreOptions{.dir = temp / ("writer" + std::to_string(writer)),
                                            .clock = &wall,
                                            .new_origin = origin_from(random, writer)},
                               "W", "school");
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    for (int i = 0; i < 60; ++i) {
      if (draw(random, 5) == 0) wall.advance(static_cast<int64_t>(draw(random, 3)) - 1);
      ASSERT_TRUE(random_write(**store, random).is_ok());
    }
    ASSERT_TRUE((*store)->read([&](const ReadView& view) {
      return view.for_each_op((*store)->node().origin, 2, [&](const oplog::Op& op) {
        ops.push_back(op);
        return true;
      });
    }).is_ok());
  }
  std::vector<std::string> states;
  for (int replica = 0; replica < 3; ++replica) {
    std::vector<oplog::Op> delivery = ops;
    for (size_t i = 0; i < ops.size() / 4; ++i) delivery.push_back(ops[draw(random, ops.size())]);
    std::shuffle(delivery.begin(), delivery.end(), random);
    auto store =
        Store::create(StoreOptions{.dir = temp / ("replica" + std::to_string(replica)),
                                   .clock = &wall,
                                   .new_origin = origin_from(random, kWritersCount + replica)},
                      "R", "hub");
    ASSERT_TRUE(store.is_ok());
    for (size_t at = 0; at < delivery.size();) {
      size_t batch = std::min<size_t>(1 + draw(random, 20), delivery.size() - at);
      ASSERT_TRUE((*store)->apply_remote({delivery.data() + at, batch}).is_ok());
      at += batch;
    }
    ASSERT_TRUE((*store)->verify().is_ok()) << (*store)->verify().message();
    states.push_back(visible_state(**store));
  }
  EXPECT_FALSE(states[0].empty());
  EXPECT_EQ(states[0], states[1]);
  EXPECT_EQ(states[0], states[2]);
}

TEST(Convergence, RandomOpsInRandomOrdersWithDuplicatesGiveIdenticalReplicas) {
  for (uint64_t seed = 1; seed <= 25; ++seed) check_convergence(seed);
}

}  // namespace
}  // namespace parta
