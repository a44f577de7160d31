// Which scopes an attached school may receive; see scopes.h.
#include "parta/storage/scopes.h"

#include <algorithm>
#include <set>

#include "parta/storage/store.h"
#include "records.pb.h"

namespace parta {

Result<std::vector<std::string>> scopes_for_school(const ReadView& view, const RecordKey& school) {
  std::set<std::string> groups;
  std::set<std::string> distance_groups;  // keys
  Status parse_error = Status::ok();
  PARTA_RETURN_IF_ERROR(view.for_each(
      RecordType::kGroup, "", [&](std::string_view key, std::string_view value) {
        records::Group group;
        if (!group.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_error = Status::corrupt("a group record does not parse; run 'parta check'");
          return false;
        }
        auto group_key = RecordKey::from_bytes(key);
        if (!group_key) return true;
        if (group.school() == school.bytes()) groups.insert(group_scope(*group_key));
        if (group.distance()) distance_groups.emplace(key);
        return true;
      }));
  PARTA_RETURN_IF_ERROR(parse_error);

  // Enrolment keys are group key + student key; a student's school is on the student record.
  std::set<std::string> own_students;
  PARTA_RETURN_IF_ERROR(view.for_each(
      RecordType::kStudent, "", [&](std::string_view key, std::string_view value) {
        records::Student student;
        if (!student.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_error = Status::corrupt("a student record does not parse; run 'parta check'");
          return false;
        }
        if (student.home_school() == school.bytes()) own_students.emplace(key);
        return true;
      }));
  PARTA_RETURN_IF_ERROR(parse_error);
  PARTA_RETURN_IF_ERROR(view.for_each(
      RecordType::kEnrolment, "", [&](std::string_view key, std::string_view) {
        if (key.size() != 2 * RecordKey::kBytes) return true;
        // Another school's class is never opened to a school by an enrolment in it.
        if (!distance_groups.contains(std::string(key.substr(0, RecordKey::kBytes)))) return true;
        if (own_students.contains(std::string(key.substr(RecordKey::kBytes)))) {
          auto group_key = RecordKey::from_bytes(key.substr(0, RecordKey::kBytes));
          if (group_key) groups.insert(group_scope(*group_key));
        }
        return true;
      }));

  std::vector<std::string> scopes{school_scope(school)};
  scopes.insert(scopes.end(), groups.begin(), groups.end());
  return scopes;
}

}  // namespace parta
