// What an attached school may write at its hub; see school_write_rules.h.
#include "school_write_rules.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "parta/storage/record_key.h"
#include "parta/storage/scopes.h"
#include "records.pb.h"

namespace parta {
namespace {

bool sets_field(const oplog::Op& op, uint32_t field) {
  return std::find(op.fields().begin(), op.fields().end(), field) != op.fields().end();
}

constexpr uint32_t kStudentHomeSchoolField = 6;
constexpr uint32_t kGroupSchoolField = 5;

}  // namespace

// The batch's own students and groups, as its last op on each leaves them: a school sends a
// new student and their consent, or a new group and its assignments, in one batch.
class SchoolWriteRules::Batch {
 public:
  Batch(std::span<const oplog::Op> ops, const RecordKey& school) {
    for (const oplog::Op& op : ops) {
      const auto type = static_cast<RecordType>(op.record_type());
      if (type == RecordType::kStudent && !op.tombstone() && sets_field(op, kStudentHomeSchoolField)) {
        records::Student student;
        if (student.ParseFromString(op.value())) student_school_[op.key()] = student.home_school();
      }
      if (type == RecordType::kGroup && !op.tombstone()) {
        records::Group group;
        if (group.ParseFromString(op.value())) groups_[op.key()] = group;
      }
    }
    for (const auto& [key, group] : groups_) {
      auto group_key = RecordKey::from_bytes(key);
      if (group_key && group.school() == school.bytes()) {
        new_group_scopes_.insert(group_scope(*group_key));
      }
    }
  }
  const std::string* student_school(const std::string& key) const {
    auto found = student_school_.find(key);
    return found == student_school_.end() ? nullptr : &found->second;
  }
  const records::Group* group(const std::string& key) const {
    auto found = groups_.find(key);
    return found == groups_.end() ? nullptr : &found->second;
  }
  // The scopes of the groups of the school that this batch makes or changes.
  bool makes_group_scope(const std::string& scope) const {
    return new_group_scopes_.contains(scope);
  }

 private:
  std::map<std::string, std::string> student_school_;
  std::map<std::string, records::Group> groups_;
  std::set<std::string> new_group_scopes_;
};

SchoolWriteRules::SchoolWriteRules(Peer school, uint32_t hub_origin,
                                   std::set<uint32_t> other_origins)
    : school_(std::move(school)),
      school_scope_(school_scope(school_.school)),
      hub_origin_(hub_origin),
      other_origins_(std::move(other_origins)) {}

Status SchoolWriteRules::check(const ReadView& hub, std::span<const oplog::Op> ops,
                               const std::vector<std::string>& scopes) const {
  const Batch batch(ops, school_.school);
  for (const oplog::Op& op : ops) {
    bool held = false;
    PARTA_RETURN_IF_ERROR(hub.for_each_op(op.origin(), op.seq(), [&](const oplog::Op& logged) {
      held = logged.seq() == op.seq();
      return false;
    }));
    if (held) continue;  // apply_remote checks it is the same op and skips it
    Status allowed = check_op(hub, batch, op, scopes);
    if (!allowed.is_ok()) {
      return allowed.with_context(fmt::format(
          "«{}» sent a change the hub refuses (op {:08x}:{} in \"{}\")", school_.name,
          op.origin(), op.seq(), op.scope()));
    }
  }
  return Status::ok();
}

Status SchoolWriteRules::check_op(const ReadView& hub, const Batch& batch, const oplog::Op& op,
                                  const std::vector<std::string>& scopes) const {
  if (op.origin() != school_.origin &&
      (op.origin() == hub_origin_ || other_origins_.contains(op.origin()))) {
    return Status::refused("it was made by another node, which the hub hears from directly");
  }
  // A group the school makes in this very batch is in its scope too.
  const bool in_scope = std::binary_search(scopes.begin(), scopes.end(), op.scope()) ||
                        batch.makes_group_scope(op.scope());
  if (!in_scope) {
    return Status::refused("it is not in the school's own scope or its students' groups'");
  }
  if (op.scope() != school_scope_) return Status::ok();
  return check_owner(hub, batch, op);
}

Status SchoolWriteRules::check_owner(const ReadView& hub, const Batch& batch,
                                     const oplog::Op& op) const {
  const std::string& own = school_.school.to_string();
  // Whether `student` (a key) is one of the school's own, here or in the batch.
  auto own_student = [&](const std::string& student) -> Result<bool> {
    if (const std::string* school = batch.student_school(student)) return *school == own;
    records::Student record;
    Status got = hub.get(RecordType::kStudent, student, &record);
    if (got.kind() == Status::Kind::kNotFound) return false;
    PARTA_RETURN_IF_ERROR(got);
    return record.home_school() == own;
  };
  // The group a school may hold or fill: its own, or (for enrolments) a distance group. A
  // group the hub has not seen yet is the school's own distance group, whose record travels
  // in its group's scope after the school scope's enrolments; enrolments never open a class,
  // so one naming a class the hub does not know yet opens nothing either.
  auto group_allows = [&](const std::string& group_key, bool distance_ok) -> Result<bool> {
    records::Group group;
    if (const records::Group* in_batch = batch.group(group_key)) {
      group = *in_batch;
    } else {
      Status got = hub.get(RecordType::kGroup, group_key, &group);
      if (got.kind() == Status::Kind::kNotFound) return distance_ok;
      PARTA_RETURN_IF_ERROR(got);
    }
    return group.school() == own || (distance_ok && group.distance());
  };
  auto require = [](Result<bool> ok, std::string_view what) -> Status {
    if (!ok) return ok.status();
    return *ok ? Status::ok() : Status::refused(std::string(what));
  };
  const std::string& key = op.key();
  switch (static_cast<RecordType>(op.record_type())) {
    case RecordType::kSchool:
      return key == own ? Status::ok() : Status::refused("it changes another school's record");
    case RecordType::kStudent: {
      if (!op.tombstone() && sets_field(op, kStudentHomeSchoolField)) {
        records::Student student;
        if (!student.ParseFromString(op.value()) || student.home_school() != own) {
          return Status::refused("it gives a student another school");
        }
      }
      records::Student existing;
      Status got = hub.get(RecordType::kStudent, key, &existing);
      if (got.kind() == Status::Kind::kNotFound) return Status::ok();
      PARTA_RETURN_IF_ERROR(got);
      return existing.home_school() == own ? Status::ok()
                                           : Status::refused("it changes another school's student");
    }
    case RecordType::kGroup: {
      if (!op.tombstone() && sets_field(op, kGroupSchoolField)) {
        records::Group group;
        if (!group.ParseFromString(op.value()) || group.school() != own) {
          return Status::refused("it gives a group another school");
        }
      }
      records::Group existing;
      Status got = hub.get(RecordType::kGroup, key, &existing);
      if (got.kind() == Status::Kind::kNotFound) return Status::ok();
      PARTA_RETURN_IF_ERROR(got);
      return existing.school() == own ? Status::ok()
                                      : Status::refused("it changes another school's group");
    }
    case RecordType::kConsent:
      return require(own_student(key), "it concerns another school's student");
    case RecordType::kAttendance:
      if (key.size() < RecordKey::kBytes) return Status::refused("its key is malformed");
      return require(own_student(key.substr(0, RecordKey::kBytes)),
                     "it concerns another school's student");
    case RecordType::kEnrolment:
      if (key.size() != 2 * RecordKey::kBytes) return Status::refused("its key is malformed");
      PARTA_RETURN_IF_ERROR(require(own_student(key.substr(RecordKey::kBytes)),
                                    "it enrols another school's student"));
      return require(group_allows(key.substr(0, RecordKey::kBytes), /*distance_ok=*/true),
                     "it enrols a student in another school's class");
    case RecordType::kSubmission: {
      if (op.tombstone()) return Status::ok();
      records::Submission submission;
      if (!submission.ParseFromString(op.value())) return Status::refused("it does not parse");
      return require(own_student(submission.student()), "it concerns another school's student");
    }
    case RecordType::kPacket: {
      // Handing out and taking back set only their times: the student is on the packet held.
      constexpr uint32_t kPacketStudentField = 2;
      records::Packet packet;
      if (!op.tombstone() && sets_field(op, kPacketStudentField)) {
        if (!packet.ParseFromString(op.value())) return Status::refused("it does not parse");
      } else {
        Status got = hub.get(RecordType::kPacket, key, &packet);
        if (got.kind() == Status::Kind::kNotFound) return Status::ok();
        PARTA_RETURN_IF_ERROR(got);
      }
      return require(own_student(packet.student()), "it concerns another school's student");
    }
    case RecordType::kConsultation: {
      // An answer sets only the answer's fields: the student is on the record held.
      records::Consultation consultation;
      if (!op.tombstone() && sets_field(op, 1)) {
        if (!consultation.ParseFromString(op.value())) return Status::refused("it does not parse");
      } else {
        Status got = hub.get(RecordType::kConsultation, key, &consultation);
        if (got.kind() == Status::Kind::kNotFound) return Status::ok();
        PARTA_RETURN_IF_ERROR(got);
      }
      return require(own_student(consultation.student()),
                     "it concerns another school's student");
    }
    default:
      return Status::ok();
  }
}

}  // namespace parta
