// The record types a node stores, one LMDB sub-database each, and what the store must know
// about each: its name, its id prefix, whether it is append-only, how its key is formed.
//
// The numeric values travel in ops (records.proto, docs/op-format.md): never renumber.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace google::protobuf {
class Message;
}

namespace parta {

enum class RecordType : uint32_t {
  kSchool = 1,
  kGroup = 2,
  kStudent = 3,
  kConsent = 4,       // key: student key
  kTeacher = 5,
  kEnrolment = 6,     // key: group key + student key
  kAssignment = 7,
  kSubmission = 8,    // append-only
  kReview = 9,        // append-only
  kAttendance = 10,   // key: student key + day (4 bytes, big-endian days since 1970)
  kConsultation = 11,
  kPacket = 12,       // a paper task packet (paper_packets.h)
};
// The highest RecordType value; tables indexed by type have kRecordTypeMax + 1 entries.
inline constexpr uint32_t kRecordTypeMax = 12;

struct RecordTypeInfo {
  RecordType type;
  std::string_view name;       // sub-database name and the word used in messages
  std::string_view id_prefix;  // text id prefix; empty for records keyed by their owners
  bool append_only;            // written once by its origin, never changed or deleted
};

std::span<const RecordTypeInfo> all_record_types();
// Nullopt for a type this release does not know (a newer peer's); such ops are relayed only.
std::optional<RecordTypeInfo> record_type_info(uint32_t type);
const RecordTypeInfo& record_type_info(RecordType type);
// An empty message of the type's schema (records.proto), for code that handles any record.
std::unique_ptr<google::protobuf::Message> record_prototype(RecordType type);

}  // namespace parta
