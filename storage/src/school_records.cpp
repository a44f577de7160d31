// The school's rules over the store; see school_records.h.
#include "parta/storage/school_records.h"

#include <fmt/format.h>

#include <cassert>
#include <map>
#include <unordered_map>

#include "parta/storage/class_name.h"
#include "parta/storage/local_time.h"
#include "parta/storage/scopes.h"

namespace parta {
namespace {

// The first record in `index` under `prefix` that belongs to `school`: a hub holds the
// students and classes of every attached school, and each of them has its own «7Б».
template <typename Record>
Result<std::optional<RecordKey>> find_own(const ReadView& view, IndexId index,
                                          std::string_view prefix, RecordType type,
                                          const RecordKey& school,
                                          const std::string& (Record::*school_of)() const) {
  std::optional<RecordKey> found;
  Status failure = Status::ok();
  Status status = view.for_each_indexed(index, prefix, [&](auto, std::string_view record_key) {
    Record record;
    failure = view.get(type, record_key, &record);
    if (!failure.is_ok()) return false;
    if ((record.*school_of)() != school.bytes()) return true;
    found = RecordKey::from_bytes(record_key).value();
    return false;
  });
  PARTA_RETURN_IF_ERROR(status);
  PARTA_RETURN_IF_ERROR(failure);
  return found;
}

// A student as a roster names them: names by name_match_key (any case, «Ё» as «Е»), then the
// birth day. `name_prefix` is a name_index_prefix.
std::string roster_match_key(std::string_view name_prefix, std::string_view birth_day_key) {
  return name_match_key(name_prefix) + std::string(birth_day_key);
}

// The node's students by roster_match_key, read once per import from the name index, whose
// keys tell «Пётр» from «Петр». Every school's students are in it; find() keeps to one school.
class StudentsByName {
 public:
  static Result<StudentsByName> read(const ReadView& view) {
    constexpr size_t kDayAndKeyBytes = 4 + RecordKey::kBytes;
    StudentsByName students;
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(
        IndexId::kStudentByName, "", [&](std::string_view index_key, std::string_view record) {
          assert(index_key.size() > kDayAndKeyBytes);
          const size_t name_bytes = index_key.size() - kDayAndKeyBytes;
          std::string key =
              roster_match_key(index_key.substr(0, name_bytes), index_key.substr(name_bytes, 4));
          students.keys_[std::move(key)].push_back(RecordKey::from_bytes(record).value());
          return true;
        }));
    return students;
  }

  // This school's student the row names, if any: one whose names the row spells alike (in any
  // case) before one it spells with е for ё or the other way round.
  Result<std::optional<RecordKey>> find(const ReadView& view, const RosterRow& row,
                                        const RecordKey& school) const {
    auto candidates = keys_.find(key_of(row));
    if (candidates == keys_.end()) return std::optional<RecordKey>();
    std::optional<RecordKey> found;
    for (const RecordKey& key : candidates->second) {
      records::Student student;
      PARTA_RETURN_IF_ERROR(view.get(RecordType::kStudent, key.bytes(), &student));
      if (student.home_school() != school.bytes()) continue;
      if (name_index_prefix(student.last_name(), student.first_name(), student.middle_name()) ==
          name_index_prefix(row.last_name, row.first_name, row.middle_name)) {
        return std::optional<RecordKey>(key);
      }
      if (!found) found = key;
    }
    return found;
  }

  void add(const RosterRow& row, const RecordKey& student) {
    keys_[key_of(row)].push_back(student);
  }

 private:
  static std::string key_of(const RosterRow& row) {
    return roster_match_key(name_index_prefix(row.last_name, row.first_name, row.middle_name),
                            day_key(row.birth_date.days_since_epoch));
  }

  std::unordered_map<std::string, std::vector<RecordKey>> keys_;  // in index order
};

// This school's class or distance group of that name, if any.
Result<std::optional<RecordKey>> find_group_by_name(const ReadView& view, std::string_view name,
                                                    const RecordKey& school) {
  return find_own<records::Group>(view, IndexId::kGroupByName, group_name_index_prefix(name),
                                  RecordType::kGroup, school, &records::Group::school);
}

int32_t access_code(std::optional<bool> has_access) {
  if (!has_access) return 0;
  return *has_access ? 1 : 2;
}

// Whether a name the roster matched (name_match_key) is written otherwise than in letter case:
// with е for ё or the other way round.
bool spelled_otherwise(std::string_view was, std::string_view now) {
  return utf8_to_upper_ru(was) != utf8_to_upper_ru(now);
}

// `current` with its е and ё as `wanted` writes them, each in `current`'s case: the two match
// (name_match_key), so they differ only in letter case and е/ё, each a 2-byte letter in
// either, and their bytes line up.
std::string with_yo_of(std::string_view current, std::string_view wanted) {
  assert(current.size() == wanted.size());
  constexpr std::string_view kYe = "е", kYo = "ё", kCapitalYe = "Е", kCapitalYo = "Ё";
  auto letter_at = [](std::string_view text, size_t at) { return text.substr(at, 2); };
  std::string out(current);
  for (size_t at = 0; at + 1 < current.size(); ++at) {
    const std::string_view was = letter_at(current, at), now = letter_at(wanted, at);
    const bool was_e = was == kYe || was == kYo || was == kCapitalYe || was == kCapitalYo;
    const bool now_e = now == kYe || now == kYo || now == kCapitalYe || now == kCapitalYo;
    if (!was_e || !now_e) continue;
    const bool capital = was == kCapitalYe || was == kCapitalYo;
    const bool yo = now == kYo || now == kCapitalYo;
    out.replace(at, 2, capital ? (yo ? kCapitalYo : kCapitalYe) : (yo ? kYo : kYe));
    ++at;  // the second byte of the letter
  }
  return out;
}

// The fields of the matched student `current` that the roster's `wanted` changes: the class;
// the access, when the row gives it; a name the row respells, since the roster is the school's
// record of how it is written (while a roster in capitals renames nobody).
std::vector<uint32_t> roster_changes(const records::Student& current,
                                     const records::Student& wanted, const RosterRow& row) {
  std::vector<uint32_t> fields;
  if (current.class_group() != wanted.class_group()) {
    fields.push_back(records::Student::kClassGroupFieldNumber);
  }
  if (row.has_access && current.has_access() != wanted.has_access()) {
    fields.push_back(records::Student::kHasAccessFieldNumber);
  }
  if (spelled_otherwise(current.last_name(), wanted.last_name())) {
    fields.push_back(records::Student::kLastNameFieldNumber);
  }
  if (spelled_otherwise(current.first_name(), wanted.first_name())) {
    fields.push_back(records::Student::kFirstNameFieldNumber);
  }
  if (spelled_otherwise(current.middle_name(), wanted.middle_name())) {
    fields.push_back(records::Student::kMiddleNameFieldNumber);
  }
  return fields;
}

}  // namespace

std::string roster_sort_key(const records::Student& student, const records::Group& class_group) {
  return fmt::format("{:02}{}\t{}\t{}\t{}", class_group.grade(), class_group.letter(),
                     name_match_key(student.last_name()), name_match_key(student.first_name()),
                     name_match_key(student.middle_name()));
}

namespace {

template <typename Person>
std::string full_name(const Person& person) {
  std::string name = person.last_name() + " " + person.first_name();
  if (!person.middle_name().empty()) name += " " + person.middle_name();
  return name;
}

}  // namespace

std::string student_full_name(const records::Student& student) { return full_name(student); }
std::string teacher_full_name(const records::Teacher& teacher) { return full_name(teacher); }

Result<AttendanceStatus> parse_attendance_status(std::string_view text) {
  if (text == "present") return AttendanceStatus::kPresent;
  if (text == "remote") return AttendanceStatus::kRemote;
  if (text == "ill") return AttendanceStatus::kIll;
  return Status::invalid(
      fmt::format("attendance status \"{}\" is not known: use present, remote or ill", text));
}

std::string_view attendance_status_name(AttendanceStatus status) {
  switch (status) {
    case AttendanceStatus::kPresent: return "present";
    case AttendanceStatus::kRemote: return "remote";
    case AttendanceStatus::kIll: return "ill";
  }
  return "present";
}

Date SchoolRecords::local_today() const {
  return local_day_and_seconds(store_.wall_clock().now_unix_ms()).first;
}

Result<RecordKey> SchoolRecords::parse_key(std::string_view text, RecordType type) const {
  return parse_id(text, record_type_info(type).id_prefix, store_.node().origin);
}

std::string SchoolRecords::id_text(RecordType type, const RecordKey& key) const {
  return format_id(record_type_info(type).id_prefix, key);
}

Result<RecordKey> SchoolRecords::student_scope_school(const ReadView& view,
                                                      const RecordKey& student,
                                                      records::Student* out) const {
  Status status = view.get(RecordType::kStudent, student.bytes(), out);
  if (status.kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format(
        "no student {}; find ids with 'parta list students'", id_text(RecordType::kStudent, student)));
  }
  if (!status.is_ok()) return status;
  auto school = RecordKey::from_bytes(out->home_school());
  if (!school) return school.status();
  return *school;
}

Result<RosterImportSummary> SchoolRecords::import_roster(const std::vector<RosterRow>& rows,
                                                         std::string_view recorded_by) {
  RosterImportSummary summary;
  const NodeIdentity& node = store_.node();
  const std::string scope = school_scope(node.school);
  Status status = store_.write([&](WriteTxn& txn) -> Status {
    summary = RosterImportSummary{};
    std::map<std::string, RecordKey> classes;
    auto students = StudentsByName::read(txn);
    if (!students) return students.status();
    for (const RosterRow& row : rows) {
      std::string class_name = row.class_name.display();
      auto known_class = classes.find(class_name);
      if (known_class == classes.end()) {
        auto existing = find_group_by_name(txn, class_name, node.school);
        if (!existing) return existing.status();
        RecordKey key = existing->value_or(RecordKey());
        if (!*existing) {
          key = txn.new_key();
          records::Group group;
          group.set_name(class_name);
          group.set_grade(row.class_name.grade);
          group.set_letter(row.class_name.letter);
          group.set_school(node.school.to_string());
          PARTA_RETURN_IF_ERROR(txn.put(RecordType::kGroup, key.bytes(), group, scope));
          ++summary.classes_created;
        }
        known_class = classes.emplace(class_name, key).first;
      }
      records::Student wanted;
      wanted.set_last_name(row.last_name);
      wanted.set_first_name(row.first_name);
      wanted.set_middle_name(row.middle_name);
      wanted.set_birth_date(row.birth_date.days_since_epoch);
      wanted.set_class_group(known_class->second.to_string());
      wanted.set_home_school(node.school.to_string());
      wanted.set_has_access(access_code(row.has_access));

      auto existing = students->find(txn, row, node.school);
      if (!existing) return existing.status();
      RecordKey student = existing->value_or(RecordKey());
      bool changed = false;
      if (!*existing) {
        student = txn.new_key();
        PARTA_RETURN_IF_ERROR(txn.put(RecordType::kStudent, student.bytes(), wanted, scope));
        students->add(row, student);
        ++summary.students_added;
      } else {
        records::Student current;
        PARTA_RETURN_IF_ERROR(txn.get(RecordType::kStudent, student.bytes(), &current));
        // A respelling takes the roster's е or ё and keeps the stored case: a roster in
        // capitals writes no name in capitals.
        wanted.set_last_name(with_yo_of(current.last_name(), wanted.last_name()));
        wanted.set_first_name(with_yo_of(current.first_name(), wanted.first_name()));
        wanted.set_middle_name(with_yo_of(current.middle_name(), wanted.middle_name()));
        const std::vector<uint32_t> fields = roster_changes(current, wanted, row);
        if (!fields.empty()) {
          PARTA_RETURN_IF_ERROR(
              txn.put_fields(RecordType::kStudent, student.bytes(), wanted, fields, scope));
          changed = true;
        }
        if (spelled_otherwise(student_full_name(current), student_full_name(wanted))) {
          summary.respelled.push_back({student_full_name(current), student_full_name(wanted)});
        }
      }
      if (row.consent_date) {
        records::Consent consent;
        Status had = txn.get(RecordType::kConsent, student.bytes(), &consent);
        if (had.kind() != Status::Kind::kNotFound) PARTA_RETURN_IF_ERROR(had);
        if (!had.is_ok() || consent.date() != row.consent_date->days_since_epoch ||
            consent.withdrawn()) {
          consent.Clear();
          consent.set_student(student.to_string());
          consent.set_date(row.consent_date->days_since_epoch);
          consent.set_form("paper");  // a roster column records the written application
          consent.set_recorded_by(std::string(recorded_by));
          PARTA_RETURN_IF_ERROR(txn.put(RecordType::kConsent, student.bytes(), consent, scope));
          ++summary.consents_recorded;
          changed = changed || *existing;
        }
      }
      if (*existing) ++(changed ? summary.students_updated : summary.students_unchanged);
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return summary;
}

Result<RecordKey> SchoolRecords::add_group(std::string_view name, bool distance,
                                           std::optional<int> grade) {
  records::Group group;
  group.set_distance(distance);
  group.set_school(store_.node().school.to_string());
  if (distance) {
    if (name.empty()) return Status::invalid("a distance group needs a name");
    if (grade && (*grade < grade_min || *grade > grade_max)) {
      return Status::invalid(fmt::format("grade {} is not between 1 and 11", *grade));
    }
    group.set_name(std::string(name));
    group.set_grade(grade.value_or(0));
  } else {
    auto class_name = parse_class_name(name);
    if (!class_name) return class_name.status();
    group.set_name(class_name->display());
    group.set_grade(class_name->grade);
    group.set_letter(class_name->letter);
  }
  RecordKey key;
  Status status = store_.write([&](WriteTxn& txn) -> Status {
    auto existing = find_group_by_name(txn, group.name(), store_.node().school);
    if (!existing) return existing.status();
    if (*existing) {
      return Status::refused(fmt::format("a group named «{}» exists already ({})", group.name(),
                                         id_text(RecordType::kGroup, **existing)));
    }
    key = txn.new_key();
    std::string scope = distance ? group_scope(key) : school_scope(store_.node().school);
    return txn.put(RecordType::kGroup, key.bytes(), group, scope);
  });
  if (!status.is_ok()) return status;
  return key;
}

Result<RecordKey> SchoolRecords::find_group(std::string_view name_or_id) {
  std::optional<RecordKey> found;
  Status status = store_.read([&](const ReadView& view) -> Status {
    auto as_id = parse_key(name_or_id, RecordType::kGroup);
    auto known_id = as_id ? view.exists(RecordType::kGroup, as_id->bytes()) : Result<bool>(false);
    if (!known_id) return known_id.status();
    if (*known_id) {
      found = *as_id;
      return Status::ok();
    }
    auto as_class = parse_class_name(name_or_id);
    std::string name = as_class ? as_class->display() : std::string(name_or_id);
    auto by_name = find_group_by_name(view, name, store_.node().school);
    if (!by_name) return by_name.status();
    found = *by_name;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (!found) {
    return Status::not_found(fmt::format(
        "no group \"{}\"; see the groups with 'parta list groups'", name_or_id));
  }
  return *found;
}

Status SchoolRecords::enrol(const RecordKey& group_key, std::span<const RecordKey> students) {
  return store_.write([&](WriteTxn& txn) -> Status {
    records::Group group;
    Status has_group = txn.get(RecordType::kGroup, group_key.bytes(), &group);
    if (has_group.kind() == Status::Kind::kNotFound) {
      return Status::not_found(fmt::format("no group {}; see 'parta list groups'",
                                           id_text(RecordType::kGroup, group_key)));
    }
    PARTA_RETURN_IF_ERROR(has_group);
    if (!group.distance()) {
      return Status::refused(fmt::format(
          "«{}» is a class: a student's class comes from the roster import, so to move students "
          "to «{}», import a roster that lists them there (parta roster import FILE). Enrolment "
          "is for distance groups (parta group add --name NAME --distance)",
          group.name(), group.name()));
    }
    for (const RecordKey& student : students) {
      PARTA_RETURN_IF_ERROR(enrol_one(txn, group_key, group, student));
    }
    return Status::ok();
  });
}

Status SchoolRecords::enrol_one(WriteTxn& txn, const RecordKey& group_key,
                                const records::Group& group, const RecordKey& student_key) {
  records::Student student;
  auto school = student_scope_school(txn, student_key, &student);
  if (!school) return school.status();
  assert(group.distance());
  records::Consent consent;
  Status has_consent = txn.get(RecordType::kConsent, student_key.bytes(), &consent);
  if (has_consent.kind() == Status::Kind::kNotFound || consent.withdrawn()) {
    std::string id = id_text(RecordType::kStudent, student_key);
    return Status::refused(fmt::format(
        "{} ({}) cannot join distance group «{}»: no parent's written consent is on record. "
        "Record it first: parta consent record --student {} --date DD.MM.YYYY --form paper",
        student_full_name(student), id, group.name(), id));
  }
  PARTA_RETURN_IF_ERROR(has_consent);
  std::string key = group_key.to_string() + student_key.to_string();
  auto enrolled = txn.exists(RecordType::kEnrolment, key);
  if (!enrolled) return enrolled.status();
  if (*enrolled) return Status::ok();
  records::Enrolment enrolment;
  enrolment.set_group(group_key.to_string());
  enrolment.set_student(student_key.to_string());
  return txn.put(RecordType::kEnrolment, key, enrolment, school_scope(*school));
}

Status SchoolRecords::record_consent(const RecordKey& student_key, Date date,
                                     std::string_view form, std::string_view recorded_by) {
  if (form != "paper" && form != "electronic") {
    return Status::invalid(fmt::format("consent form \"{}\" is not known: use paper or electronic",
                                       form));
  }
  return store_.write([&](WriteTxn& txn) -> Status {
    records::Student student;
    auto school = student_scope_school(txn, student_key, &student);
    if (!school) return school.status();
    const Date birth_date{student.birth_date()};
    if (auto problem = consent_date_problem(date, format_ru(date), birth_date, local_today())) {
      return Status::invalid(
          fmt::format("{} ({}, born {}): {}; record the date written on the parent's application",
                      student_full_name(student), id_text(RecordType::kStudent, student_key),
                      format_ru(birth_date), *problem));
    }
    records::Consent consent;
    consent.set_student(student_key.to_string());
    consent.set_date(date.days_since_epoch);
    consent.set_form(std::string(form));
    consent.set_recorded_by(std::string(recorded_by));
    return txn.put(RecordType::kConsent, student_key.bytes(), consent, school_scope(*school));
  });
}

Result<RecordKey> SchoolRecords::add_teacher(std::string_view last_name,
                                             std::string_view first_name,
                                             std::string_view middle_name,
                                             std::vector<std::string> subjects) {
  if (last_name.empty() || first_name.empty()) {
    return Status::invalid("a teacher needs a last and a first name");
  }
  records::Teacher teacher;
  teacher.set_last_name(std::string(last_name));
  teacher.set_first_name(std::string(first_name));
  teacher.set_middle_name(std::string(middle_name));
  for (auto& subject : subjects) teacher.add_subjects(std::move(subject));
  RecordKey key;
  Status status = store_.write([&](WriteTxn& txn) -> Status {
    key = txn.new_key();
    return txn.put(RecordType::kTeacher, key.bytes(), teacher, school_scope(store_.node().school));
  });
  if (!status.is_ok()) return status;
  return key;
}

Result<RecordKey> SchoolRecords::add_assignment(const AssignmentSpec& spec) {
  if (spec.title.empty()) return Status::invalid("an assignment needs a title");
  if (spec.subject.empty()) return Status::invalid("an assignment needs a subject");
  if (spec.due_date < spec.issue_date) {
    return Status::invalid(fmt::format("due date {} is before the issue date {}",
                                       format_ru(spec.due_date), format_ru(spec.issue_date)));
  }
  if (spec.max_score == 0) return Status::invalid("the maximum score must be at least 1");
  RecordKey key;
  Status status = store_.write([&](WriteTxn& txn) -> Status {
    records::Group group;
    Status has_group = txn.get(RecordType::kGroup, spec.group.bytes(), &group);
    if (has_group.kind() == Status::Kind::kNotFound) {
      return Status::not_found(fmt::format("no group {}; see 'parta list groups'",
                                           id_text(RecordType::kGroup, spec.group)));
    }
    PARTA_RETURN_IF_ERROR(has_group);
    int grade = static_cast<int>(group.grade());
    if (grade == 0) {
      // A distance group without a grade: plan for its youngest students' shorter lessons.
      Status scan = txn.for_each(RecordType::kEnrolment, spec.group.bytes(),
                                 [&](std::string_view, std::string_view value) {
        records::Enrolment enrolment;
        records::Student student;
        records::Group student_class;
        if (enrolment.ParseFromArray(value.data(), static_cast<int>(value.size())) &&
            txn.get(RecordType::kStudent, enrolment.student(), &student).is_ok() &&
            txn.get(RecordType::kGroup, student.class_group(), &student_class).is_ok() &&
            student_class.grade() > 0) {
          int student_grade = static_cast<int>(student_class.grade());
          grade = grade == 0 ? student_grade : std::min(grade, student_grade);
        }
        return true;
      });
      PARTA_RETURN_IF_ERROR(scan);
      if (grade == 0) {
        return Status::invalid(fmt::format(
            "distance group «{}» has no grade and no students yet, so the lesson length is "
            "unknown; enrol students first or recreate the group with --grade", group.name()));
      }
    }
    records::Assignment assignment;
    assignment.set_group(spec.group.to_string());
    assignment.set_subject(spec.subject);
    assignment.set_title(spec.title);
    assignment.set_body(spec.body);
    assignment.set_issue_date(spec.issue_date.days_since_epoch);
    assignment.set_due_date(spec.due_date.days_since_epoch);
    assignment.set_max_score(spec.max_score);
    assignment.set_expected_minutes(expected_lesson_minutes(grade));
    if (spec.teacher) {
      auto known = txn.exists(RecordType::kTeacher, spec.teacher->bytes());
      if (!known) return known.status();
      if (!*known) {
        return Status::not_found(fmt::format("no teacher {}; see 'parta list teachers'",
                                             id_text(RecordType::kTeacher, *spec.teacher)));
      }
      assignment.set_teacher(spec.teacher->to_string());
    }
    key = txn.new_key();
    return txn.put(RecordType::kAssignment, key.bytes(), assignment, group_scope(spec.group));
  });
  if (!status.is_ok()) return status;
  return key;
}

Result<ResultKeys> SchoolRecords::record_result(const ResultSpec& spec) {
  ResultKeys keys;
  Status status = store_.write([&](WriteTxn& txn) -> Status {
    PARTA_RETURN_IF_ERROR(check_assignment_is_for(txn, spec.assignment, spec.student));
    auto written = write_result(txn, spec);
    if (!written) return written.status();
    keys = *written;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return keys;
}

Status SchoolRecords::read_assignment(const ReadView& view, const RecordKey& key,
                                      records::Assignment* out) const {
  Status found = view.get(RecordType::kAssignment, key.bytes(), out);
  if (found.kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format("no assignment {}; see 'parta list assignments'",
                                         id_text(RecordType::kAssignment, key)));
  }
  return found;
}

Result<ResultKeys> SchoolRecords::write_result(WriteTxn& txn, const ResultSpec& spec) {
  if (spec.channel != "online" && spec.channel != "paper") {
    return Status::invalid(fmt::format("channel \"{}\" is not known: use online or paper",
                                       spec.channel));
  }
  records::Student student;
  auto school = student_scope_school(txn, spec.student, &student);
  if (!school) return school.status();
  records::Assignment assignment;
  PARTA_RETURN_IF_ERROR(read_assignment(txn, spec.assignment, &assignment));
  if (spec.score > assignment.max_score()) {
    return Status::invalid(fmt::format("score {} is above the assignment's maximum of {}",
                                       spec.score, assignment.max_score()));
  }
  int64_t when_ms = spec.when_ms != 0 ? spec.when_ms : SystemClock::instance().now_unix_ms();
  const std::string scope = school_scope(*school);
  records::Submission submission;
  submission.set_student(spec.student.to_string());
  submission.set_assignment(spec.assignment.to_string());
  submission.set_channel(spec.channel);
  submission.set_answer(spec.answer);
  submission.set_submitted_ms(when_ms);
  ResultKeys keys;
  keys.submission = txn.new_key();
  PARTA_RETURN_IF_ERROR(
      txn.put(RecordType::kSubmission, keys.submission.bytes(), submission, scope));
  records::Review review;
  review.set_submission(keys.submission.to_string());
  review.set_score(spec.score);
  review.set_text(spec.review_text);
  review.set_reviewer(spec.reviewer);
  review.set_audio_ref(spec.audio_ref);
  review.set_reviewed_ms(when_ms);
  keys.review = txn.new_key();
  PARTA_RETURN_IF_ERROR(txn.put(RecordType::kReview, keys.review.bytes(), review, scope));
  return keys;
}

Status SchoolRecords::set_student_access(const RecordKey& student_key, bool has_access) {
  return store_.write([&](WriteTxn& txn) -> Status {
    records::Student student;
    auto school = student_scope_school(txn, student_key, &student);
    if (!school) return school.status();
    student.set_has_access(access_code(has_access));
    const uint32_t fields[] = {records::Student::kHasAccessFieldNumber};
    return txn.put_fields(RecordType::kStudent, student_key.bytes(), student, fields,
                          school_scope(*school));
  });
}

namespace {

// Attendance records what happened on a day, so a day after today cannot be marked yet.
Status check_attendance_day(Date date, Date today) {
  if (date <= today) return Status::ok();
  return Status::invalid(fmt::format(
      "attendance date {} is after today ({}): mark a day's attendance on that day or later",
      format_ru(date), format_ru(today)));
}

std::string attendance_key(const RecordKey& student_key, Date date) {
  return student_key.to_string() + day_key(date.days_since_epoch);
}

Status put_attendance(WriteTxn& txn, const RecordKey& student_key,
                      const records::Student& student, const RecordKey& school, Date date,
                      AttendanceStatus status) {
  records::Attendance attendance;
  attendance.set_student(student_key.to_string());
  attendance.set_date(date.days_since_epoch);
  attendance.set_status(std::string(attendance_status_name(status)));
  attendance.set_class_group(student.class_group());
  return txn.put(RecordType::kAttendance, attendance_key(student_key, date), attendance,
                 school_scope(school));
}

}  // namespace

Status SchoolRecords::mark_attendance(const RecordKey& student_key, Date date,
                                      AttendanceStatus status) {
  PARTA_RETURN_IF_ERROR(check_attendance_day(date, local_today()));
  return store_.write([&](WriteTxn& txn) -> Status {
    records::Student student;
    auto school = student_scope_school(txn, student_key, &student);
    if (!school) return school.status();
    return put_attendance(txn, student_key, student, *school, date, status);
  });
}

Result<ClassAttendanceSummary> SchoolRecords::mark_class_attendance(const RecordKey& class_group,
                                                                    Date date,
                                                                    AttendanceStatus status,
                                                                    bool replace) {
  PARTA_RETURN_IF_ERROR(check_attendance_day(date, local_today()));
  ClassAttendanceSummary summary;
  Status result = store_.write([&](WriteTxn& txn) -> Status {
    summary = ClassAttendanceSummary{};
    records::Group group;
    PARTA_RETURN_IF_ERROR(txn.get(RecordType::kGroup, class_group.bytes(), &group));
    if (group.distance()) {  // its students are marked in their own classes
      return Status::invalid(fmt::format(
          "«{}» is a distance group, not a class: mark its students' classes (--class), or "
          "each student (--student)",
          group.name()));
    }
    std::vector<RecordKey> students;
    PARTA_RETURN_IF_ERROR(txn.for_each_indexed(
        IndexId::kStudentByClass, class_group.bytes(),
        [&](std::string_view, std::string_view record_key) {
          if (auto key = RecordKey::from_bytes(record_key)) students.push_back(*key);
          return true;
        }));
    for (const RecordKey& student_key : students) {
      records::Attendance earlier;
      Status had = txn.get(RecordType::kAttendance, attendance_key(student_key, date), &earlier);
      if (had.is_ok() && !replace) {
        ++summary.kept;
        ++summary.kept_by_status[earlier.status()];
        continue;
      }
      if (!had.is_ok() && had.kind() != Status::Kind::kNotFound) return had;
      records::Student student;
      auto school = student_scope_school(txn, student_key, &student);
      if (!school) return school.status();
      PARTA_RETURN_IF_ERROR(put_attendance(txn, student_key, student, *school, date, status));
      ++summary.marked;
    }
    return Status::ok();
  });
  if (!result.is_ok()) return result;
  return summary;
}

int64_t SchoolRecords::consultation_deadline_ms(int64_t opened_ms) const {
  auto [day, seconds] = local_day_and_seconds(opened_ms);
  if (calendar_.is_working_day(day)) {
    return local_time_ms(calendar_.next_working_day_after(day), seconds);
  }
  // Opened on a day off: the working day that follows is the one allowed for the answer.
  Date first_working = calendar_.next_working_day_after(day);
  return local_time_ms(Date{first_working.days_since_epoch + 1}, 0);
}

Result<RecordKey> SchoolRecords::open_consultation(const RecordKey& student_key,
                                                   std::optional<RecordKey> teacher,
                                                   std::string_view question, int64_t opened_ms) {
  if (question.empty()) return Status::invalid("a consultation needs the student's question");
  RecordKey key;
  Status status = store_.write([&](WriteTxn& txn) -> Status {
    records::Student student;
    auto school = student_scope_school(txn, student_key, &student);
    if (!school) return school.status();
    records::Consultation consultation;
    consultation.set_student(student_key.to_string());
    if (teacher) {
      auto known = txn.exists(RecordType::kTeacher, teacher->bytes());
      if (!known) return known.status();
      if (!*known) {
        return Status::not_found(fmt::format("no teacher {}; see 'parta list teachers'",
                                             id_text(RecordType::kTeacher, *teacher)));
      }
      consultation.set_teacher(teacher->to_string());
    }
    consultation.set_question(std::string(question));
    consultation.set_opened_ms(opened_ms);
    consultation.set_deadline_ms(consultation_deadline_ms(opened_ms));
    key = txn.new_key();
    return txn.put(RecordType::kConsultation, key.bytes(), consultation, school_scope(*school));
  });
  if (!status.is_ok()) return status;
  return key;
}

Status SchoolRecords::answer_consultation(const RecordKey& key, std::string_view answer,
                                          int64_t answered_ms, std::string_view answered_by) {
  if (answer.empty()) return Status::invalid("the answer is empty");
  return store_.write([&](WriteTxn& txn) -> Status {
    records::Consultation consultation;
    Status found = txn.get(RecordType::kConsultation, key.bytes(), &consultation);
    if (found.kind() == Status::Kind::kNotFound) {
      return Status::not_found(fmt::format("no consultation {}; see 'parta list consultations'",
                                           id_text(RecordType::kConsultation, key)));
    }
    PARTA_RETURN_IF_ERROR(found);
    if (consultation.answered_ms() != 0) {
      return Status::refused(fmt::format("consultation {} is answered already",
                                         id_text(RecordType::kConsultation, key)));
    }
    auto student_key = RecordKey::from_bytes(consultation.student());
    if (!student_key) return student_key.status();
    records::Student student;
    auto school = student_scope_school(txn, *student_key, &student);
    if (!school) return school.status();
    consultation.set_answered_ms(answered_ms);
    consultation.set_answer(std::string(answer));
    consultation.set_answered_by(std::string(answered_by));
    const uint32_t fields[] = {records::Consultation::kAnsweredMsFieldNumber,
                               records::Consultation::kAnswerFieldNumber,
                               records::Consultation::kAnsweredByFieldNumber};
    return txn.put_fields(RecordType::kConsultation, key.bytes(), consultation, fields,
                          school_scope(*school));
  });
}

}  // namespace parta
