// Index keys per record type; see record_indexes.h and indexes.h.
#include "record_indexes.h"

#include <algorithm>
#include <array>
#include <cassert>

#include <fmt/format.h>

#include "parta/storage/class_name.h"
#include "parta/storage/record_key.h"
#include "records.pb.h"
#include "wire_fields.h"

namespace parta {
namespace {

constexpr std::array<IndexInfo, kIndexCount> kIndexes = {{
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
    {IndexId::kPacketByCode, "idx_packet_by_code"},
    {IndexId::kPacketByAssignment, "idx_packet_by_assignment"},
    {IndexId::kReviewWithAudio, "idx_review_with_audio"},
    {IndexId::kGroupBySchool, "idx_group_by_school"},
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

using Entries = std::vector<IndexEntry>;

using records::Assignment;
using records::Attendance;
using records::Group;
using records::Packet;
using records::Review;
using records::Student;
using records::Submission;
using records::Teacher;
static_assert(Attendance::kClassGroupFieldNumber <= WireFields::kFieldNumberMax &&
                  Submission::kAssignmentFieldNumber <= WireFields::kFieldNumberMax &&
                  Student::kClassGroupFieldNumber <= WireFields::kFieldNumberMax &&
                  Packet::kCodeFieldNumber <= WireFields::kFieldNumberMax &&
                  Review::kAudioRefFieldNumber <= WireFields::kFieldNumberMax &&
                  Group::kSchoolFieldNumber <= WireFields::kFieldNumberMax,
              "indexed fields must be readable by WireFields");

int32_t day_field(const WireFields& fields, uint32_t number) {
  return static_cast<int32_t>(fields.varint(number));  // int32: low 32 bits of the varint
}

bool is_key(std::string_view bytes) { return bytes.size() == RecordKey::kBytes; }

Entries entries_for(RecordType type, std::string_view key, const WireFields& f) {
  Entries entries;
  // An entry is made only when every record key in it is well formed: a peer's record that
  // lacks a reference is stored and relayed, just not indexed by it.
  auto add = [&](IndexId index, std::initializer_list<std::string_view> parts,
                 std::initializer_list<std::string_view> keys) {
    if (std::all_of(keys.begin(), keys.end(), is_key)) entries.push_back({index, concat(parts)});
  };
  switch (type) {
    case RecordType::kStudent: {
      auto class_group = f.bytes(Student::kClassGroupFieldNumber);
      add(IndexId::kStudentByName,
          {name_index_prefix(f.bytes(Student::kLastNameFieldNumber),
                             f.bytes(Student::kFirstNameFieldNumber),
                             f.bytes(Student::kMiddleNameFieldNumber)),
           day_key(day_field(f, Student::kBirthDateFieldNumber)), key},
          {key});
      add(IndexId::kStudentByClass, {class_group, key}, {class_group, key});
      break;
    }
    case RecordType::kGroup: {
      auto school = f.bytes(Group::kSchoolFieldNumber);
      add(IndexId::kGroupByName, {group_name_index_prefix(f.bytes(Group::kNameFieldNumber)), key},
          {key});
      add(IndexId::kGroupBySchool, {school, key}, {school, key});
      break;
    }
    case RecordType::kEnrolment: {
      // From the key (group + student), which is authoritative, not from the value.
      if (key.size() != 2 * RecordKey::kBytes) break;
      add(IndexId::kEnrolmentByStudent,
          {key.substr(RecordKey::kBytes), key.substr(0, RecordKey::kBytes)}, {});
      break;
    }
    case RecordType::kAssignment: {
      auto group = f.bytes(Assignment::kGroupFieldNumber);
      add(IndexId::kAssignmentByGroup, {group, key}, {group, key});
      break;
    }
    case RecordType::kSubmission: {
      auto student = f.bytes(Submission::kStudentFieldNumber);
      auto assignment = f.bytes(Submission::kAssignmentFieldNumber);
      add(IndexId::kSubmissionByStudent, {student, assignment, key}, {student, assignment, key});
      add(IndexId::kSubmissionByAssignment, {assignment, student, key}, {student, assignment, key});
      break;
    }
    case RecordType::kReview: {
      auto submission = f.bytes(Review::kSubmissionFieldNumber);
      add(IndexId::kReviewBySubmission, {submission, key}, {submission, key});
      if (!f.bytes(Review::kAudioRefFieldNumber).empty()) {
        add(IndexId::kReviewWithAudio, {key}, {key});
      }
      break;
    }
    case RecordType::kAttendance: {
      // Student and day from the key (student + day), the class from the value.
      if (key.size() != RecordKey::kBytes + 4) break;
      auto class_group = f.bytes(Attendance::kClassGroupFieldNumber);
      add(IndexId::kAttendanceByDateClass,
          {key.substr(RecordKey::kBytes), class_group, key.substr(0, RecordKey::kBytes)},
          {class_group});
      break;
    }
    case RecordType::kTeacher:
      add(IndexId::kTeacherByName,
          {name_index_prefix(f.bytes(Teacher::kLastNameFieldNumber),
                             f.bytes(Teacher::kFirstNameFieldNumber),
                             f.bytes(Teacher::kMiddleNameFieldNumber)),
           key},
          {key});
      break;
    case RecordType::kPacket: {
      auto assignment = f.bytes(Packet::kAssignmentFieldNumber);
      add(IndexId::kPacketByCode,
          {packet_code_index_prefix(f.bytes(Packet::kCodeFieldNumber)), key}, {key});
      add(IndexId::kPacketByAssignment, {assignment, key}, {assignment, key});
      break;
    }
    case RecordType::kSchool:
    case RecordType::kConsent:
    case RecordType::kConsultation:
      break;
  }
  return entries;
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

std::string packet_code_index_prefix(std::string_view code) {
  return concat({code, std::string_view("\0", 1)});
}

std::string day_key(int32_t days_since_epoch) {
  std::string out;
  append_u32_be(&out, static_cast<uint32_t>(days_since_epoch) ^ 0x80000000u);
  return out;
}

int32_t day_from_key(std::string_view four_bytes) {
  return static_cast<int32_t>(read_u32_be(four_bytes) ^ 0x80000000u);
}

std::string record_key_of(IndexId index, std::string_view index_key) {
  constexpr size_t kKey = RecordKey::kBytes;
  assert(index_key.size() >= kKey);
  std::string_view last = index_key.substr(index_key.size() - kKey);
  switch (index) {
    case IndexId::kEnrolmentByStudent:  // student + group -> enrolment key group + student
      assert(index_key.size() == 2 * kKey);
      return concat({last, index_key.substr(0, kKey)});
    case IndexId::kAttendanceByDateClass:  // day + class + student -> student + day
      assert(index_key.size() == 4 + 2 * kKey);
      return concat({last, index_key.substr(0, 4)});
    default:
      return std::string(last);
  }
}

Result<std::vector<IndexEntry>> index_entries(RecordType type, std::string_view record_key,
                                              std::string_view value) {
  WireFields fields;
  if (!fields.parse(value)) {
    return Status::corrupt(fmt::format("a stored {} record does not parse; run 'parta check'",
                                       record_type_info(type).name));
  }
  return entries_for(type, record_key, fields);
}

}  // namespace parta
