// Secondary indexes the store keeps beside the records, in the same transaction as every
// record change, and how their keys are built so callers can scan them by prefix.
//
// An index entry is a key alone: it holds the record's key (at its end, or for enrolments and
// attendance in parts), so entries never collide and the record key is recovered from it.
// Entries derive only from the record's merged value: the same records give byte-identical
// indexes on every node. An index a release adds is built from the records the first time a
// node opens with that release.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace parta {

enum class IndexId : uint32_t {
  kStudentByName,           // name key (see name_index_prefix) + birth day + student
  kStudentByClass,          // class group + student
  kGroupByName,             // upper-cased name + '\0' + group
  kEnrolmentByStudent,      // student + group
  kAssignmentByGroup,       // group + assignment
  kSubmissionByStudent,     // student + assignment + submission
  kSubmissionByAssignment,  // assignment + student + submission
  kReviewBySubmission,      // submission + review
  kAttendanceByDateClass,   // day + class group + student
  kTeacherByName,           // name key + teacher
  kPacketByCode,            // code + '\0' + packet (see packet_code_index_prefix)
  kPacketByAssignment,      // assignment + packet
  kReviewWithAudio,         // review (only reviews that name an audio recording)
  kGroupBySchool,           // school + group
};
inline constexpr size_t kIndexCount = static_cast<size_t>(IndexId::kGroupBySchool) + 1;

struct IndexInfo {
  IndexId id;
  std::string_view name;  // sub-database name
};
std::span<const IndexInfo> all_indexes();

// Case-insensitive key for a person's name: upper-cased parts, each followed by '\0'.
std::string name_index_prefix(std::string_view last, std::string_view first,
                              std::string_view middle);
// Case-insensitive key for a group name, followed by '\0'.
std::string group_name_index_prefix(std::string_view name);
// A packet's code as stored (packet_code.h), followed by '\0'.
std::string packet_code_index_prefix(std::string_view code);
// 4 bytes that sort like the day number (days since 1970, may be negative).
std::string day_key(int32_t days_since_epoch);
int32_t day_from_key(std::string_view four_bytes);

}  // namespace parta
