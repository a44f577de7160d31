// Writes a plan into a node through SchoolRecords; see node_filler.h.
#include "node_filler.h"

#include <fmt/format.h>

#include <cassert>
#include <chrono>
#include <map>
#include <tuple>

#include "parta/storage/indexes.h"
#include "parta/storage/local_time.h"

namespace parta::gen {
namespace {

constexpr std::string_view kRecordedBy = "parta-gen";
// Russian schools mark on five points; the plan's scores are 2 to 5.
constexpr uint32_t kMaxScore = 5;

// The plan's local time as unix milliseconds, in this machine's time zone, as the store reads
// times back when it works out consultation deadlines.
int64_t local_unix_ms(LocalTime time) {
  return local_time_ms(time.date, int64_t{time.minute_of_day} * 60);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The node must exist: `parta init` writes the configuration (parta.toml) beside the
// database that the CLI needs to open it.
Result<std::unique_ptr<Store>> open_node(const std::filesystem::path& dir) {
  auto store = Store::open(StoreOptions{.dir = dir});
  if (store.status().kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format(
        "{} holds no node; create it first: parta --dir {} init --name \"...\" --role school",
        dir.string(), dir.string()));
  }
  return store;
}

// The highest seq of this node's own ops: how many ops it has written.
Result<uint64_t> own_seq(const Store& store) {
  uint64_t seq = 0;
  Status status = store.read([&](const ReadView& view) -> Status {
    auto vector = view.version_vector();
    if (!vector) return vector.status();
    for (const VersionEntry& entry : *vector) {
      if (entry.origin == store.node().origin) seq = std::max(seq, entry.seq);
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return seq;
}

// The keys the plan's people and classes have on this node.
struct NodeKeys {
  std::vector<RecordKey> students, classes, teachers, assignments, consultations;
};

using StudentIdentity = std::tuple<std::string, std::string, std::string, int32_t>;

Status find_students(const Store& store, const SchoolPlan& plan, NodeKeys& keys) {
  std::map<StudentIdentity, RecordKey> by_identity;
  Status status = store.read([&](const ReadView& view) -> Status {
    Status parsed = Status::ok();
    Status scanned =
        view.for_each(RecordType::kStudent, "", [&](std::string_view key, std::string_view value) {
          records::Student student;
          auto record_key = RecordKey::from_bytes(key);
          if (!record_key ||
              !student.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            parsed =
                Status::corrupt("a student record on the node does not parse; run 'parta check'");
            return false;
          }
          by_identity.emplace(StudentIdentity{student.last_name(), student.first_name(),
                                              student.middle_name(), student.birth_date()},
                              *record_key);
          return true;
        });
    return scanned.is_ok() ? parsed : scanned;
  });
  PARTA_RETURN_IF_ERROR(status);
  for (const PlannedStudent& student : plan.students) {
    auto found = by_identity.find({student.name.last_name, student.name.first_name,
                                   student.name.middle_name, student.birth_date.days_since_epoch});
    if (found == by_identity.end()) {
      return Status::corrupt(
          fmt::format("student {} {} was imported but is not on the node afterwards",
                      student.name.last_name, student.name.first_name));
    }
    keys.students.push_back(found->second);
  }
  return Status::ok();
}

// The teacher of that name on the node, if any, so a second fill reuses rather than duplicates.
Result<std::optional<RecordKey>> find_teacher(const Store& store, const PersonName& name) {
  std::optional<RecordKey> found;
  Status status = store.read([&](const ReadView& view) -> Status {
    return view.for_each_indexed(
        IndexId::kTeacherByName,
        name_index_prefix(name.last_name, name.first_name, name.middle_name),
        [&](std::string_view, std::string_view record_key) {
          if (auto key = RecordKey::from_bytes(record_key)) found = *key;
          return false;
        });
  });
  if (!status.is_ok()) return status;
  return found;
}

Status fill_roster(SchoolRecords& records, const SchoolPlan& plan, NodeKeys& keys,
                   FillReport& report) {
  auto imported = records.import_roster(roster_rows(plan), kRecordedBy);
  if (!imported) return imported.status();
  report.roster = *imported;
  PARTA_RETURN_IF_ERROR(find_students(records.store(), plan, keys));
  for (const PlannedClass& planned : plan.classes) {
    auto group = records.find_group(planned.name.display());
    if (!group) return group.status();
    keys.classes.push_back(*group);
  }
  for (const PlannedTeacher& teacher : plan.teachers) {
    auto existing = find_teacher(records.store(), teacher.name);
    if (!existing) return existing.status();
    if (*existing) {
      keys.teachers.push_back(**existing);
      continue;
    }
    auto added = records.add_teacher(teacher.name.last_name, teacher.name.first_name,
                                     teacher.name.middle_name, teacher.subjects);
    if (!added) return added.status();
    keys.teachers.push_back(*added);
    ++report.teachers_added;
  }
  return Status::ok();
}

// As a teacher fills in the daily monitoring: the whole class present, then the exceptions. One
// transaction per class instead of one per student makes a year's fill several times faster; a
// student marked ill or remote gets two ops that day, the later one winning.
Status mark_attendance(SchoolRecords& records, const PlannedDay& day, const NodeKeys& keys,
                       FillReport& report) {
  if (day.attendance.empty()) return Status::ok();
  for (const RecordKey& class_key : keys.classes) {
    auto marked = records.mark_class_attendance(class_key, day.date, AttendanceStatus::kPresent);
    if (!marked) return marked.status();
    report.attendance_calls += 1;
  }
  for (const PlannedMark& mark : day.attendance) {
    if (mark.status == AttendanceStatus::kPresent) continue;
    PARTA_RETURN_IF_ERROR(
        records.mark_attendance(keys.students[mark.student], day.date, mark.status));
    report.attendance_calls += 1;
  }
  return Status::ok();
}

Status fill_day(SchoolRecords& records, const SchoolPlan& plan, const PlannedDay& day,
                NodeKeys& keys, FillReport& report) {
  PARTA_RETURN_IF_ERROR(mark_attendance(records, day, keys, report));
  for (int index : day.assignments_issued) {
    const PlannedAssignment& assignment = plan.assignments[index];
    assert(static_cast<size_t>(index) == keys.assignments.size());
    auto key =
        records.add_assignment({keys.classes[assignment.class_index], assignment.subject,
                                assignment.title, assignment.body, assignment.issue_date,
                                assignment.due_date, kMaxScore, keys.teachers[assignment.teacher]});
    if (!key) return key.status();
    keys.assignments.push_back(*key);
  }
  for (int index : day.consultations_opened) {
    const PlannedConsultation& consultation = plan.consultations[index];
    assert(static_cast<size_t>(index) == keys.consultations.size());
    auto key = records.open_consultation(keys.students[consultation.student],
                                         keys.teachers[consultation.teacher], consultation.question,
                                         local_unix_ms(consultation.opened));
    if (!key) return key.status();
    keys.consultations.push_back(*key);
  }
  for (const PlannedResult& result : day.results) {
    const PlannedAssignment& assignment = plan.assignments[result.assignment];
    auto recorded = records.record_result(
        {keys.students[result.student], keys.assignments[result.assignment], result.score,
         result.review_text, result.on_paper ? "paper" : "online", result.answer,
         short_name(plan.teachers[assignment.teacher].name), local_unix_ms(result.when)});
    if (!recorded) return recorded.status();
  }
  for (int index : day.consultations_answered) {
    const PlannedConsultation& consultation = plan.consultations[index];
    assert(consultation.answered);
    PARTA_RETURN_IF_ERROR(records.answer_consultation(
        keys.consultations[index], consultation.answer, local_unix_ms(*consultation.answered),
        short_name(plan.teachers[consultation.teacher].name)));
  }
  return Status::ok();
}

}  // namespace

Result<FillReport> fill_node(const SchoolPlan& plan, const std::filesystem::path& node_dir) {
  FillReport report;
  auto store = open_node(node_dir);
  if (!store) return store.status();
  SchoolRecords records(**store, WorkingCalendar(plan.calendar.public_holidays()));
  NodeKeys keys;

  auto seq_before = own_seq(**store);
  if (!seq_before) return seq_before.status();
  auto start = std::chrono::steady_clock::now();
  PARTA_RETURN_IF_ERROR(fill_roster(records, plan, keys, report));
  report.roster_seconds = seconds_since(start);
  auto seq_after_roster = own_seq(**store);
  if (!seq_after_roster) return seq_after_roster.status();

  start = std::chrono::steady_clock::now();
  for (const PlannedDay& day : plan.days) {
    PARTA_RETURN_IF_ERROR(fill_day(records, plan, day, keys, report));
  }
  report.activity_seconds = seconds_since(start);
  auto seq_after_days = own_seq(**store);
  if (!seq_after_days) return seq_after_days.status();

  report.roster_ops = *seq_after_roster - *seq_before;
  report.activity_ops = *seq_after_days - *seq_after_roster;
  return report;
}

}  // namespace parta::gen
