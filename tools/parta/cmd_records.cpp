// Commands that record things: groups and enrolment, consents, students' access, teachers,
// assignments, results, attendance, consultations. Each is one durable transaction through
// SchoolRecords.
#include <fmt/format.h>

#include "cli_context.h"
#include "cmd_material.h"

namespace parta::cli {
namespace {

Result<RecordKey> student_key(OpenNode& node, const std::string& text) {
  return node.records->parse_key(text, RecordType::kStudent);
}

struct GroupAddOptions {
  std::string name;
  bool distance = false;
  std::optional<int> grade;
};

Status group_add(OpenNode& node, const GroupAddOptions& options) {
  auto key = node.records->add_group(options.name, options.distance, options.grade);
  if (!key) return key.status();
  fmt::print("{}\n", node.records->id_text(RecordType::kGroup, *key));
  return Status::ok();
}

struct EnrolOptions {
  std::string group;
  std::vector<std::string> students;
};

Status group_enrol(OpenNode& node, const EnrolOptions& options) {
  auto group = node.records->find_group(options.group);
  if (!group) return group.status();
  std::vector<RecordKey> students;
  for (const auto& text : options.students) {
    auto student = student_key(node, text);
    if (!student) return student.status();
    students.push_back(*student);
  }
  PARTA_RETURN_IF_ERROR(node.records->enrol(*group, students));
  fmt::print("Enrolled {} student(s) in {}.\n", students.size(), options.group);
  return Status::ok();
}

struct ConsentOptions {
  std::string student;
  std::string date;
  std::string form;
  std::string recorded_by = "parta";
};

Status consent_record(OpenNode& node, const ConsentOptions& options) {
  auto student = student_key(node, options.student);
  if (!student) return student.status();
  auto date = parse_date_option(options.date);
  if (!date) return date.status();
  PARTA_RETURN_IF_ERROR(
      node.records->record_consent(*student, *date, options.form, options.recorded_by));
  fmt::print("Consent of {} recorded ({}, {}).\n", options.student, format_ru(*date), options.form);
  return Status::ok();
}

struct AccessOptions {
  std::string student, access;
};

Status student_access(OpenNode& node, const AccessOptions& options) {
  auto student = student_key(node, options.student);
  if (!student) return student.status();
  bool has_access = options.access == "yes";
  PARTA_RETURN_IF_ERROR(node.records->set_student_access(*student, has_access));
  fmt::print("{} {} access to electronic resources{}.\n", options.student,
             has_access ? "has" : "has no",
             has_access ? "" : "; 'parta export --no-access-only' prints paper packets for them");
  return Status::ok();
}

struct TeacherOptions {
  std::string last_name, first_name, middle_name;
  std::vector<std::string> subjects;
};

Status teacher_add(OpenNode& node, const TeacherOptions& options) {
  auto key = node.records->add_teacher(options.last_name, options.first_name,
                                       options.middle_name, options.subjects);
  if (!key) return key.status();
  fmt::print("{}\n", node.records->id_text(RecordType::kTeacher, *key));
  return Status::ok();
}

// A task text is a few pages of Markdown; images travel as materials, not in the body.
constexpr size_t kBodyBytesMax = size_t{1} << 20;

struct AssignmentOptions {
  std::string group, subject, title, body_file, due, issued = "today", teacher;
  uint32_t max_score = 5;
};

Status assignment_add(OpenNode& node, const AssignmentOptions& options) {
  AssignmentSpec spec;
  auto issued = parse_date_option(options.issued);
  if (!issued) return issued.status();
  auto due = parse_date_option(options.due);
  if (!due) return due.status();
  auto group = node.records->find_group(options.group);
  if (!group) return group.status();
  spec.group = *group;
  spec.subject = options.subject;
  spec.title = options.title;
  if (!options.body_file.empty()) {
    auto body = read_whole_file(options.body_file, kBodyBytesMax);
    if (!body) return body.status();
    spec.body = std::move(*body);
  }
  spec.issue_date = *issued;
  spec.due_date = *due;
  spec.max_score = options.max_score;
  if (!options.teacher.empty()) {
    auto teacher = node.records->parse_key(options.teacher, RecordType::kTeacher);
    if (!teacher) return teacher.status();
    spec.teacher = *teacher;
  }
  auto key = node.records->add_assignment(spec);
  if (!key) return key.status();
  fmt::print("{}\n", node.records->id_text(RecordType::kAssignment, *key));
  return Status::ok();
}

struct ResultOptions {
  std::string student, assignment, review, channel = "online", reviewer, audio;
  uint32_t score = 0;
};

Status result_record(OpenNode& node, const ResultOptions& options) {
  ResultSpec spec;
  auto student = student_key(node, options.student);
  if (!student) return student.status();
  auto assignment = node.records->parse_key(options.assignment, RecordType::kAssignment);
  if (!assignment) return assignment.status();
  spec.student = *student;
  spec.assignment = *assignment;
  spec.score = options.score;
  spec.review_text = options.review;
  spec.channel = options.channel;
  spec.reviewer = options.reviewer;
  if (!options.audio.empty()) {
    auto audio = store_audio_review(node, options.audio, spec.assignment, spec.student);
    if (!audio) return audio.status();
    spec.audio_ref = *audio;
  }
  auto keys = node.records->record_result(spec);
  if (!keys) return keys.status();
  fmt::print("{}\n", node.records->id_text(RecordType::kReview, keys->review));
  return Status::ok();
}

struct AttendanceOptions {
  std::string date = "today", student, class_name, status;
  bool replace = false;
};

// "; kept 2 marked earlier that day (ill 1, remote 1): ..." when a class mark kept any marks.
std::string kept_marks_note(const ClassAttendanceSummary& summary) {
  if (summary.kept == 0) return "";
  std::vector<std::string> kept;
  for (const auto& [status, count] : summary.kept_by_status) {
    kept.push_back(fmt::format("{} {}", status, count));
  }
  return fmt::format(
      "; kept {} marked earlier that day ({}): mark them one by one with --student to change "
      "them, or the whole class again with --replace",
      summary.kept, fmt::join(kept, ", "));
}

Status attendance_mark(OpenNode& node, const AttendanceOptions& options) {
  auto date = parse_date_option(options.date);
  if (!date) return date.status();
  auto status = parse_attendance_status(options.status);
  if (!status) return status.status();
  if (!options.student.empty()) {
    auto student = student_key(node, options.student);
    if (!student) return student.status();
    PARTA_RETURN_IF_ERROR(node.records->mark_attendance(*student, *date, *status));
    fmt::print("Marked {} {} on {}.\n", options.student, options.status, format_ru(*date));
    return Status::ok();
  }
  auto group = node.records->find_group(options.class_name);
  if (!group) return group.status();
  auto summary = node.records->mark_class_attendance(*group, *date, *status, options.replace);
  if (!summary) return summary.status();
  fmt::print("Marked {} student{} of {} {} on {}{}.\n", summary->marked,
             summary->marked == 1 ? "" : "s", options.class_name, options.status, format_ru(*date),
             kept_marks_note(*summary));
  return Status::ok();
}

struct ConsultationOpenOptions {
  std::string student, teacher, question;
};

Status consultation_open(OpenNode& node, const ConsultationOpenOptions& options) {
  auto student = student_key(node, options.student);
  if (!student) return student.status();
  std::optional<RecordKey> teacher;
  if (!options.teacher.empty()) {
    auto key = node.records->parse_key(options.teacher, RecordType::kTeacher);
    if (!key) return key.status();
    teacher = *key;
  }
  auto key = node.records->open_consultation(*student, teacher, options.question, now_unix_ms());
  if (!key) return key.status();
  fmt::print("{}\n", node.records->id_text(RecordType::kConsultation, *key));
  return Status::ok();
}

struct ConsultationAnswerOptions {
  std::string id, text, by;
};

Status consultation_answer(OpenNode& node, const ConsultationAnswerOptions& options) {
  auto key = node.records->parse_key(options.id, RecordType::kConsultation);
  if (!key) return key.status();
  PARTA_RETURN_IF_ERROR(node.records->answer_consultation(*key, options.text, now_unix_ms(),
                                                          acting_user(options.by)));
  fmt::print("Answered {}.\n", options.id);
  return Status::ok();
}

void add_group_commands(CLI::App& app, CliContext& context) {
  auto* group = app.add_subcommand("group", "classes and distance groups");
  group->require_subcommand(1);
  auto add_options = std::make_shared<GroupAddOptions>();
  auto* add = group->add_subcommand(
      "add", "add a class («7Б») or, with --distance, a distance group; prints its id");
  add->add_option("--name", add_options->name, "the class or group name")->required();
  add->add_flag("--distance", add_options->distance,
                "a distance group (may hold students of several schools; needs consents)");
  add->add_option("--grade", add_options->grade, "grade 1-11 of a distance group")
      ->check(CLI::Range(1, 11));
  on_run(add, context, add_options, &group_add);

  auto enrol_options = std::make_shared<EnrolOptions>();
  auto* enrol = group->add_subcommand(
      "enrol",
      "enrol students in a distance group, all or none; each needs a parent's consent "
      "on record (a class's students come from the roster import)");
  enrol->add_option("--group", enrol_options->group, "distance group name or id")->required();
  enrol->add_option("--student", enrol_options->students, "student id (repeatable)")->required();
  on_run(enrol, context, enrol_options, &group_enrol);
}

void add_work_commands(CLI::App& app, CliContext& context) {
  auto* assignment = app.add_subcommand("assignment", "assignments for a group");
  assignment->require_subcommand(1);
  auto add_options = std::make_shared<AssignmentOptions>();
  auto* add = assignment->add_subcommand(
      "add", "add an assignment; its expected time follows from the grade (1-4: 15 min, "
             "5-9: 20, 10-11: 30); prints its id");
  add->add_option("--group", add_options->group, "group name («7Б») or id")->required();
  add->add_option("--subject", add_options->subject, "subject, e.g. Математика")->required();
  add->add_option("--title", add_options->title, "title")->required();
  add->add_option("--body-file", add_options->body_file, "task text in Markdown (UTF-8)");
  add->add_option("--due", add_options->due, "due date, YYYY-MM-DD or DD.MM.YYYY")->required();
  add->add_option("--issued", add_options->issued, "issue date")->capture_default_str();
  add->add_option("--max-score", add_options->max_score, "maximum score")->capture_default_str();
  add->add_option("--teacher", add_options->teacher, "teacher id");
  on_run(add, context, add_options, &assignment_add);

  auto* result = app.add_subcommand("result", "students' results");
  result->require_subcommand(1);
  auto result_options = std::make_shared<ResultOptions>();
  auto* record =
      result->add_subcommand("record",
                             "record a submission with its score and review, for a student of the "
                             "assignment's group (its class, or enrolled in the distance group)");
  record->add_option("--student", result_options->student, "student id")->required();
  record->add_option("--assignment", result_options->assignment, "assignment id")->required();
  record->add_option("--score", result_options->score, "score")->required();
  record->add_option("--review", result_options->review, "the teacher's review text");
  record->add_option("--reviewer", result_options->reviewer, "who reviewed");
  record->add_option("--audio", result_options->audio,
                     "a recorded review (any audio file), kept in DIR/materials.git within "
                     "[materials] audio_bytes_max of DIR/parta.toml (10 MiB unless set)");
  record->add_option("--channel", result_options->channel, "online or paper")
      ->check(CLI::IsMember({"online", "paper"}))->capture_default_str();
  on_run(record, context, result_options, &result_record);
}

void add_people_commands(CLI::App& app, CliContext& context) {
  auto* consent = app.add_subcommand("consent", "parents' written consents to distance learning");
  consent->require_subcommand(1);
  auto consent_options = std::make_shared<ConsentOptions>();
  auto* record = consent->add_subcommand("record", "record a parent's written application");
  record->add_option("--student", consent_options->student, "student id")->required();
  record
      ->add_option("--date", consent_options->date,
                   "date of the application: not in the future, not before the birth date")
      ->required();
  record->add_option("--form", consent_options->form, "paper or electronic")
      ->required()->check(CLI::IsMember({"paper", "electronic"}));
  record->add_option("--recorded-by", consent_options->recorded_by, "who recorded it");
  on_run(record, context, consent_options, &consent_record);

  auto* student = app.add_subcommand("student", "students");
  student->require_subcommand(1);
  auto access_options = std::make_shared<AccessOptions>();
  auto* access = student->add_subcommand(
      "access", "record whether a student can use a device and a connection at home");
  access->add_option("ID", access_options->student, "student id")->required();
  access->add_option("ACCESS", access_options->access, "yes or no")
      ->required()->check(CLI::IsMember({"yes", "no"}));
  on_run(access, context, access_options, &student_access);

  auto* teacher = app.add_subcommand("teacher", "teachers");
  teacher->require_subcommand(1);
  auto teacher_options = std::make_shared<TeacherOptions>();
  auto* add = teacher->add_subcommand("add", "add a teacher; prints the id");
  add->add_option("--last-name", teacher_options->last_name, "last name")->required();
  add->add_option("--first-name", teacher_options->first_name, "first name")->required();
  add->add_option("--middle-name", teacher_options->middle_name, "patronymic");
  add->add_option("--subject", teacher_options->subjects, "subject taught (repeatable)");
  on_run(add, context, teacher_options, &teacher_add);
}

void add_daily_commands(CLI::App& app, CliContext& context) {
  auto* attendance = app.add_subcommand("attendance", "daily monitoring");
  attendance->require_subcommand(1);
  auto mark_options = std::make_shared<AttendanceOptions>();
  auto* mark = attendance->add_subcommand(
      "mark",
      "mark a student present, remote or ill on a day; or a whole class: those of its "
      "students not marked yet that day (earlier marks are kept)");
  mark->add_option("--date", mark_options->date, "the day: today or earlier")
      ->capture_default_str();
  auto* student = mark->add_option("--student", mark_options->student, "student id");
  auto* klass = mark->add_option("--class", mark_options->class_name, "class, e.g. 7Б");
  student->excludes(klass);
  mark->add_option("--status", mark_options->status, "present, remote or ill")
      ->required()->check(CLI::IsMember({"present", "remote", "ill"}));
  mark->add_flag("--replace", mark_options->replace,
                 "with --class: mark every student, also those marked earlier that day (a class "
                 "marked wrongly); without it their marks are kept")
      ->needs(klass);
  mark->callback([&context, mark_options, student, klass] {
    context.action = [&context, mark_options, student, klass]() -> Status {
      if (student->count() == 0 && klass->count() == 0) {
        return Status::invalid("attendance mark needs --student ID or --class C");
      }
      auto node = open_node(context);
      if (!node) return node.status();
      return attendance_mark(*node, *mark_options);
    };
  });

  auto* consultation = app.add_subcommand(
      "consultation", "students' requests for help, answered within one working day");
  consultation->require_subcommand(1);
  auto open_options = std::make_shared<ConsultationOpenOptions>();
  auto* open = consultation->add_subcommand("open", "record a student's question; prints its id");
  open->add_option("--student", open_options->student, "student id")->required();
  open->add_option("--teacher", open_options->teacher, "teacher id");
  open->add_option("--question", open_options->question, "the question")->required();
  on_run(open, context, open_options, &consultation_open);

  auto answer_options = std::make_shared<ConsultationAnswerOptions>();
  auto* answer = consultation->add_subcommand("answer", "record the answer to a consultation");
  answer->add_option("ID", answer_options->id, "consultation id")->required();
  answer->add_option("--text", answer_options->text, "the answer")->required();
  answer->add_option("--by", answer_options->by, "who answered (default: login name)");
  on_run(answer, context, answer_options, &consultation_answer);
}

}  // namespace

void add_record_commands(CLI::App& app, CliContext& context) {
  add_group_commands(app, context);
  add_work_commands(app, context);
  add_people_commands(app, context);
  add_daily_commands(app, context);
}

}  // namespace parta::cli
