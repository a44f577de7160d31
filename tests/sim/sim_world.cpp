// The simulated hub and schools; see sim_world.h.
#include "sim_world.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "parta/storage/hlc.h"
#include "parta/storage/local_time.h"
#include "parta/storage/school_records.h"
#include "parta/storage/scopes.h"
#include "parta/storage/store.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_session.h"
#include "records.pb.h"
#include "sim_link.h"

namespace parta::sim {
namespace {

constexpr int64_t kStartWallMs = 1'790'000'000'000;  // 2026-09-21
constexpr int64_t kStepMs = 20;
constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kDayMs = 24 * 60 * kMinute;
constexpr int64_t kSyncIntervalMs = kMinute;
constexpr int64_t kHealMaxMs = 4 * 60 * kMinute;

// Stops a node inside its write transactions, now and then, while faults are on.
class SimWriteFaults final : public WriteFaults {
 public:
  explicit SimWriteFaults(std::mt19937_64& random) : random_(random) {}
  bool crash_at(Point point) override {
    if (!armed || random_() % kOneIn != 0) return false;
    crashed = point;
    return true;
  }
  bool armed = false;
  std::optional<Point> crashed;  // set at the crash point, cleared when the node restarts

 private:
  // About one write in 400: a crash inside a transaction every few simulated minutes.
  static constexpr uint64_t kOneIn = 400;
  std::mt19937_64& random_;
};

struct Node {
  std::filesystem::path dir;
  std::string name;
  std::string role;
  ManualClock clock{kStartWallMs};
  int64_t clock_offset_ms = 0;   // wall clock = start + simulated time + offset (+ drift)
  int64_t drift_ppm = 0;
  Identity identity = Identity::generate();
  std::unique_ptr<PeerDirectory> peers;
  std::unique_ptr<Store> store;
  std::unique_ptr<SchoolRecords> records;
  // School only.
  std::optional<Peer> hub;
  LinkProfile profile;
  std::unique_ptr<SimLink> link;
  int64_t next_dial_ms = 0;
  int64_t backoff_ms = 2 * kSecond;
  int64_t partitioned_until_ms = 0;
  std::optional<int64_t> stall_at_ms;
  int students_made = 0;
  int assignments_made = 0;
  std::unique_ptr<SimWriteFaults> faults;

  Status open() {
    auto opened =
        Store::open(StoreOptions{.dir = dir, .clock = &clock, .write_faults = faults.get()});
    if (!opened) return opened.status();
    store = std::move(*opened);
    records = std::make_unique<SchoolRecords>(*store, WorkingCalendar({}));
    return Status::ok();
  }
  void set_clock(int64_t now_ms) {
    clock.set(kStartWallMs + now_ms + clock_offset_ms + now_ms / 1'000'000 * drift_ppm);
  }
  // The node's local day, as SchoolRecords judges "today" for attendance.
  Date today() const { return local_day_and_seconds(clock.now_unix_ms()).first; }
};

class World {
 public:
  World(const SimOptions& options, const std::filesystem::path& dir)
      : options_(options), dir_(dir), random_(options.seed) {
    // The schools' days are local days (attendance, deadlines): one time zone for every host,
    // so that a seed replays the same run anywhere.
    setenv("TZ", "Europe/Moscow", 1);
    tzset();
  }

  SimReport run() {
    if (Status set_up = set_up_nodes(); !set_up.is_ok()) {
      fail(set_up);
      return report_;
    }
    for (now_ = 0; now_ < options_.duration_ms && report_.ok; now_ += kStepMs) {
      step(/*faults=*/options_.faults, /*writes=*/true);
    }
    if (report_.ok) heal();
    if (report_.ok) check();
    report_.simulated_ms = now_;
    return report_;
  }

 private:
  // ---- Set-up ----

  Status set_up_nodes() {
    hub_ = make_node("hub", "Опорная школа", "hub");
    if (!report_.ok) return Status::ok();
    auto group = hub_->records->add_group("Дистанционная группа", true, 9);
    if (!group) return group.status();
    distance_group_ = *group;
    for (int i = 0; i < options_.schools; ++i) {
      auto school = make_node(fmt::format("school{}", i), fmt::format("Школа №{}", i + 1),
                              "school");
      if (!report_.ok) return Status::ok();
      school->profile.bytes_per_ms = 6.25 + draw(57);          // 50..500 kbit/s
      school->profile.one_way_ms = 10 + static_cast<int64_t>(draw(290));
      school->profile.jitter_ms = static_cast<int64_t>(draw(50));
      school->drift_ppm = static_cast<int64_t>(draw(200)) - 100;
      PARTA_RETURN_IF_ERROR(pair(*school));
      for (int s = 0; s < 4; ++s) PARTA_RETURN_IF_ERROR(add_student(*school));
      school->next_dial_ms = static_cast<int64_t>(draw(kSyncIntervalMs));
      schools_.push_back(std::move(school));
    }
    return Status::ok();
  }

  std::unique_ptr<Node> make_node(const std::string& dir_name, const std::string& name,
                                  const std::string& role) {
    auto node = std::make_unique<Node>();
    node->dir = dir_ / dir_name;
    node->name = name;
    node->role = role;
    node->peers = std::make_unique<PeerDirectory>(node->dir);
    node->faults = std::make_unique<SimWriteFaults>(random_);
    auto created = Store::create(StoreOptions{.dir = node->dir,
                                              .clock = &node->clock,
                                              .write_faults = node->faults.get(),
                                              .new_origin = next_origin()},
                                 name, role);
    if (!created) {
      fail(created.status());
      return node;
    }
    node->store = std::move(*created);
    node->records = std::make_unique<SchoolRecords>(*node->store, WorkingCalendar({}));
    return node;
  }

  // A node id from the seed, never 0 nor one given before, so that a seed replays exactly.
  uint32_t next_origin() {
    uint32_t origin = 0;
    while (origin == 0 || !origins_.insert(origin).second) {
      origin = static_cast<uint32_t>(random_());
    }
    return origin;
  }

  Status pair(Node& school) {
    auto invite = hub_->peers->issue_invite(hub_->store->node(), hub_->identity.public_key(),
                                            "hub.example:7420", hub_->clock.now_unix_ms(), kDayMs);
    if (!invite) return invite.status();
    SimLink link(SyncSession::pairing_client(*school.store, school.identity, *invite),
                 SyncSession::server(*hub_->store, hub_->identity, *hub_->peers), {}, {}, now_);
    for (int64_t t = now_; !link.finished(); t += kStepMs) link.advance(t, random_);
    if (!link.client()->outcome().is_ok()) return link.client()->outcome();
    school.hub = *link.client()->peer();
    return school.peers->add(*school.hub);
  }

  // ---- One step of simulated time ----

  void step(bool faults, bool writes) {
    for (auto& school : schools_) school->set_clock(now_);
    hub_->set_clock(now_);
    for (auto& school : schools_) school->faults->armed = faults;
    hub_->faults->armed = faults;
    if (writes) {
      for (auto& school : schools_) {
        if (draw(1500) == 0) check_write(school_write(*school), *school);
      }
      if (draw(1000) == 0) check_write(hub_write(), *hub_);
    }
    if (faults) inject_faults();
    for (auto& school : schools_) {
      drive_link(*school);
      restart_crashed();
    }
    for (auto it = orphans_.begin(); it != orphans_.end();) {
      (*it)->advance(now_, random_);
      it = (*it)->finished() ? orphans_.erase(it) : std::next(it);
      restart_crashed();
    }
  }

  // A local write either worked or its node died inside the transaction.
  void check_write(const Status& written, Node& node) {
    if (node.faults->crashed) return restart_crashed();
    check_status(written);
  }

  // Restarts the nodes whose process died inside a write transaction.
  void restart_crashed() {
    for (auto& school : schools_) {
      if (school->faults->crashed) crash_school(*school);
    }
    if (hub_->faults->crashed) crash_hub();
  }

  void drive_link(Node& school) {
    if (!school.link) {
      if (now_ < school.next_dial_ms) return;
      if (now_ < school.partitioned_until_ms) {  // the dial fails: no route to the hub
        school.next_dial_ms = now_ + next_backoff(school);
        return;
      }
      LinkFaults faults;
      if (faults_on_) {
        const uint64_t kind = draw(10);
        if (kind < 3) faults.cut_after_bytes = 300 + draw(8'000);
        if (kind == 3) {
          faults.flip_byte = draw(4'000);
          ++report_.flips;
        }
        if (kind == 4) school.stall_at_ms = now_ + static_cast<int64_t>(draw(10 * kSecond));
      }
      school.link = std::make_unique<SimLink>(
          SyncSession::client(*school.store, school.identity, *school.hub),
          SyncSession::server(*hub_->store, hub_->identity, *hub_->peers), school.profile,
          faults, now_);
      school.link->watch_crashes([&school] { return school.faults->crashed.has_value(); },
                                 [this] { return hub_->faults->crashed.has_value(); });
      ++report_.sessions;
    }
    if (school.stall_at_ms && now_ >= *school.stall_at_ms) {
      school.link->stall_until(now_ + static_cast<int64_t>(draw(3 * kMinute)));
      school.stall_at_ms.reset();
      ++report_.stalls;
    }
    if (now_ < school.partitioned_until_ms) school.link->stall_until(school.partitioned_until_ms);
    school.link->advance(now_, random_);
    // The school died inside a write (restart_crashed() restarts it), or the link is not done.
    if (school.link->client() == nullptr || !school.link->finished()) return;
    SyncSession* client = school.link->client();
    SyncSession* server = school.link->server();
    report_.ops_applied += client->stats().ops_received + (server ? server->stats().ops_received : 0);
    round_ops_ += client->stats().ops_sent + client->stats().ops_received;
    if (school.link->was_cut()) ++report_.cuts;
    if (client->outcome().is_ok()) {
      ++report_.sessions_ok;
      school.backoff_ms = 2 * kSecond;
      school.next_dial_ms = now_ + kSyncIntervalMs;
      ++school_rounds_ok_[&school];
    } else {
      const auto kind = client->outcome().kind();
      if (kind != Status::Kind::kIO && kind != Status::Kind::kCorrupt &&
          !(kind == Status::Kind::kRefused && school.link->was_damaged())) {
        // Cuts, stalls, crashes and flipped bytes end sessions as IO or Corrupt (a flipped
        // key byte as Refused); any other refusal means the rules said no, which nothing in
        // this simulation should provoke.
        fail(client->outcome().with_context(fmt::format("{} synced", school.name)));
      }
      school.next_dial_ms = now_ + next_backoff(school);
    }
    school.link.reset();
  }

  int64_t next_backoff(Node& school) {
    const int64_t wait = school.backoff_ms;
    school.backoff_ms = std::min(school.backoff_ms * 2, kSyncIntervalMs);
    return wait;
  }

  void inject_faults() {
    for (auto& school : schools_) {
      if (draw(60'000) == 0) {  // a partition: about every 20 simulated minutes
        school->partitioned_until_ms = now_ + kSecond * static_cast<int64_t>(10 + draw(300));
      }
      if (draw(150'000) == 0) crash_school(*school);
      if (draw(150'000) == 0) jump_clock(*school);
    }
    if (draw(300'000) == 0) crash_hub();
  }

  // Counts a crash: inside a write transaction if the node's faults stopped it there.
  void count_crash(Node& node) {
    ++report_.crashes;
    if (node.faults->crashed == WriteFaults::Point::kBeforeCommit) ++report_.crashes_before_commit;
    if (node.faults->crashed == WriteFaults::Point::kAfterCommit) ++report_.crashes_after_commit;
    node.faults->crashed.reset();
  }

  void crash_school(Node& school) {
    count_crash(school);
    if (school.link) {
      school.link->crash_client();
      orphans_.push_back(std::move(school.link));
    }
    school.records.reset();
    school.store.reset();
    check_status(school.open());
    school.next_dial_ms = now_ + 5 * kSecond;  // partad starts again and dials
  }

  void crash_hub() {
    count_crash(*hub_);
    for (auto& school : schools_) {
      if (school->link) school->link->crash_server();
    }
    for (auto& orphan : orphans_) orphan->crash_server();
    hub_->records.reset();
    hub_->store.reset();
    check_status(hub_->open());
  }

  void jump_clock(Node& school) {
    ++report_.clock_jumps;
    // A box without a battery-backed clock: back by up to a day, or forward by up to an hour,
    // never more than a day behind or an hour ahead in all (beyond that the store refuses a
    // peer's writes as too far ahead, by design: DESIGN.md §4).
    if (draw(2) == 0) {
      school.clock_offset_ms -= static_cast<int64_t>(draw(kDayMs));
    } else {
      school.clock_offset_ms += static_cast<int64_t>(draw(60 * kMinute));
    }
    school.clock_offset_ms = std::clamp(school.clock_offset_ms, -kDayMs, 60 * kMinute);
  }

  // ---- Writes ----

  Status add_student(Node& school) {
    const int n = ++school.students_made;
    RosterRow row;
    row.line = 2;
    row.last_name = fmt::format("Ученик{}", n);
    row.first_name = school.name;
    row.class_name = *parse_class_name("5А");
    row.birth_date = *parse_date("2014-05-06");
    if (draw(4) != 0) row.consent_date = *parse_date("2026-09-01");
    auto imported = school.records->import_roster({row}, "завуч");
    return imported ? Status::ok() : imported.status();
  }

  std::vector<RecordKey> keys_of(Node& node, RecordType type) {
    std::vector<RecordKey> keys;
    check_status(node.store->read([&](const ReadView& view) {
      return view.for_each(type, "", [&](std::string_view key, std::string_view) {
        if (auto parsed = RecordKey::from_bytes(key)) keys.push_back(*parsed);
        return true;
      });
    }));
    return keys;
  }

  std::vector<RecordKey> own_students(Node& school) {
    std::vector<RecordKey> own;
    for (const RecordKey& key : keys_of(school, RecordType::kStudent)) {
      records::Student student;
      if (school.store->read([&](const ReadView& view) {
            return view.get(RecordType::kStudent, key.bytes(), &student);
          }).is_ok() &&
          student.home_school() == school.store->node().school.bytes()) {
        own.push_back(key);
      }
    }
    return own;
  }

  template <typename T>
  const T& pick(const std::vector<T>& from) {
    return from[draw(from.size())];
  }

  Status school_write(Node& school) {
    ++report_.writes;
    const uint64_t kind = draw(10);
    if (kind == 0) return add_student(school);
    std::vector<RecordKey> students = own_students(school);
    if (students.empty()) return Status::ok();
    if (kind == 1 || kind == 2) {
      auto group = school.records->find_group("5А");
      if (!group) return group.status();
      AssignmentSpec spec;
      spec.group = *group;
      spec.subject = "Математика";
      spec.title = fmt::format("Задание {}", ++school.assignments_made);
      spec.body = "Решите задачи 1–5.";
      spec.issue_date = school.today();
      spec.due_date = Date{school.today().days_since_epoch + 3};
      auto added = school.records->add_assignment(spec);
      return added ? Status::ok() : added.status();
    }
    if (kind == 3 || kind == 4) {
      std::vector<RecordKey> assignments = keys_of(school, RecordType::kAssignment);
      if (assignments.empty()) return Status::ok();
      auto recorded = school.records->record_result(
          {.student = pick(students), .assignment = pick(assignments),
           .score = static_cast<uint32_t>(2 + draw(4)), .review_text = "Проверено",
           .reviewer = school.name, .when_ms = school.clock.now_unix_ms()});
      return recorded || recorded.status().kind() == Status::Kind::kRefused ? Status::ok()
                                                                             : recorded.status();
    }
    const auto status = static_cast<AttendanceStatus>(draw(3));
    return school.records->mark_attendance(
        pick(students), Date{school.today().days_since_epoch - static_cast<int32_t>(draw(5))}, status);
  }

  Status hub_write() {
    ++report_.writes;
    const uint64_t kind = draw(10);
    if (kind < 3) {  // enrol a student of any school who has a parent's consent
      std::vector<RecordKey> consented = keys_of(*hub_, RecordType::kConsent);
      if (consented.empty()) return Status::ok();
      Status enrolled = hub_->records->enrol(distance_group_, pick(consented));
      return enrolled.kind() == Status::Kind::kRefused ? Status::ok() : enrolled;
    }
    if (kind < 4) {
      AssignmentSpec spec;
      spec.group = distance_group_;
      spec.subject = "Астрономия";
      spec.title = fmt::format("Наблюдение {}", ++hub_->assignments_made);
      spec.body = "Зарисуйте Луну.";
      spec.issue_date = hub_->today();
      spec.due_date = Date{hub_->today().days_since_epoch + 7};
      auto added = hub_->records->add_assignment(spec);
      return added ? Status::ok() : added.status();
    }
    std::vector<RecordKey> assignments;
    for (const RecordKey& key : keys_of(*hub_, RecordType::kAssignment)) {
      records::Assignment assignment;
      check_status(hub_->store->read([&](const ReadView& view) {
        return view.get(RecordType::kAssignment, key.bytes(), &assignment);
      }));
      if (assignment.group() == distance_group_.bytes()) assignments.push_back(key);
    }
    std::vector<RecordKey> enrolled;
    check_status(hub_->store->read([&](const ReadView& view) {
      return view.for_each(RecordType::kEnrolment, distance_group_.bytes(),
                           [&](std::string_view key, std::string_view) {
                             enrolled.push_back(*RecordKey::from_bytes(key.substr(12)));
                             return true;
                           });
    }));
    if (assignments.empty() || enrolled.empty()) return Status::ok();
    auto recorded = hub_->records->record_result(
        {.student = pick(enrolled), .assignment = pick(assignments),
         .score = static_cast<uint32_t>(2 + draw(4)), .review_text = "Молодец",
         .reviewer = "Учитель", .when_ms = hub_->clock.now_unix_ms()});
    return recorded || recorded.status().kind() == Status::Kind::kRefused ? Status::ok()
                                                                           : recorded.status();
  }

  // ---- Healing and the checks ----

  // No more faults or writes: every school syncs until a whole round moves nothing.
  void heal() {
    faults_on_ = false;
    for (auto& school : schools_) {
      school->partitioned_until_ms = 0;
      school->stall_at_ms.reset();
    }
    const int64_t heal_end = now_ + kHealMaxMs;
    for (int round = 0; report_.ok; ++round) {
      round_ops_ = 0;
      school_rounds_ok_.clear();
      while (report_.ok && now_ < heal_end &&
             (school_rounds_ok_.size() < schools_.size() || !orphans_.empty())) {
        for (auto& school : schools_) {
          // Dial at once in each round instead of waiting for the interval.
          if (!school->link && !school_rounds_ok_.contains(school.get())) {
            school->next_dial_ms = std::min(school->next_dial_ms, now_);
          }
        }
        now_ += kStepMs;
        step(/*faults=*/false, /*writes=*/false);
      }
      if (now_ >= heal_end) {
        return fail(Status::io(fmt::format(
            "the schools did not get in step within {} simulated minutes of healing",
            kHealMaxMs / kMinute)));
      }
      if (round > 0 && round_ops_ == 0) return;
    }
  }

  using StoredRecords = std::map<std::pair<uint32_t, std::string>, std::string>;

  StoredRecords stored(Node& node) {
    StoredRecords all;
    check_status(node.store->read([&](const ReadView& view) {
      for (const RecordTypeInfo& info : all_record_types()) {
        PARTA_RETURN_IF_ERROR(view.for_each_stored(
            info.type, [&](std::string_view key, std::string_view value) {
              all[{static_cast<uint32_t>(info.type), std::string(key)}] = std::string(value);
              return true;
            }));
      }
      return Status::ok();
    }));
    return all;
  }

  void check() {
    for (Node* node : all_nodes()) {
      Status verified = node->store->verify();
      if (!verified.is_ok()) return fail(verified.with_context(node->name));
    }
    const StoredRecords hub_records = stored(*hub_);
    std::vector<VersionEntry> hub_vector;
    check_status(hub_->store->read([&](const ReadView& view) {
      auto vector = view.version_vector();
      if (vector) hub_vector = *vector;
      return vector.status();
    }));
    for (auto& school : schools_) {
      if (!report_.ok) return;
      check_school(*school, hub_records, hub_vector);
    }
  }

  void check_school(Node& school, const StoredRecords& hub_records,
                    const std::vector<VersionEntry>& hub_vector) {
    const RecordKey school_key = school.store->node().school;
    std::vector<std::string> scopes;
    std::set<std::pair<uint32_t, std::string>> visible;  // (type, key) the school may hold
    check_status(hub_->store->read([&](const ReadView& view) {
      auto entitled = scopes_for_school(view, school_key);
      if (!entitled) return entitled.status();
      scopes = *entitled;
      for (const VersionEntry& entry : hub_vector) {
        if (std::find(scopes.begin(), scopes.end(), entry.scope) == scopes.end()) continue;
        PARTA_RETURN_IF_ERROR(view.for_each_scoped_op(
            entry.scope, entry.origin, 1, [&](const oplog::Op& op) {
              visible.insert({op.record_type(), op.key()});
              return true;
            }));
      }
      return Status::ok();
    }));
    // The same vector in the school's scopes, and nothing outside them.
    std::set<std::tuple<std::string, uint32_t, uint64_t>> hub_part, school_part;
    for (const VersionEntry& entry : hub_vector) {
      if (std::find(scopes.begin(), scopes.end(), entry.scope) != scopes.end()) {
        hub_part.insert({entry.scope, entry.origin, entry.seq});
      }
    }
    check_status(school.store->read([&](const ReadView& view) {
      auto vector = view.version_vector();
      if (!vector) return vector.status();
      for (const VersionEntry& entry : *vector) {
        school_part.insert({entry.scope, entry.origin, entry.seq});
      }
      return Status::ok();
    }));
    if (hub_part != school_part) {
      return fail(Status::corrupt(fmt::format(
          "{}: its version vector ({} entries) differs from the hub's in its scopes ({} entries)",
          school.name, school_part.size(), hub_part.size())));
    }
    // The same records, byte for byte, stamps included.
    const StoredRecords school_records = stored(school);
    for (const auto& [type_key, value] : school_records) {
      if (!visible.contains(type_key)) {
        return fail(Status::corrupt(fmt::format(
            "{} holds a {} record outside its scopes", school.name,
            record_type_info(static_cast<RecordType>(type_key.first)).name)));
      }
      auto at_hub = hub_records.find(type_key);
      if (at_hub == hub_records.end() || at_hub->second != value) {
        return fail(Status::corrupt(fmt::format(
            "{}: a {} record differs from the hub's", school.name,
            record_type_info(static_cast<RecordType>(type_key.first)).name)));
      }
    }
    for (const auto& type_key : visible) {
      if (!school_records.contains(type_key) && hub_records.contains(type_key)) {
        return fail(Status::corrupt(fmt::format(
            "{} lacks a {} record the hub holds in its scopes", school.name,
            record_type_info(static_cast<RecordType>(type_key.first)).name)));
      }
    }
    // Nothing the school wrote was lost on the way: the hub holds every op of its origin.
    const uint32_t origin = school.store->node().origin;
    uint64_t written = 0, at_hub = 0;
    check_status(school.store->read([&](const ReadView& view) {
      return view.for_each_op(origin, 1, [&](const oplog::Op&) { return ++written, true; });
    }));
    check_status(hub_->store->read([&](const ReadView& view) {
      return view.for_each_op(origin, 1, [&](const oplog::Op&) { return ++at_hub, true; });
    }));
    if (written != at_hub) {
      return fail(Status::corrupt(fmt::format("{} wrote {} ops; the hub holds {} of them",
                                              school.name, written, at_hub)));
    }
    // Privacy: only its own students.
    for (const auto& [type_key, value] : school_records) {
      if (type_key.first != static_cast<uint32_t>(RecordType::kStudent)) continue;
      oplog::StoredRecord record;
      records::Student student;
      if (!record.ParseFromString(value) || !student.ParseFromString(record.value()) ||
          student.home_school() != school_key.bytes()) {
        return fail(Status::refused(
            fmt::format("{} holds a student of another school", school.name)));
      }
    }
  }

  // ---- Helpers ----

  std::vector<Node*> all_nodes() {
    std::vector<Node*> nodes{hub_.get()};
    for (auto& school : schools_) nodes.push_back(school.get());
    return nodes;
  }

  uint64_t draw(uint64_t bound) { return random_() % bound; }

  void check_status(const Status& status) {
    if (!status.is_ok()) fail(status);
  }

  void fail(const Status& why) {
    if (report_.ok) {
      report_.ok = false;
      report_.failure = fmt::format("seed {} at {:.1f} simulated minutes: {}", options_.seed,
                                    now_ / double(kMinute), why.message());
    }
  }

  SimOptions options_;
  std::filesystem::path dir_;
  std::mt19937_64 random_;
  std::set<uint32_t> origins_;  // given to nodes so far
  int64_t now_ = 0;
  bool faults_on_ = true;
  std::unique_ptr<Node> hub_;
  std::vector<std::unique_ptr<Node>> schools_;
  std::vector<std::unique_ptr<SimLink>> orphans_;  // sessions whose other side crashed
  RecordKey distance_group_;
  SimReport report_;
  uint64_t round_ops_ = 0;
  std::map<Node*, int> school_rounds_ok_;
};

}  // namespace

SimReport run_simulation(const SimOptions& options, const std::filesystem::path& dir) {
  World world(options, dir);
  return world.run();
}

}  // namespace parta::sim
