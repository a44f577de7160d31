// SchoolRecords: the school's rules on top of the Store. Every teacher- or IT-facing write goes
// through here so the rules hold however it is reached (CLI, generator, later the web pages):
// - a student's class comes from the roster import alone; enrolment is for distance groups,
//   which a student joins only with a recorded, not withdrawn parent's consent;
// - an assignment's expected time follows from its group's grade (1–4: 15, 5–9: 20,
//   10–11: 30 minutes);
// - a consultation must be answered within one working day (weekends, holidays skipped);
// - results are a submission plus a review, both append-only, recorded only for the students
//   the assignment is for (group_members);
// - attendance is marked for today or earlier, and marking a whole class keeps the marks made
//   earlier that day;
// - importing a roster is all or nothing, and importing the same roster again adds nothing,
//   also when it writes ё as е.
//
// Each call is one durable transaction. Errors are Status values whose messages say what is
// wrong and what to do. Thread safety: as the Store it wraps.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/roster_csv.h"
#include "parta/storage/store.h"
#include "records.pb.h"

namespace parta {

// "Иванов Иван Иванович", as a class register writes it.
std::string student_full_name(const records::Student& student);
std::string teacher_full_name(const records::Teacher& teacher);
// Sorts students as a class register does: by class (grade, then letter), then surname, name
// and patronymic, case-insensitive, «Ё» with «Е». Compare the keys as byte strings.
std::string roster_sort_key(const records::Student& student, const records::Group& class_group);

// Who an assignment of `group` (its key and record) is for: a class's students, or the students
// enrolled in a distance group (a hub holds its attached schools' students and their
// enrolments; enrolments into a class, which earlier releases allowed, do not count). Student
// keys as bytes. Paper packets are printed for them, and results are recorded for them and for
// students whose work for the assignment is already on record
// (SchoolRecords::check_assignment_is_for).
Result<std::set<std::string>> group_members(const ReadView& view, std::string_view group_key,
                                            const records::Group& group);

enum class AttendanceStatus { kPresent, kRemote, kIll };
Result<AttendanceStatus> parse_attendance_status(std::string_view text);
std::string_view attendance_status_name(AttendanceStatus status);

// A name the import now spells as the roster does (with е for ё or the other way round).
struct RosterRespelling {
  std::string was, now;  // the student's full name before and after
};

struct RosterImportSummary {
  int students_added = 0;
  int students_updated = 0;  // class, access, consent or the spelling of a name changed
  int students_unchanged = 0;
  int classes_created = 0;
  int consents_recorded = 0;
  std::vector<RosterRespelling> respelled;  // of the updated, in the roster's order
};

// What marking a whole class for a day did.
struct ClassAttendanceSummary {
  int marked = 0;  // students who had no mark for the day and have one now
  int kept = 0;    // students marked earlier that day, whose marks were left as they were
  std::map<std::string, int> kept_by_status;  // "ill" → 1, "remote" → 1
};

struct AssignmentSpec {
  RecordKey group;
  std::string subject;
  std::string title;
  std::string body;            // Markdown
  Date issue_date{};
  Date due_date{};
  uint32_t max_score = 5;      // the Russian five-point scale by default
  std::optional<RecordKey> teacher;
};

struct ResultSpec {
  RecordKey student;
  RecordKey assignment;
  uint32_t score = 0;
  std::string review_text;
  std::string channel = "online";  // "online" or "paper"
  std::string answer;
  std::string reviewer;
  int64_t when_ms = 0;
  std::string audio_ref;  // commit id of an audio review in DIR/materials.git, if any
};

struct ResultKeys {
  RecordKey submission;
  RecordKey review;
};

class SchoolRecords {
 public:
  SchoolRecords(Store& store, WorkingCalendar calendar)
      : store_(store), calendar_(std::move(calendar)) {}

  Store& store() { return store_; }

  // Adds the rows' students and classes; a student already present (same names in any case
  // and with «Ё» as «Е», name_match_key; same birth date) is updated, not duplicated, and takes
  // the row's spelling of a name that differs in more than letter case. `recorded_by` names
  // who recorded the consents.
  Result<RosterImportSummary> import_roster(const std::vector<RosterRow>& rows,
                                            std::string_view recorded_by);

  // A class («7Б»: grade from the name) or a distance group (grade optional). Refused if a
  // group of that name exists.
  Result<RecordKey> add_group(std::string_view name, bool distance, std::optional<int> grade);
  // Finds a group by name («7 б» finds «7Б») or id ("g3-…"). NotFound names what was asked.
  Result<RecordKey> find_group(std::string_view name_or_id);

  // Enrols all of `students` in a distance group or none: Refused unless each has a parent's
  // consent on record (the message names the first who has not); Refused for a class, whose
  // students come from the roster import.
  Status enrol(const RecordKey& group, std::span<const RecordKey> students);
  Status enrol(const RecordKey& group, const RecordKey& student) { return enrol(group, {&student, 1}); }
  // Records (or replaces) the student's consent. Invalid for a form other than paper or
  // electronic, or a date after today or before the student's birth date, as a roster's
  // consent column is checked (consent_date_problem).
  Status record_consent(const RecordKey& student, Date date, std::string_view form,
                        std::string_view recorded_by);
  Result<RecordKey> add_teacher(std::string_view last_name, std::string_view first_name,
                                std::string_view middle_name, std::vector<std::string> subjects);
  Result<RecordKey> add_assignment(const AssignmentSpec& spec);
  // Refused for a student the assignment is not for (check_assignment_is_for); Invalid for an
  // unknown channel or a score above the assignment's maximum.
  Result<ResultKeys> record_result(const ResultSpec& spec);
  // Ok when `student` is one of the group_members of the group `assignment` is for; Refused
  // otherwise, naming the student and the group and saying what to do; NotFound for an unknown
  // student or assignment, or an assignment whose group this node does not hold.
  Status check_assignment_is_for(const ReadView& view, const RecordKey& assignment,
                                 const RecordKey& student) const;
  // Whether the student can use electronic resources; students without get paper packets.
  Status set_student_access(const RecordKey& student, bool has_access);
  // Invalid for a date after today (the store's wall clock, local time).
  Status mark_attendance(const RecordKey& student, Date date, AttendanceStatus status);
  // Marks the students of a class who have no mark for that day yet; those marked earlier
  // that day (one by one, or by an earlier class mark) keep their marks, so marking the class
  // present never overwrites an "ill", unless `replace` (a whole class marked wrongly).
  // Invalid for a date after today, and for a distance group (not a class).
  Result<ClassAttendanceSummary> mark_class_attendance(const RecordKey& class_group, Date date,
                                                       AttendanceStatus status,
                                                       bool replace = false);
  Result<RecordKey> open_consultation(const RecordKey& student, std::optional<RecordKey> teacher,
                                      std::string_view question, int64_t opened_ms);
  // `answered_by` says who answered (a name or login; may be empty). Refused if answered.
  Status answer_consultation(const RecordKey& consultation, std::string_view answer,
                             int64_t answered_ms, std::string_view answered_by);
  // One working day after `opened_ms` (local time): the same time on the next working day;
  // a request made on a day off counts from the start of the next working day.
  int64_t consultation_deadline_ms(int64_t opened_ms) const;

  // Parses a text id of the given type, or "s17" for a record born here.
  Result<RecordKey> parse_key(std::string_view text, RecordType type) const;
  std::string id_text(RecordType type, const RecordKey& key) const;

 private:
  friend class PaperPackets;  // records a paper result in the transaction that reviews a packet
  Result<ResultKeys> write_result(WriteTxn& txn, const ResultSpec& spec);
  // Today on the store's wall clock, in local time.
  Date local_today() const;
  Status read_assignment(const ReadView& view, const RecordKey& key,
                         records::Assignment* out) const;
  Status enrol_one(WriteTxn& txn, const RecordKey& group_key, const records::Group& group,
                   const RecordKey& student_key);
  Result<RecordKey> student_scope_school(const ReadView& view, const RecordKey& student,
                                         records::Student* out) const;
  Store& store_;
  const WorkingCalendar calendar_;
};

}  // namespace parta
