// SchoolPlan: the deterministic model of one generated school — its classes, students and
// teachers, and a calendar of what happens on each day of the simulated period (attendance,
// assignments issued, results recorded, consultations opened and answered). Everything follows
// from (seed, size, start date); nothing here touches a disk or a store, so the CSV writer and
// the node filler see exactly the same school.
//
// Sizes: kSmall is two classes of about 20 for a week (tests); kYear is a school of about 600
// (grades 1–11, two or three classes each, about 25 teachers) from the start date to the end of
// May; kDay is that same school on one school day.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/class_name.h"
#include "parta/storage/roster_csv.h"
#include "parta/storage/school_records.h"
#include "parta/storage/status.h"
#include "russian_names.h"
#include "school_calendar.h"

namespace parta::gen {

enum class SchoolSize { kSmall, kDay, kYear };

struct PlanOptions {
  uint64_t seed = 0;
  SchoolSize size = SchoolSize::kSmall;
  Date start_date{};
};

// How the roster file writes a student's class: people type «7Б», «7 Б» or «7-б».
enum class ClassSpelling { kJoined, kSpaced, kHyphenLowercase };

// A moment in the school's local time; the filler turns it into unix milliseconds the way the
// store reads them back (local time zone), so deadlines computed by the store match the plan.
struct LocalTime {
  Date date;
  int minute_of_day;  // 0..1439
};

struct PlannedStudent {
  PersonName name;
  int class_index;
  Date birth_date;
  std::optional<Date> consent_date;  // the parent's written application, if any
  bool has_access;                   // to electronic resources; without it, work goes on paper
  ClassSpelling spelling;
};

struct ClassSubject {
  std::string subject;
  int lessons_per_week;
  int teacher;  // index into SchoolPlan::teachers
};

struct PlannedClass {
  ClassName name;
  std::vector<int> students;  // indices into SchoolPlan::students, in roster order
  std::vector<ClassSubject> subjects;
};

struct PlannedTeacher {
  PersonName name;
  std::vector<std::string> subjects;
};

struct PlannedAssignment {
  int class_index;
  int teacher;
  std::string subject;
  std::string title;
  std::string body;  // Markdown
  Date issue_date;
  Date due_date;
};

struct PlannedResult {
  int student;
  int assignment;  // index into SchoolPlan::assignments, issued on this day or before
  uint32_t score;  // 2..5
  std::string review_text;
  bool on_paper;  // handed in on paper (the student has no access)
  std::string answer;
  LocalTime when;  // submitted and reviewed
};

struct PlannedMark {
  int student;
  AttendanceStatus status;
};

struct PlannedConsultation {
  int student;
  int teacher;
  std::string question;
  LocalTime opened;
  std::optional<LocalTime> answered;  // nullopt: still open when the period ends
  std::string answer;
};

// One calendar day of the period. Days off carry only answers to consultations.
struct PlannedDay {
  Date date;
  bool school_day;
  std::vector<PlannedMark> attendance;
  std::vector<int> assignments_issued;  // indices into SchoolPlan::assignments
  std::vector<PlannedResult> results;
  std::vector<int> consultations_opened;    // indices into SchoolPlan::consultations
  std::vector<int> consultations_answered;  // opened this day or before, in answer order
};

struct SchoolPlan {
  std::string school_name;
  SchoolCalendar calendar{2025};
  std::vector<PlannedTeacher> teachers;
  std::vector<PlannedClass> classes;
  std::vector<PlannedStudent> students;
  std::vector<PlannedAssignment> assignments;
  std::vector<PlannedConsultation> consultations;
  std::vector<PlannedDay> days;
};

// Plans the school. Invalid if the start date is outside a school year (June to August) or,
// for kDay, not a school day; the message says which days are.
Result<SchoolPlan> plan_school(const PlanOptions& options);

// The roster as the store's importer takes it: one row per student, in roster order, `line`
// numbered as in roster.csv (the header is line 1).
std::vector<RosterRow> roster_rows(const SchoolPlan& plan);

// «7Б», «7 Б» or «7-б».
std::string spell_class(const ClassName& name, ClassSpelling spelling);

}  // namespace parta::gen
