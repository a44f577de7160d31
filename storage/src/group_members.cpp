// Who a group's assignments are for, and the check that a student is one of them; see
// school_records.h.
#include <fmt/format.h>

#include "parta/storage/school_records.h"

namespace parta {

Result<std::set<std::string>> group_members(const ReadView& view, std::string_view group_key,
                                            const records::Group& group) {
  std::set<std::string> keys;
  if (!group.distance()) {
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(IndexId::kStudentByClass, group_key,
                                                [&](auto, std::string_view student) {
                                                  keys.emplace(student);
                                                  return true;
                                                }));
    return keys;
  }
  PARTA_RETURN_IF_ERROR(
      view.for_each(RecordType::kEnrolment, group_key, [&](std::string_view key, auto) {
        if (key.size() == 2 * RecordKey::kBytes) keys.emplace(key.substr(RecordKey::kBytes));
        return true;
      }));
  return keys;
}

Status SchoolRecords::check_assignment_is_for(const ReadView& view, const RecordKey& assignment_key,
                                              const RecordKey& student_key) const {
  records::Assignment assignment;
  PARTA_RETURN_IF_ERROR(read_assignment(view, assignment_key, &assignment));
  const std::string assignment_id = id_text(RecordType::kAssignment, assignment_key);
  records::Group group;
  Status has_group = view.get(RecordType::kGroup, assignment.group(), &group);
  if (has_group.kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format(
        "the group of assignment {} is not on this node; sync with the base school first",
        assignment_id));
  }
  PARTA_RETURN_IF_ERROR(has_group);
  records::Student student;
  auto school = student_scope_school(view, student_key, &student);
  if (!school) return school.status();
  if (group.distance()) {
    auto enrolled =
        view.exists(RecordType::kEnrolment, assignment.group() + student_key.to_string());
    if (!enrolled) return enrolled.status();
    if (*enrolled) return Status::ok();
  } else if (student.class_group() == assignment.group()) {
    return Status::ok();
  }
  // Work handed in for it before the student moved class or left the group is still reviewed.
  bool handed_in = false;
  PARTA_RETURN_IF_ERROR(view.for_each_indexed(IndexId::kSubmissionByStudent,
                                              student_key.to_string() + assignment_key.to_string(),
                                              [&](auto, auto) {
                                                handed_in = true;
                                                return false;
                                              }));
  if (handed_in) return Status::ok();
  const std::string student_id = id_text(RecordType::kStudent, student_key);
  std::string refused =
      fmt::format("{} ({}) is not in group «{}», which assignment {} is for",
                  student_full_name(student), student_id, group.name(), assignment_id);
  if (group.distance()) {
    return Status::refused(
        fmt::format("{}. Results are recorded for the group's students only: check the student and "
                    "assignment ids, or enrol the student first: parta group enrol --group \"{}\" "
                    "--student {}",
                    refused, group.name(), student_id));
  }
  records::Group student_class;
  if (!student.class_group().empty() &&
      view.get(RecordType::kGroup, student.class_group(), &student_class).is_ok()) {
    refused += fmt::format(": the student's class is «{}»", student_class.name());
  }
  return Status::refused(fmt::format(
      "{}. Results are recorded for the class's students only: check the student and "
      "assignment ids ('parta list students --class {}'); a student who has moved to «{}» is "
      "moved by importing the new roster",
      refused, group.name(), group.name()));
}

}  // namespace parta
