// SyncSession between real stores: pairing, convergence of a hub and two schools with a
// distance group mixing their students, scope privacy, resuming after a cut, and the
// channel's security properties seen through a whole session.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>

#include "material_exchange.h"
#include "parta/materials/material_store.h"
#include "parta/storage/scopes.h"
#include "parta/storage/school_records.h"
#include "parta/storage/store.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_plan.h"
#include "parta/sync/sync_session.h"
#include "records.pb.h"
#include "session_link.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::LinkOptions;
using testing::run_link;

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09-21
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

struct Node {
  Node(const std::filesystem::path& dir, std::string_view name, std::string_view role)
      : clock(kNow), identity(Identity::generate()), peers(dir) {
    auto created = Store::create(StoreOptions{.dir = dir, .clock = &clock}, name, role);
    EXPECT_TRUE(created) << created.status().message();
    store = std::move(*created);
    records = std::make_unique<SchoolRecords>(*store, WorkingCalendar({}));
  }
  ManualClock clock;
  Identity identity;
  PeerDirectory peers;
  std::unique_ptr<Store> store;
  std::unique_ptr<SchoolRecords> records;
};

RosterRow student_row(int line, std::string last, std::string first, std::string class_name) {
  RosterRow row;
  row.line = line;
  row.last_name = std::move(last);
  row.first_name = std::move(first);
  row.class_name = *parse_class_name(class_name);
  row.birth_date = *parse_date("2012-03-04");
  row.consent_date = *parse_date("2026-09-01");
  return row;
}

std::set<std::string> student_names(Store& store) {
  std::set<std::string> names;
  EXPECT_TRUE(store.read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](std::string_view, std::string_view value) {
      records::Student student;
      student.ParseFromArray(value.data(), static_cast<int>(value.size()));
      names.insert(student.last_name());
      return true;
    });
  }).is_ok());
  return names;
}

// Keys of the students a node holds.
std::vector<std::string> students_of(Node& node) {
  std::vector<std::string> keys;
  EXPECT_TRUE(node.store->read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](std::string_view key, std::string_view) {
      keys.emplace_back(key);
      return true;
    });
  }).is_ok());
  return keys;
}

size_t count_records(Store& store, RecordType type) {
  size_t count = 0;
  EXPECT_TRUE(store.read([&](const ReadView& view) {
    return view.for_each(type, "", [&](std::string_view, std::string_view) {
      ++count;
      return true;
    });
  }).is_ok());
  return count;
}

class SyncSessionTest : public ::testing::Test {
 protected:
  SyncSessionTest()
      : hub(dir / "hub", "Базовая школа №1", "hub"),
        school_a(dir / "a", "Школа с. Ивановка", "school"),
        school_b(dir / "b", "Школа с. Петровка", "school") {}

  // Pairs `school` with the hub through an invite, as `parta invite` / `parta pair` do.
  Peer pair(Node& school) {
    auto invite = hub.peers.issue_invite(hub.store->node(), hub.identity.public_key(),
                                         "127.0.0.1:7420", kNow, kDayMs);
    EXPECT_TRUE(invite) << invite.status().message();
    auto client = SyncSession::pairing_client(*school.store, school.identity, *invite);
    auto server = SyncSession::server(*hub.store, hub.identity, hub.peers);
    run_link(*client, *server);
    EXPECT_TRUE(client->outcome().is_ok()) << client->outcome().message();
    EXPECT_TRUE(server->outcome().is_ok()) << server->outcome().message();
    EXPECT_TRUE(school.peers.add(*client->peer()).is_ok());
    return *client->peer();
  }

  struct Synced {
    std::unique_ptr<SyncSession> client, server;
    testing::LinkRun link;
  };
  Synced sync(Node& school, const Peer& hub_peer, LinkOptions link = {},
              SyncSessionOptions options = {}) {
    Synced synced;
    synced.client = SyncSession::client(*school.store, school.identity, hub_peer, options);
    synced.server = SyncSession::server(*hub.store, hub.identity, hub.peers, options);
    synced.link = run_link(*synced.client, *synced.server, link);
    return synced;
  }

  void import(Node& school, std::vector<RosterRow> rows) {
    auto imported = school.records->import_roster(rows, "завуч");
    ASSERT_TRUE(imported) << imported.status().message();
  }

  testing::TempDir dir;
  Node hub, school_a, school_b;
};

TEST_F(SyncSessionTest, HubAndTwoSchoolsConvergeAndNoSchoolSeesAnothersStudents) {
  Peer hub_for_a = pair(school_a);
  Peer hub_for_b = pair(school_b);
  import(school_a, {student_row(2, "Ёлкина", "Алёна", "7А"), student_row(3, "Иванов", "Йосиф", "7А")});
  import(school_b, {student_row(2, "Петров-Водкин", "Кузьма", "7Б")});

  for (Node* school : {&school_a, &school_b}) {
    auto synced = sync(*school, school == &school_a ? hub_for_a : hub_for_b);
    ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
    ASSERT_TRUE(synced.server->outcome().is_ok()) << synced.server->outcome().message();
  }
  EXPECT_EQ(student_names(*hub.store),
            (std::set<std::string>{"Ёлкина", "Иванов", "Петров-Водкин"}));

  // The hub makes a distance group mixing both schools' students, sets a task, marks it.
  auto group = hub.records->add_group("Физика (дистанционно)", true, 7);
  ASSERT_TRUE(group);
  std::vector<RecordKey> students;
  ASSERT_TRUE(hub.store->read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](std::string_view key, std::string_view) {
      students.push_back(*RecordKey::from_bytes(key));
      return true;
    });
  }).is_ok());
  ASSERT_TRUE(hub.records->enrol(*group, students).is_ok());
  AssignmentSpec spec{.group = *group, .subject = "Физика", .title = "Плотность вещества",
                      .body = "Найдите плотность «ёлочной» игрушки.",
                      .issue_date = *parse_date("2026-09-21"),
                      .due_date = *parse_date("2026-09-25")};
  auto assignment = hub.records->add_assignment(spec);
  ASSERT_TRUE(assignment) << assignment.status().message();
  for (const RecordKey& student : students) {
    auto result = hub.records->record_result(
        {.student = student, .assignment = *assignment, .score = 5, .review_text = "Отлично"});
    ASSERT_TRUE(result) << result.status().message();
  }

  for (Node* school : {&school_a, &school_b}) {
    auto synced = sync(*school, school == &school_a ? hub_for_a : hub_for_b);
    ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
  }
  EXPECT_EQ(student_names(*school_a.store), (std::set<std::string>{"Ёлкина", "Иванов"}));
  EXPECT_EQ(student_names(*school_b.store), (std::set<std::string>{"Петров-Водкин"}));
  EXPECT_EQ(count_records(*school_a.store, RecordType::kAssignment), 1u);
  EXPECT_EQ(count_records(*school_b.store, RecordType::kAssignment), 1u);
  EXPECT_EQ(count_records(*school_a.store, RecordType::kReview), 2u);
  EXPECT_EQ(count_records(*school_b.store, RecordType::kReview), 1u);
  EXPECT_EQ(count_records(*school_a.store, RecordType::kEnrolment), 2u);
  // School A never holds anything in school B's scope.
  ASSERT_TRUE(school_a.store->read([&](const ReadView& view) {
    auto vector = view.version_vector();
    for (const VersionEntry& entry : *vector) {
      EXPECT_NE(entry.scope, school_scope(school_b.store->node().school));
    }
    return Status::ok();
  }).is_ok());

  // In step: a second round moves no ops.
  auto again = sync(school_a, hub_for_a);
  ASSERT_TRUE(again.client->outcome().is_ok());
  EXPECT_EQ(again.client->stats().ops_sent, 0u);
  EXPECT_EQ(again.client->stats().ops_received, 0u);
  EXPECT_TRUE(hub.store->verify().is_ok());
  EXPECT_TRUE(school_a.store->verify().is_ok());
}

TEST_F(SyncSessionTest, ACutMidBatchResumesWithNothingLostOrRepeated) {
  Peer hub_for_a = pair(school_a);
  std::vector<RosterRow> rows;
  for (int i = 0; i < 300; ++i) {
    rows.push_back(student_row(i + 2, "Ученик" + std::to_string(i), "Имя", "5А"));
  }
  import(school_a, rows);
  SyncSessionOptions small_batches;
  small_batches.batch_ops_max = 50;

  uint64_t total_ops = 0;
  ASSERT_TRUE(school_a.store->read([&](const ReadView& view) {
    auto vector = view.version_vector();
    for (const VersionEntry& entry : *vector) {
      total_ops += *view.count_scoped_ops(entry.scope, entry.origin, 1, entry.seq);
    }
    return Status::ok();
  }).is_ok());
  ASSERT_GT(total_ops, 600u);

  // A link that drops every 1500 bytes: each session gets past the handshake and the vectors
  // and part of a batch, then is cut; the next one resumes.
  uint64_t applied = 0;
  int cut_sessions = 0;
  for (;; ++cut_sessions) {
    ASSERT_LT(cut_sessions, 200);
    auto synced = sync(school_a, hub_for_a, LinkOptions{.cut_after_bytes = 1'500}, small_batches);
    applied += synced.server->stats().ops_received;
    if (!synced.link.cut) {
      ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
      break;
    }
    EXPECT_EQ(synced.client->outcome().kind(), Status::Kind::kIO)
        << synced.client->outcome().message();
    EXPECT_FALSE(synced.server->outcome().is_ok());
  }
  EXPECT_GE(cut_sessions, 3);
  // Every op was applied exactly once across the sessions: what a cut session applied was
  // not sent again, and what it lost in flight was never applied.
  EXPECT_EQ(applied, total_ops);
  EXPECT_EQ(count_records(*hub.store, RecordType::kStudent), 300u);
  EXPECT_TRUE(hub.store->verify().is_ok());
}

TEST_F(SyncSessionTest, AnUnpairedSchoolIsRefusedAndNothingIsApplied) {
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  Peer hub_peer{.name = "hub", .role = "hub", .key = hub.identity.public_key(),
                .address = "127.0.0.1:7420", .school = hub.store->node().school};
  auto synced = sync(school_a, hub_peer);
  EXPECT_EQ(synced.client->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(synced.client->outcome().message().find("not paired"), std::string::npos)
      << synced.client->outcome().message();
  EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kRefused);
  EXPECT_EQ(count_records(*hub.store, RecordType::kStudent), 0u);
}

TEST_F(SyncSessionTest, AWrongHubKeyIsRefusedByTheSchool) {
  pair(school_a);
  Peer impostor{.name = "hub", .role = "hub", .key = Identity::generate().public_key(),
                .address = "127.0.0.1:7420", .school = hub.store->node().school};
  auto synced = sync(school_a, impostor);
  EXPECT_EQ(synced.client->outcome().kind(), Status::Kind::kRefused)
      << synced.client->outcome().message();
}

TEST_F(SyncSessionTest, AFlippedByteEndsTheSessionAndAppliesNothingFromThatFrame) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  // The school's third write is its Announce, its one batch and Done: the middle is the batch.
  auto synced = sync(school_a, hub_for_a, LinkOptions{.flip_client_write = 2});
  EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kCorrupt)
      << synced.server->outcome().message();
  EXPECT_FALSE(synced.client->outcome().is_ok());
  EXPECT_EQ(count_records(*hub.store, RecordType::kStudent), 0u);
}

TEST_F(SyncSessionTest, AReplayedSessionAppliesNothing) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  // Record a whole real session...
  auto recorded = sync(school_a, hub_for_a);
  ASSERT_TRUE(recorded.client->outcome().is_ok());
  // ...and replay the school's bytes to the hub whole: its ephemeral key is new, so the
  // recorded ClientAuth signature does not verify and nothing is applied.
  auto server = SyncSession::server(*hub.store, hub.identity, hub.peers);
  server->start(kNow);
  (void)server->take_output();
  const size_t students_before = count_records(*hub.store, RecordType::kStudent);
  uint64_t applied_before = server->stats().ops_received;
  server->receive(recorded.link.client_to_server, kNow);
  EXPECT_TRUE(server->done());
  EXPECT_FALSE(server->outcome().is_ok());
  EXPECT_EQ(server->stats().ops_received, applied_before);
  EXPECT_EQ(count_records(*hub.store, RecordType::kStudent), students_before);
}

TEST_F(SyncSessionTest, AStreamCutBeforeItsFinalFrameIsReportedAsCut) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  // Two sessions in step are the same size; the school's last bytes are its final frame.
  auto whole = sync(school_a, hub_for_a);
  ASSERT_TRUE(whole.client->outcome().is_ok());
  auto truncated = sync(school_a, hub_for_a,
                        LinkOptions{.cut_client_to_server_after_bytes =
                                        whole.link.bytes_client_to_server - 1});
  EXPECT_TRUE(truncated.link.cut);
  EXPECT_EQ(truncated.server->outcome().kind(), Status::Kind::kIO)
      << truncated.server->outcome().message();
  // The school had everything confirmed (the hub's Done and every ack) before its final frame.
  EXPECT_TRUE(truncated.client->outcome().is_ok()) << truncated.client->outcome().message();

  // A cut before the hub's Done arrives leaves the school short of being in step.
  auto early = sync(school_a, hub_for_a,
                    LinkOptions{.cut_server_to_client_after_bytes =
                                    whole.link.bytes_server_to_client / 2});
  EXPECT_EQ(early.client->outcome().kind(), Status::Kind::kIO) << early.client->outcome().message();
}

TEST_F(SyncSessionTest, TheSchoolDoesNotWaitForTheHubsFinalFrame) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  // Two sessions in step are the same size; the hub's last bytes are its final frame.
  auto whole = sync(school_a, hub_for_a);
  ASSERT_TRUE(whole.client->outcome().is_ok());
  // The hub's last byte never arrives: both sides are in step all the same, so a school
  // reports its sync complete one round trip sooner, and the hub has its final frame.
  auto last_byte_lost = sync(school_a, hub_for_a,
                             LinkOptions{.cut_server_to_client_after_bytes =
                                             whole.link.bytes_server_to_client - 1});
  EXPECT_TRUE(last_byte_lost.link.cut);
  EXPECT_TRUE(last_byte_lost.client->outcome().is_ok())
      << last_byte_lost.client->outcome().message();
  EXPECT_TRUE(last_byte_lost.server->outcome().is_ok())
      << last_byte_lost.server->outcome().message();
}

TEST_F(SyncSessionTest, AReusedOrExpiredInviteIsRefused) {
  auto invite = hub.peers.issue_invite(hub.store->node(), hub.identity.public_key(),
                                       "127.0.0.1:7420", kNow, kDayMs);
  ASSERT_TRUE(invite);
  auto first = SyncSession::pairing_client(*school_a.store, school_a.identity, *invite);
  auto server = SyncSession::server(*hub.store, hub.identity, hub.peers);
  run_link(*first, *server);
  ASSERT_TRUE(first->outcome().is_ok()) << first->outcome().message();

  auto reuse = SyncSession::pairing_client(*school_b.store, school_b.identity, *invite);
  auto server2 = SyncSession::server(*hub.store, hub.identity, hub.peers);
  run_link(*reuse, *server2);
  EXPECT_EQ(reuse->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(reuse->outcome().message().find("already used"), std::string::npos)
      << reuse->outcome().message();

  auto expiring = hub.peers.issue_invite(hub.store->node(), hub.identity.public_key(),
                                         "127.0.0.1:7420", kNow, kDayMs);
  ASSERT_TRUE(expiring);
  hub.clock.advance(2 * kDayMs);
  auto late = SyncSession::pairing_client(*school_b.store, school_b.identity, *expiring);
  auto server3 = SyncSession::server(*hub.store, hub.identity, hub.peers);
  run_link(*late, *server3);
  EXPECT_EQ(late->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(late->outcome().message().find("expired"), std::string::npos)
      << late->outcome().message();
}

TEST_F(SyncSessionTest, ASchoolWritingInAnotherSchoolsScopeIsRefused) {
  Peer hub_for_a = pair(school_a);
  const std::string foreign = school_scope(school_b.store->node().school);
  ASSERT_TRUE(school_a.store->write([&](WriteTxn& txn) {
    records::Student student;
    student.set_last_name("Чужой");
    return txn.put(RecordType::kStudent, txn.new_key().bytes(), student, foreign);
  }).is_ok());
  auto synced = sync(school_a, hub_for_a);
  EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(synced.client->outcome().message().find("not in the school's own scope"),
            std::string::npos)
      << synced.client->outcome().message();
  EXPECT_EQ(count_records(*hub.store, RecordType::kStudent), 0u);
}

// School B, paired and honest so far, tries to take what is school A's.
TEST_F(SyncSessionTest, ASchoolCannotTakeOverAnotherSchoolsStudent) {
  Peer hub_for_a = pair(school_a);
  Peer hub_for_b = pair(school_b);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  import(school_b, {student_row(2, "Петров", "Пётр", "7Б")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  ASSERT_TRUE(sync(school_b, hub_for_b).client->outcome().is_ok());
  const std::string b_scope = school_scope(school_b.store->node().school);
  const std::string a_student = students_of(school_a).front();

  auto attempt = [&](const std::function<Status(WriteTxn&)>& write) {
    ASSERT_TRUE(school_b.store->write(write).is_ok());
    auto synced = sync(school_b, hub_for_b);
    EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kRefused);
    EXPECT_NE(synced.client->outcome().message().find("refuses"), std::string::npos)
        << synced.client->outcome().message();
  };
  // A's student, written in B's scope and given to B.
  attempt([&](WriteTxn& txn) {
    records::Student stolen;
    stolen.set_last_name("ПОДМЕНА");
    stolen.set_home_school(school_b.store->node().school.to_string());
    return txn.put(RecordType::kStudent, a_student, stolen, b_scope);
  });
  records::Student at_hub;
  ASSERT_TRUE(hub.store->read([&](const ReadView& view) {
    return view.get(RecordType::kStudent, a_student, &at_hub);
  }).is_ok());
  EXPECT_EQ(at_hub.last_name(), "Иванов");
  EXPECT_EQ(at_hub.home_school(), school_a.store->node().school.to_string());
}

TEST_F(SyncSessionTest, ASchoolCannotWriteAPaperPacketForAnotherSchoolsStudent) {
  Peer hub_for_a = pair(school_a);
  Peer hub_for_b = pair(school_b);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  const std::string a_student = students_of(school_a).front();
  ASSERT_TRUE(school_b.store->write([&](WriteTxn& txn) {
    records::Packet packet;
    packet.set_student(a_student);
    packet.set_code("K7MX3HTA");
    return txn.put(RecordType::kPacket, txn.new_key().bytes(), packet,
                   school_scope(school_b.store->node().school));
  }).is_ok());
  auto synced = sync(school_b, hub_for_b);
  EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(synced.client->outcome().message().find("another school's student"),
            std::string::npos)
      << synced.client->outcome().message();
  EXPECT_EQ(count_records(*hub.store, RecordType::kPacket), 0u);
}

TEST_F(SyncSessionTest, ASchoolCannotEnrolItsStudentInAnotherSchoolsClass) {
  Peer hub_for_a = pair(school_a);
  Peer hub_for_b = pair(school_b);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  import(school_b, {student_row(2, "Петров", "Пётр", "7Б")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  auto a_class = school_a.records->find_group("7А");
  ASSERT_TRUE(a_class);
  const std::string b_student = students_of(school_b).front();
  ASSERT_TRUE(school_b.store->write([&](WriteTxn& txn) {
    records::Enrolment enrolment;
    enrolment.set_group(a_class->to_string());
    enrolment.set_student(b_student);
    return txn.put(RecordType::kEnrolment, a_class->to_string() + b_student, enrolment,
                   school_scope(school_b.store->node().school));
  }).is_ok());
  auto synced = sync(school_b, hub_for_b);
  EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(synced.client->outcome().message().find("another school's class"), std::string::npos)
      << synced.client->outcome().message();
  EXPECT_EQ(count_records(*hub.store, RecordType::kEnrolment), 0u);
  EXPECT_EQ(count_records(*school_b.store, RecordType::kAssignment), 0u);
}

TEST_F(SyncSessionTest, ASchoolCannotForgeOpsOfAnotherNode) {
  Peer hub_for_a = pair(school_a);
  Peer hub_for_b = pair(school_b);
  import(school_b, {student_row(2, "Петров", "Пётр", "7Б")});
  ASSERT_TRUE(sync(school_b, hub_for_b).client->outcome().is_ok());
  // An op numbered as school A's next one, slipped into B's store as if A had written it.
  oplog::Op forged;
  forged.set_origin(school_a.store->node().origin);
  forged.set_seq(1000);
  forged.set_hlc(uint64_t{kNow} << 16);
  forged.set_scope(school_scope(school_b.store->node().school));
  forged.set_record_type(static_cast<uint32_t>(RecordType::kTeacher));
  forged.set_key(RecordKey(school_a.store->node().origin, 999).to_string());
  records::Teacher teacher;
  teacher.set_last_name("Подделкин");
  forged.set_value(teacher.SerializeAsString());
  forged.add_fields(1);
  ASSERT_TRUE(school_b.store->apply_remote({&forged, 1}).is_ok());
  auto synced = sync(school_b, hub_for_b);
  EXPECT_EQ(synced.server->outcome().kind(), Status::Kind::kRefused);
  EXPECT_NE(synced.client->outcome().message().find("another node"), std::string::npos)
      << synced.client->outcome().message();
  EXPECT_EQ(count_records(*hub.store, RecordType::kTeacher), 0u);
}

TEST_F(SyncSessionTest, ASchoolsNewDistanceGroupSyncsBeforeAnyoneIsEnrolled) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  auto group = school_a.records->add_group("Кружок робототехники", true, 7);
  ASSERT_TRUE(group) << group.status().message();
  // Its enrolment travels in the school's scope, before the group's own record.
  ASSERT_TRUE(school_a.records->enrol(*group, *RecordKey::from_bytes(students_of(school_a).front()))
                  .is_ok());
  AssignmentSpec spec{.group = *group, .subject = "Технология", .title = "Сборка робота",
                      .issue_date = *parse_date("2026-09-21"),
                      .due_date = *parse_date("2026-09-28")};
  ASSERT_TRUE(school_a.records->add_assignment(spec));
  auto synced = sync(school_a, hub_for_a);
  ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
  EXPECT_EQ(count_records(*hub.store, RecordType::kAssignment), 1u);
}

TEST_F(SyncSessionTest, AStudentLeavingADistanceGroupLeavesTheSchoolInStep) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  auto group = hub.records->add_group("Астрономия", true, 7);
  ASSERT_TRUE(group);
  const std::string student = students_of(school_a).front();
  const RecordKey student_key = *RecordKey::from_bytes(student);
  ASSERT_TRUE(hub.records->enrol(*group, student_key).is_ok());
  AssignmentSpec spec{.group = *group, .subject = "Астрономия", .title = "Фазы Луны",
                      .issue_date = *parse_date("2026-09-21"),
                      .due_date = *parse_date("2026-09-28")};
  ASSERT_TRUE(hub.records->add_assignment(spec));
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  ASSERT_EQ(count_records(*school_a.store, RecordType::kAssignment), 1u);
  // The student leaves the group: the hub no longer lists its scope to the school, which
  // keeps what it has and must neither resend it nor be refused for it.
  ASSERT_TRUE(hub.store->write([&](WriteTxn& txn) {
    return txn.erase(RecordType::kEnrolment, group->to_string() + student,
                     school_scope(school_a.store->node().school));
  }).is_ok());
  for (int round = 0; round < 2; ++round) {
    auto synced = sync(school_a, hub_for_a);
    ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
    EXPECT_EQ(synced.client->stats().ops_sent, 0u);
  }
}

TEST_F(SyncSessionTest, ASchoolWhoseClockJumpsBackADayStillSyncs) {
  Peer hub_for_a = pair(school_a);
  import(school_a, {student_row(2, "Иванов", "Иван", "7А")});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  school_a.clock.advance(-kDayMs);
  RecordKey student;
  ASSERT_TRUE(school_a.store->read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](std::string_view key, std::string_view) {
      student = *RecordKey::from_bytes(key);
      return false;
    });
  }).is_ok());
  ASSERT_TRUE(school_a.records->mark_attendance(student, *parse_date("2026-09-20"),
                                                AttendanceStatus::kIll).is_ok());
  auto synced = sync(school_a, hub_for_a);
  ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
  EXPECT_EQ(synced.server->stats().ops_received, 1u);
  EXPECT_EQ(count_records(*hub.store, RecordType::kAttendance), 1u);
}

TEST_F(SyncSessionTest, AQuietLinkTimesOut) {
  Peer hub_for_a = pair(school_a);
  auto client = SyncSession::client(*school_a.store, school_a.identity, hub_for_a);
  client->start(kNow);
  (void)client->take_output();  // lost: the hub never answers
  ASSERT_TRUE(client->deadline_ms());
  client->on_timer(*client->deadline_ms());
  EXPECT_TRUE(client->done());
  EXPECT_EQ(client->outcome().kind(), Status::Kind::kIO);
  EXPECT_NE(client->outcome().message().find("handshake"), std::string::npos);
}


// ---- Task materials (docs/sync-protocol.md, "Materials") ----

std::string random_bytes(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random());
  return bytes;
}

// What `parta material add` does: the files go into git first, then the assignment names the
// new commit in one op of its group's scope.
std::string add_materials(Node& node, const RecordKey& assignment, const RecordKey& group,
                          std::vector<MaterialFile> files) {
  auto materials = MaterialStore::open(node.store->dir());
  EXPECT_TRUE(materials) << materials.status().message();
  auto commit = (*materials)->add_files(
      assignment_materials_ref(node.records->id_text(RecordType::kAssignment, assignment)), files,
      kMaterialFileBytesMaxDefault);
  EXPECT_TRUE(commit) << commit.status().message();
  records::Assignment update;
  update.add_material_refs(*commit);
  const uint32_t fields[] = {records::Assignment::kMaterialRefsFieldNumber};
  EXPECT_TRUE(node.store->write([&](WriteTxn& txn) {
    return txn.put_fields(RecordType::kAssignment, assignment.bytes(), update, fields,
                          group_scope(group));
  }).is_ok());
  return *commit;
}

std::optional<std::vector<MaterialFile>> materials_held(Node& node, const std::string& commit) {
  auto materials = MaterialStore::open(node.store->dir());
  EXPECT_TRUE(materials) << materials.status().message();
  auto files = (*materials)->read_files(commit);
  if (!files) return std::nullopt;
  return *files;
}

class MaterialSyncTest : public SyncSessionTest {
 protected:
  void SetUp() override {
    hub_for_a = pair(school_a);
    hub_for_b = pair(school_b);
    import(school_a, {student_row(2, "Ёлкина", "Майя", "7А")});
    import(school_b, {student_row(2, "Петров-Водкин", "Кузьма", "7Б")});
    for (Node* school : {&school_a, &school_b}) {
      ASSERT_TRUE(sync(*school, school == &school_a ? hub_for_a : hub_for_b).client->outcome().is_ok());
    }
    // A distance group of the hub that only school A's student attends.
    auto group = hub.records->add_group("Астрономия (дистанционно)", true, 7);
    ASSERT_TRUE(group);
    distance_group = *group;
    std::vector<RecordKey> a_students;
    ASSERT_TRUE(hub.store->read([&](const ReadView& view) {
      return view.for_each(RecordType::kStudent, "", [&](std::string_view key, std::string_view value) {
        records::Student student;
        student.ParseFromArray(value.data(), static_cast<int>(value.size()));
        if (student.last_name() == "Ёлкина") a_students.push_back(*RecordKey::from_bytes(key));
        return true;
      });
    }).is_ok());
    ASSERT_EQ(a_students.size(), 1u);
    ASSERT_TRUE(hub.records->enrol(distance_group, a_students).is_ok());
    auto assignment = hub.records->add_assignment(
        {.group = distance_group, .subject = "Астрономия", .title = "Фазы Луны",
         .issue_date = *parse_date("2026-09-21"), .due_date = *parse_date("2026-09-28")});
    ASSERT_TRUE(assignment);
    hub_assignment = *assignment;
  }

  Peer hub_for_a, hub_for_b;
  RecordKey distance_group;
  RecordKey hub_assignment;
};

TEST_F(MaterialSyncTest, MaterialsReachTheSchoolsThatTeachThemAndARevisionCostsItsDelta) {
  const std::vector<MaterialFile> first = {{"Фазы Луны.pdf", random_bytes(300'000, 1)},
                                           {"схема.png", random_bytes(40'000, 2)}};
  const std::string commit = add_materials(hub, hub_assignment, distance_group, first);

  auto to_a = sync(school_a, hub_for_a);
  ASSERT_TRUE(to_a.client->outcome().is_ok()) << to_a.client->outcome().message();
  EXPECT_EQ(to_a.client->stats().packs_received, 1u);
  EXPECT_EQ(materials_held(school_a, commit), first);
  // School B teaches nobody in the distance group: neither the task nor its files reach it.
  auto to_b = sync(school_b, hub_for_b);
  ASSERT_TRUE(to_b.client->outcome().is_ok()) << to_b.client->outcome().message();
  EXPECT_EQ(to_b.client->stats().pack_bytes_received, 0u);
  EXPECT_FALSE(materials_held(school_b, commit).has_value());

  // A revised worksheet (one page changed) costs about its change, not its size.
  std::vector<MaterialFile> revised = first;
  revised[0].bytes.replace(150'000, 3'000, random_bytes(3'000, 3));
  const std::string second =
      add_materials(hub, hub_assignment, distance_group, {revised[0]});
  auto again = sync(school_a, hub_for_a);
  ASSERT_TRUE(again.client->outcome().is_ok()) << again.client->outcome().message();
  EXPECT_EQ(materials_held(school_a, second), revised);
  EXPECT_LT(again.client->stats().pack_bytes_received, 10'000u)
      << "a 3,000-byte change of a 300,000-byte file";
  // In step: nothing more moves.
  auto quiet = sync(school_a, hub_for_a);
  ASSERT_TRUE(quiet.client->outcome().is_ok());
  EXPECT_EQ(quiet.client->stats().pack_bytes_received + quiet.server->stats().pack_bytes_received,
            0u);
}

TEST_F(MaterialSyncTest, ASchoolsOwnMaterialsAndAudioReviewsReachTheHub) {
  auto group = school_a.records->find_group("7А");
  ASSERT_TRUE(group);
  auto assignment = school_a.records->add_assignment(
      {.group = *group, .subject = "Литература", .title = "«Ёлка» Чехова",
       .issue_date = *parse_date("2026-09-21"), .due_date = *parse_date("2026-09-28")});
  ASSERT_TRUE(assignment);
  const std::vector<MaterialFile> files = {{"текст.txt", "Ёлка — рассказ."}};
  const std::string commit = add_materials(school_a, *assignment, *group, files);
  // An audio review, stored as `parta result record --audio` stores it.
  std::vector<RecordKey> students;
  ASSERT_TRUE(school_a.store->read([&](const ReadView& view) {
    return view.for_each(RecordType::kStudent, "", [&](std::string_view key, std::string_view) {
      students.push_back(*RecordKey::from_bytes(key));
      return true;
    });
  }).is_ok());
  ASSERT_EQ(students.size(), 1u);
  auto materials = MaterialStore::open(school_a.store->dir());
  ASSERT_TRUE(materials);
  const std::vector<MaterialFile> audio = {{"отзыв.ogg", random_bytes(20'000, 4)}};
  auto audio_commit = (*materials)->replace_files(
      review_audio_ref(school_a.records->id_text(RecordType::kAssignment, *assignment),
                       school_a.records->id_text(RecordType::kStudent, students[0])),
      audio, kAudioFileBytesMaxDefault);
  ASSERT_TRUE(audio_commit);
  ASSERT_TRUE(school_a.records->record_result({.student = students[0], .assignment = *assignment,
                                               .score = 5, .audio_ref = *audio_commit}));

  auto synced = sync(school_a, hub_for_a);
  ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
  EXPECT_EQ(synced.server->stats().packs_received, 2u);
  EXPECT_EQ(materials_held(hub, commit), files);
  EXPECT_EQ(materials_held(hub, *audio_commit), audio);
}

TEST_F(MaterialSyncTest, ACutPackResumesAndAPackThatFailsVerificationIsRefused) {
  const std::vector<MaterialFile> files = {{"атлас.pdf", random_bytes(200'000, 5)}};
  const std::string commit = add_materials(hub, hub_assignment, distance_group, files);

  // The link breaks about half-way through the pack.
  auto cut = sync(school_a, hub_for_a, LinkOptions{.cut_server_to_client_after_bytes = 110'000});
  ASSERT_FALSE(cut.client->outcome().is_ok());
  const uint64_t first_part = cut.client->stats().pack_bytes_received;
  EXPECT_GT(first_part, 50'000u);
  EXPECT_FALSE(materials_held(school_a, commit).has_value());

  // The next session asks for the rest only: at most one part is sent again.
  auto rest = sync(school_a, hub_for_a);
  ASSERT_TRUE(rest.client->outcome().is_ok()) << rest.client->outcome().message();
  EXPECT_EQ(materials_held(school_a, commit), files);
  auto hub_materials = MaterialStore::open(hub.store->dir());
  ASSERT_TRUE(hub_materials);
  const std::string wanted[] = {commit};
  auto pack = (*hub_materials)->build_pack(wanted, {});
  ASSERT_TRUE(pack);
  EXPECT_GE(first_part + rest.client->stats().pack_bytes_received, pack->size());
  EXPECT_LE(first_part + rest.client->stats().pack_bytes_received, pack->size() + 16 * 1024)
      << "bytes already received were sent again";
  EXPECT_LT(rest.client->stats().pack_bytes_received, pack->size() - 50'000);

  // A pack that fails verification (here: a kept half damaged on disk) is refused whole: the
  // ref does not move, the damaged copy is dropped, and the next session starts afresh.
  const std::vector<MaterialFile> revised = {{"атлас.pdf", random_bytes(200'000, 6)}};
  const std::string second = add_materials(hub, hub_assignment, distance_group, revised);
  cut = sync(school_a, hub_for_a, LinkOptions{.cut_server_to_client_after_bytes = 110'000});
  ASSERT_FALSE(cut.client->outcome().is_ok());
  const auto kept = school_a.store->dir() / "materials-incoming" / (second + ".pack.part");
  ASSERT_TRUE(std::filesystem::exists(kept));
  {
    std::fstream file(kept, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(40'000);
    file.put('\x5a');
  }
  auto refused = sync(school_a, hub_for_a);
  EXPECT_EQ(refused.client->outcome().kind(), Status::Kind::kCorrupt)
      << refused.client->outcome().message();
  EXPECT_FALSE(materials_held(school_a, second).has_value());
  EXPECT_FALSE(std::filesystem::exists(kept));
  auto materials = MaterialStore::open(school_a.store->dir());
  auto ref = (*materials)->ref_commit(
      assignment_materials_ref(school_a.records->id_text(RecordType::kAssignment, hub_assignment)));
  ASSERT_TRUE(ref);
  EXPECT_EQ(*ref, std::optional<std::string>(commit)) << "the ref stays on the verified version";
  auto healed = sync(school_a, hub_for_a);
  ASSERT_TRUE(healed.client->outcome().is_ok()) << healed.client->outcome().message();
  EXPECT_EQ(materials_held(school_a, second), revised);
}

TEST_F(MaterialSyncTest, AHubServesASchoolOnlyMaterialsItsScopesName) {
  const std::string commit = add_materials(hub, hub_assignment, distance_group,
                                           {{"карта.pdf", random_bytes(5'000, 7)}});
  std::optional<std::vector<std::string>> b_scopes;
  ASSERT_TRUE(hub.store->read([&](const ReadView& view) {
    auto b = hub.peers.find_by_key(school_b.identity.public_key());
    if (!b) return b.status();
    auto scopes = scopes_peer_may_receive(view, **b);
    if (!scopes) return scopes.status();
    b_scopes = std::move(*scopes);
    std::sort(b_scopes->begin(), b_scopes->end());
    return Status::ok();
  }).is_ok());
  ASSERT_TRUE(b_scopes.has_value());
  // School B learnt the commit id somehow and asks for it: refused, nothing served.
  MaterialExchange for_b(*hub.store, b_scopes);
  wire::MaterialWants wants;
  wants.add_wants()->set_commit(commit);
  Status taken = for_b.take_peer_wants(wants);
  EXPECT_EQ(taken.kind(), Status::Kind::kRefused) << taken.message();
  auto part = for_b.next_part();
  ASSERT_TRUE(part);
  EXPECT_FALSE(part->has_value());
}

TEST_F(MaterialSyncTest, MaterialsNotYetAtTheHubDoNotStopTheSessionAndARefCatchesUp) {
  // A record names a commit the hub does not hold (its upload from elsewhere was cut).
  const std::string missing(40, 'a');
  records::Assignment update;
  update.add_material_refs(missing);
  const uint32_t fields[] = {records::Assignment::kMaterialRefsFieldNumber};
  ASSERT_TRUE(hub.store->write([&](WriteTxn& txn) {
    return txn.put_fields(RecordType::kAssignment, hub_assignment.bytes(), update, fields,
                          group_scope(distance_group));
  }).is_ok());
  for (int session = 0; session < 2; ++session) {
    auto synced = sync(school_a, hub_for_a);
    ASSERT_TRUE(synced.client->outcome().is_ok()) << synced.client->outcome().message();
    ASSERT_TRUE(synced.server->outcome().is_ok()) << synced.server->outcome().message();
    EXPECT_FALSE(materials_held(school_a, missing).has_value());
  }

  // Then the real files come; the school's ref is later left behind its record (as if the
  // process died between indexing a pack and moving the ref): the next session moves it.
  const std::vector<MaterialFile> first = {{"лист.txt", "Версия 1"}};
  const std::string v1 = add_materials(hub, hub_assignment, distance_group, first);
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  const std::string v2 = add_materials(hub, hub_assignment, distance_group, {{"лист.txt", "Версия 2"}});
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  auto materials = MaterialStore::open(school_a.store->dir());
  ASSERT_TRUE(materials);
  const std::string ref =
      assignment_materials_ref(school_a.records->id_text(RecordType::kAssignment, hub_assignment));
  ASSERT_TRUE((*materials)->set_ref(ref, v1).is_ok());
  ASSERT_TRUE(sync(school_a, hub_for_a).client->outcome().is_ok());
  auto tip = (*materials)->ref_commit(ref);
  ASSERT_TRUE(tip);
  EXPECT_EQ(*tip, std::optional<std::string>(v2));
}

}  // namespace
}  // namespace parta
