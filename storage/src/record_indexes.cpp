// Index keys per record type; see record_indexes.h and indexes.h.
#include "record_indexes.h"

#include <array>

#include <fmt/format.h>

#include "parta/storage/class_name.h"
#include "parta/storage/record_key.h"
#include "records.pb.h"

namespace parta {
namespace {

constexpr std::array<IndexInfo, 10> kIndexes = {{
    {IndexId::kStudentByName, "idx_student_by_name"},
    {IndexId::kStudentByClass, "idx_student_by_class"},
    {IndexId::kGroupByName, "idx_group_by_name"},
    {IndexId::kEnrolmentByStudent, "idx_enrolment_by_student"},
    {IndexId::kAssignmentByGroup, "idx_assignment_by_group"},
    {IndexId::kSubmissionByStudent, "idx_submission_by_student"},
    {IndexId::kSubmissionByAssignment, "idx_submission_by_assignment"},
    {IndexId::kReviewBySubmission, "idx_review_by_submission"},
    {IndexId::kAttendanceByDateClass, "idx_attendance_by_date_class"},
    {IndexId::kTeacherByName, "idx_teacher_by_name"},
}};

constexpr bool indexes_are_dense() {
  for (size_t i = 0; i < kIndexes.size(); ++i) {
    if (static_cast<size_t>(kIndexes[i].id) != i) return false;
  }
  return true;
}
static_assert(indexes_are_dense(), "kIndexes[i] must describe IndexId i");

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto part : parts) out.append(part);
  return out;
}

template <typename Record>
Result<Record> parse(std::string_view value, RecordType type) {
  Record record;
  if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Status::corrupt(fmt::format("a stored {} record does not parse; run 'parta check'",
                                       record_type_info(type).name));
  }
  return record;
}

using Entries = std::vector<IndexEntry>;

Result<Entries> entries_for(RecordType type, std::string_view key, std::string_view value) {
  switch (type) {
    case RecordType::kStudent: {
      auto student = parse<records::Student>(value, type);
      if (!student) return student.status();
      std::string by_name = name_index_prefix(student->last_name(), student->first_name(),
                                              student->middle_name());
      return Entries{
          {IndexId::kStudentByName, concat({by_name, day_key(student->birth_date()), key})},
          {IndexId::kStudentByClass, concat({student->class_group(), key})}};
    }
    case RecordType::kGroup: {
      auto group = parse<records::Group>(value, type);
      if (!group) return group.status();
      return Entries{{IndexId::kGroupByName, concat({group_name_index_prefix(group->name()), key})}};
    }
    case RecordType::kEnrolment: {
      auto enrolment = parse<records::Enrolment>(value, type);
      if (!enrolment) return enrolment.status();
      return Entries{{IndexId::kEnrolmentByStudent,
                      concat({enrolment->student(), enrolment->group()})}};
    }
    case RecordType::kAssignment: {
      auto assignment = parse<records::Assignment>(value, type);
      if (!assignment) return assignment.status();
      return Entries{{IndexId::kAssignmentByGroup, concat({assignment->group(), key})}};
    }
    case RecordType::kSubmission: {
      auto submission = parse<records::Submission>(value, type);
      if (!submission) return submission.status();
      return Entries{
          {IndexId::kSubmissionByStudent,
           concat({submission->student(), submission->assignment(), key})},
          {IndexId::kSubmissionByAssignment,
           concat({submission->assignment(), submission->student(), key})}};
    }
    case RecordType::kReview: {
      auto review = parse<records::Review>(value, type);
      if (!review) return review.status();
      return Entries{{IndexId::kReviewBySubmission, concat({review->submission(), key})}};
    }
    case RecordType::kAttendance: {
      auto attendance = parse<records::Attendance>(value, type);
      if (!attendance) return attendance.status();
      return Entries{{IndexId::kAttendanceByDateClass,
                      concat({day_key(attendance->date()), attendance->class_group(),
                              attendance->student()})}};
    }
    case RecordType::kTeacher: {
      auto teacher = parse<records::Teacher>(value, type);
      if (!teacher) return teacher.status();
      return Entries{{IndexId::kTeacherByName,
                      concat({name_index_prefix(teacher->last_name(), teacher->first_name(),
                                                teacher->middle_name()),
                              key})}};
    }
    case RecordType::kSchool:
    case RecordType::kConsent:
    case RecordType::kConsultation:
      return Entries{};
  }
  return Entries{};
}

}  // namespace

std::span<const IndexInfo> all_indexes() { return kIndexes; }

std::string name_index_prefix(std::string_view last, std::string_view first,
                              std::string_view middle) {
  return concat({utf8_to_upper_ru(last), std::string_view("\0", 1), utf8_to_upper_ru(first),
                 std::string_view("\0", 1), utf8_to_upper_ru(middle), std::string_view("\0", 1)});
}

std::string group_name_index_prefix(std::string_view name) {
  return concat({utf8_to_upper_ru(name), std::string_view("\0", 1)});
}

std::string day_key(int32_t days_since_epoch) {
  std::string out;
  append_u32_be(&out, static_cast<uint32_t>(days_since_epoch) ^ 0x80000000u);
  return out;
}

int32_t day_from_key(std::string_view four_bytes) {
  return static_cast<int32_t>(read_u32_be(four_bytes) ^ 0x80000000u);
}

Result<std::vector<IndexEntry>> index_entries(RecordType type, std::string_view record_key,
                                              std::string_view value) {
  return entries_for(type, record_key, value);
}

}  // namespace parta
