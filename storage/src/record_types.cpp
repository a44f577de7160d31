// The table of record types; see record_types.h.
#include "parta/storage/record_types.h"

#include <array>
#include <cassert>

#include "records.pb.h"

namespace parta {
namespace {

constexpr std::array<RecordTypeInfo, kRecordTypeMax> kRecordTypes = {{
    {RecordType::kSchool, "school", "sc", false},
    {RecordType::kGroup, "group", "g", false},
    {RecordType::kStudent, "student", "s", false},
    {RecordType::kConsent, "consent", "", false},
    {RecordType::kTeacher, "teacher", "t", false},
    {RecordType::kEnrolment, "enrolment", "", false},
    {RecordType::kAssignment, "assignment", "a", false},
    {RecordType::kSubmission, "submission", "sub", true},
    {RecordType::kReview, "review", "rv", true},
    {RecordType::kAttendance, "attendance", "", false},
    {RecordType::kConsultation, "consultation", "c", false},
    {RecordType::kPacket, "packet", "pk", false},
}};

constexpr bool table_is_dense() {
  for (size_t i = 0; i < kRecordTypes.size(); ++i) {
    if (static_cast<size_t>(kRecordTypes[i].type) != i + 1) return false;
  }
  return true;
}
static_assert(table_is_dense(), "kRecordTypes[i] must describe type i + 1");

}  // namespace

std::span<const RecordTypeInfo> all_record_types() { return kRecordTypes; }

std::optional<RecordTypeInfo> record_type_info(uint32_t type) {
  if (type == 0 || type > kRecordTypes.size()) return std::nullopt;
  return kRecordTypes[type - 1];
}

const RecordTypeInfo& record_type_info(RecordType type) {
  auto index = static_cast<size_t>(type) - 1;
  assert(index < kRecordTypes.size());
  return kRecordTypes[index];
}

std::unique_ptr<google::protobuf::Message> record_prototype(RecordType type) {
  switch (type) {
    case RecordType::kSchool: return std::make_unique<records::School>();
    case RecordType::kGroup: return std::make_unique<records::Group>();
    case RecordType::kStudent: return std::make_unique<records::Student>();
    case RecordType::kConsent: return std::make_unique<records::Consent>();
    case RecordType::kTeacher: return std::make_unique<records::Teacher>();
    case RecordType::kEnrolment: return std::make_unique<records::Enrolment>();
    case RecordType::kAssignment: return std::make_unique<records::Assignment>();
    case RecordType::kSubmission: return std::make_unique<records::Submission>();
    case RecordType::kReview: return std::make_unique<records::Review>();
    case RecordType::kAttendance: return std::make_unique<records::Attendance>();
    case RecordType::kConsultation: return std::make_unique<records::Consultation>();
    case RecordType::kPacket: return std::make_unique<records::Packet>();
  }
  assert(false && "every RecordType has a prototype");
  return nullptr;
}

}  // namespace parta
