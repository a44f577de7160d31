// `parta list ...`: what the node holds, as tables or --json.
#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli_context.h"
#include "listing.h"
#include "parta/storage/class_name.h"

namespace parta::cli {
namespace {

struct ListOptions {
  std::string class_name, group, student, assignment, date;
  bool overdue = false;
  bool without_consent = false;
};

template <typename Record>
Status parse_value(std::string_view value, Record* out) {
  if (!out->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Status::corrupt("a stored record does not parse; run 'parta check'");
  }
  return Status::ok();
}

Cell key_cell(OpenNode& node, RecordType type, std::string_view bytes) {
  auto key = RecordKey::from_bytes(bytes);
  if (!key || key->is_null()) return std::monostate{};
  return node.records->id_text(type, *key);
}

// Everything a listing needs to name groups and students, read once.
struct Names {
  std::map<std::string, records::Group> groups;
  std::map<std::string, records::Student> students;
  std::string group_name(const std::string& key) const {
    auto found = groups.find(key);
    return found == groups.end() ? "" : found->second.name();
  }
};

Status load_names(const ReadView& view, Names* names) {
  Status status = Status::ok();
  PARTA_RETURN_IF_ERROR(view.for_each(RecordType::kGroup, "", [&](auto key, auto value) {
    status = parse_value(value, &names->groups[std::string(key)]);
    return status.is_ok();
  }));
  PARTA_RETURN_IF_ERROR(status);
  PARTA_RETURN_IF_ERROR(view.for_each(RecordType::kStudent, "", [&](auto key, auto value) {
    status = parse_value(value, &names->students[std::string(key)]);
    return status.is_ok();
  }));
  return status;
}

Status list_students(OpenNode& node, const ListOptions& options, Listing* out) {
  out->columns = {"id", "last_name", "first_name", "middle_name", "class", "grade",
                  "birth_date", "consent", "access"};
  std::optional<RecordKey> only_class;
  if (!options.class_name.empty()) {
    auto group = node.records->find_group(options.class_name);
    if (!group) return group.status();
    only_class = *group;
  }
  return node.store->read([&](const ReadView& view) -> Status {
    Names names;
    PARTA_RETURN_IF_ERROR(load_names(view, &names));
    std::vector<std::pair<std::string, const records::Student*>> students;
    for (const auto& [key, student] : names.students) {
      if (only_class && student.class_group() != only_class->bytes()) continue;
      students.emplace_back(key, &student);
    }
    auto roster_order = [&](const auto& a, const auto& b) {
      return roster_sort_key(*a.second, names.groups[a.second->class_group()]) <
             roster_sort_key(*b.second, names.groups[b.second->class_group()]);
    };
    std::sort(students.begin(), students.end(), roster_order);
    for (const auto& [key, student] : students) {
      records::Consent consent;
      Cell consent_cell = std::monostate{};
      if (view.get(RecordType::kConsent, key, &consent).is_ok() && !consent.withdrawn()) {
        consent_cell = format_iso(Date{consent.date()});
      }
      if (options.without_consent && !std::holds_alternative<std::monostate>(consent_cell)) {
        continue;
      }
      Cell access = std::monostate{};
      if (student->has_access() != 0) access = student->has_access() == 1;
      const auto& group = names.groups[student->class_group()];
      out->add({key_cell(node, RecordType::kStudent, key), student->last_name(),
                student->first_name(), student->middle_name(), group.name(),
                int64_t{group.grade()}, format_iso(Date{student->birth_date()}), consent_cell,
                access});
    }
    return Status::ok();
  });
}

Status list_groups(OpenNode& node, const ListOptions&, Listing* out) {
  out->columns = {"id", "name", "kind", "grade", "students"};
  return node.store->read([&](const ReadView& view) -> Status {
    Names names;
    PARTA_RETURN_IF_ERROR(load_names(view, &names));
    std::map<std::string, int64_t> members;
    for (const auto& [key, student] : names.students) ++members[student.class_group()];
    PARTA_RETURN_IF_ERROR(view.for_each(RecordType::kEnrolment, "", [&](auto key, auto) {
      ++members[std::string(key.substr(0, RecordKey::kBytes))];
      return true;
    }));
    std::vector<std::pair<std::string, const records::Group*>> groups;
    for (const auto& [key, group] : names.groups) groups.emplace_back(key, &group);
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
      return std::make_tuple(a.second->distance(), a.second->grade(), a.second->letter(), a.second->name()) <
             std::make_tuple(b.second->distance(), b.second->grade(), b.second->letter(), b.second->name());
    });
    for (const auto& [key, group] : groups) {
      Cell grade = std::monostate{};
      if (group->grade() != 0) grade = int64_t{group->grade()};
      out->add({key_cell(node, RecordType::kGroup, key), group->name(),
                std::string(group->distance() ? "distance" : "class"), grade, members[key]});
    }
    return Status::ok();
  });
}

Status list_teachers(OpenNode& node, const ListOptions&, Listing* out) {
  out->columns = {"id", "last_name", "first_name", "middle_name", "subjects"};
  return node.store->read([&](const ReadView& view) -> Status {
    Status status = Status::ok();
    PARTA_RETURN_IF_ERROR(view.for_each(RecordType::kTeacher, "", [&](auto key, auto value) {
      records::Teacher teacher;
      status = parse_value(value, &teacher);
      std::string subjects;
      for (const auto& subject : teacher.subjects()) {
        subjects += (subjects.empty() ? "" : ", ") + subject;
      }
      out->add({key_cell(node, RecordType::kTeacher, key), teacher.last_name(),
                teacher.first_name(), teacher.middle_name(), subjects});
      return status.is_ok();
    }));
    return status;
  });
}

Status list_assignments(OpenNode& node, const ListOptions& options, Listing* out) {
  out->columns = {"id", "group", "subject", "title", "issued", "due", "expected_minutes",
                  "max_score"};
  std::string prefix;
  if (!options.group.empty()) {
    auto group = node.records->find_group(options.group);
    if (!group) return group.status();
    prefix = group->to_string();
  }
  return node.store->read([&](const ReadView& view) -> Status {
    Names names;
    PARTA_RETURN_IF_ERROR(load_names(view, &names));
    Status status = Status::ok();
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(
        IndexId::kAssignmentByGroup, prefix, [&](auto, std::string_view key) {
          records::Assignment assignment;
          status = view.get(RecordType::kAssignment, key, &assignment);
          if (!status.is_ok()) return false;
          out->add({key_cell(node, RecordType::kAssignment, key),
                    names.group_name(assignment.group()), assignment.subject(), assignment.title(),
                    format_iso(Date{assignment.issue_date()}), format_iso(Date{assignment.due_date()}),
                    int64_t{assignment.expected_minutes()}, int64_t{assignment.max_score()}});
          return true;
        }));
    return status;
  });
}

Status list_results(OpenNode& node, const ListOptions& options, Listing* out) {
  out->columns = {"student_id", "student", "assignment_id", "title", "score", "max_score",
                  "channel", "review_id", "review", "audio", "submitted"};
  auto student = filter_key(node, options.student, RecordType::kStudent);
  if (!student) return student.status();
  auto only_assignment = filter_key(node, options.assignment, RecordType::kAssignment);
  if (!only_assignment) return only_assignment.status();
  // The student's results by one index, or the assignment's by the other; given both, the
  // student's, keeping that assignment's.
  IndexId index = IndexId::kSubmissionByStudent;
  std::string prefix;
  if (*student) {
    prefix = (*student)->to_string();
  } else if (*only_assignment) {
    index = IndexId::kSubmissionByAssignment;
    prefix = (*only_assignment)->to_string();
  }
  return node.store->read([&](const ReadView& view) -> Status {
    Names names;
    PARTA_RETURN_IF_ERROR(load_names(view, &names));
    Status status = Status::ok();
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(index, prefix, [&](auto, std::string_view key) {
      records::Submission submission;
      records::Assignment assignment;
      status = view.get(RecordType::kSubmission, key, &submission);
      if (!status.is_ok()) return false;
      if (*only_assignment && submission.assignment() != (*only_assignment)->bytes()) return true;
      // An assignment this node does not hold (yet) leaves the title empty, not the listing.
      status = view.get(RecordType::kAssignment, submission.assignment(), &assignment);
      if (status.kind() == Status::Kind::kNotFound) status = Status::ok();
      if (!status.is_ok()) return false;
      records::Review latest;  // the last review of a submission is the one that counts
      std::string latest_key;
      bool reviewed = false;
      Status review_status = Status::ok();
      status = view.for_each_indexed(
          IndexId::kReviewBySubmission, key, [&](auto, std::string_view review_key) {
            records::Review review;
            review_status = view.get(RecordType::kReview, review_key, &review);
            if (!review_status.is_ok()) return false;
            if (!reviewed || review.reviewed_ms() >= latest.reviewed_ms()) {
              latest = review;
              latest_key = review_key;
              reviewed = true;
            }
            return true;
          });
      if (status.is_ok()) status = review_status;
      if (!status.is_ok()) return false;
      Cell score = std::monostate{}, review_id = std::monostate{}, audio = std::monostate{};
      if (reviewed) {
        score = int64_t{latest.score()};
        review_id = key_cell(node, RecordType::kReview, latest_key);
        audio = !latest.audio_ref().empty();  // 'parta material get --review ID' writes it out
      }
      out->add({key_cell(node, RecordType::kStudent, submission.student()),
                student_full_name(names.students[submission.student()]),
                key_cell(node, RecordType::kAssignment, submission.assignment()),
                assignment.title(), score, int64_t{assignment.max_score()}, submission.channel(),
                review_id, latest.text(), audio, local_time_text(submission.submitted_ms())});
      return status.is_ok();
    }));
    return status;
  });
}

Status list_attendance(OpenNode& node, const ListOptions& options, Listing* out) {
  out->columns = {"student_id", "student", "class", "date", "status"};
  auto date = parse_date_option(options.date.empty() ? "today" : options.date);
  if (!date) return date.status();
  std::string prefix = day_key(date->days_since_epoch);
  if (!options.class_name.empty()) {
    auto group = node.records->find_group(options.class_name);
    if (!group) return group.status();
    prefix += group->to_string();
  }
  return node.store->read([&](const ReadView& view) -> Status {
    Names names;
    PARTA_RETURN_IF_ERROR(load_names(view, &names));
    Status status = Status::ok();
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(
        IndexId::kAttendanceByDateClass, prefix, [&](auto, std::string_view key) {
          records::Attendance attendance;
          status = view.get(RecordType::kAttendance, key, &attendance);
          if (!status.is_ok()) return false;
          out->add({key_cell(node, RecordType::kStudent, attendance.student()),
                    student_full_name(names.students[attendance.student()]),
                    names.group_name(attendance.class_group()),
                    format_iso(Date{attendance.date()}), attendance.status()});
          return true;
        }));
    return status;
  });
}

Status list_consultations(OpenNode& node, const ListOptions& options, Listing* out) {
  out->columns = {"id",       "student_id", "student",     "question", "opened",
                  "deadline", "answered",   "answered_by", "answer",   "overdue"};
  int64_t now = now_unix_ms();
  return node.store->read([&](const ReadView& view) -> Status {
    Names names;
    PARTA_RETURN_IF_ERROR(load_names(view, &names));
    Status status = Status::ok();
    PARTA_RETURN_IF_ERROR(view.for_each(RecordType::kConsultation, "", [&](auto key, auto value) {
      records::Consultation consultation;
      status = parse_value(value, &consultation);
      int64_t answered_or_now = consultation.answered_ms() != 0 ? consultation.answered_ms() : now;
      bool overdue = answered_or_now > consultation.deadline_ms();
      if (options.overdue && !overdue) return status.is_ok();
      out->add({key_cell(node, RecordType::kConsultation, key),
                key_cell(node, RecordType::kStudent, consultation.student()),
                student_full_name(names.students[consultation.student()]), consultation.question(),
                local_time_text(consultation.opened_ms()),
                local_time_text(consultation.deadline_ms()),
                local_time_text(consultation.answered_ms()), consultation.answered_by(),
                consultation.answer(), overdue});
      return status.is_ok();
    }));
    return status;
  });
}

using Lister = Status (*)(OpenNode&, const ListOptions&, Listing*);

CLI::App* add_lister(CLI::App* list, CliContext& context, std::shared_ptr<ListOptions> options,
                     const char* name, const char* help, Lister lister) {
  auto* command = list->add_subcommand(name, help);
  command->add_flag("--json", context.json, "print a JSON array of objects (snake_case keys)");
  command->callback([&context, options, lister] {
    context.action = [&context, options, lister]() -> Status {
      auto node = open_node(context);
      if (!node) return node.status();
      Listing listing;
      PARTA_RETURN_IF_ERROR(lister(*node, *options, &listing));
      print_listing(listing, context.json);
      return Status::ok();
    };
  });
  return command;
}

}  // namespace

void add_list_commands(CLI::App& app, CliContext& context) {
  auto* list = app.add_subcommand("list", "list what the node holds");
  list->require_subcommand(1);
  auto options = std::make_shared<ListOptions>();
  auto* students =
      add_lister(list, context, options, "students", "students in roster order", &list_students);
  students->add_option("--class", options->class_name, "only this class, e.g. 7Б");
  students->add_flag("--without-consent", options->without_consent,
                     "only students with no parent's consent to distance learning on record");
  add_lister(list, context, options, "groups", "classes and distance groups", &list_groups);
  add_lister(list, context, options, "teachers", "teachers", &list_teachers);
  add_lister(list, context, options, "assignments", "assignments by group", &list_assignments)
      ->add_option("--group", options->group, "only this group (name or id)");
  auto* results = add_lister(list, context, options, "results",
                             "results: each submission with its latest review", &list_results);
  results->add_option("--student", options->student, "only this student's results");
  results->add_option("--assignment", options->assignment, "only this assignment's results");
  auto* attendance = add_lister(list, context, options, "attendance",
                                "attendance marks of one day", &list_attendance);
  attendance->add_option("--date", options->date, "the day (default today)");
  attendance->add_option("--class", options->class_name, "only this class");
  add_lister(list, context, options, "consultations",
             "consultations with their one-working-day deadline", &list_consultations)
      ->add_flag("--overdue", options->overdue, "only those answered late or still open past "
                                                "the deadline");
}

}  // namespace parta::cli
