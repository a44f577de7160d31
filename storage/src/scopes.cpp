// Which scopes an attached school may receive; see scopes.h.
#include "parta/storage/scopes.h"

#include <algorithm>
#include <set>

#include "parta/storage/indexes.h"
#include "parta/storage/store.h"
#include "records.pb.h"

namespace parta {

// Reads the school's groups, then its students through the class index and their enrolments
// through the student index: the cost follows this school's size, not the hub's, which
// matters on a hub that serves a hundred schools and asks again after every batch.
Result<std::vector<std::string>> scopes_for_school(const ReadView& view, const RecordKey& school) {
  std::set<std::string> groups;
  std::vector<std::string> own_groups;     // keys
  std::set<std::string> distance_groups;   // keys
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
        if (group.school() == school.bytes()) {
          groups.insert(group_scope(*group_key));
          own_groups.emplace_back(key);
        }
        if (group.distance()) distance_groups.emplace(key);
        return true;
      }));
  PARTA_RETURN_IF_ERROR(parse_error);

  // The school's students are those of its classes; another school's class is never opened
  // to a school by an enrolment in it, so only distance groups count below.
  std::vector<std::string> own_students;
  for (const std::string& group : own_groups) {
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(
        IndexId::kStudentByClass, group, [&](std::string_view, std::string_view student) {
          own_students.emplace_back(student);
          return true;
        }));
  }
  for (const std::string& student : own_students) {
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(
        IndexId::kEnrolmentByStudent, student, [&](std::string_view index_key, std::string_view) {
          if (index_key.size() != 2 * RecordKey::kBytes) return true;
          const std::string group(index_key.substr(RecordKey::kBytes));
          auto group_key = RecordKey::from_bytes(group);
          if (group_key && distance_groups.contains(group)) groups.insert(group_scope(*group_key));
          return true;
        }));
  }

  std::vector<std::string> scopes{school_scope(school)};
  scopes.insert(scopes.end(), groups.begin(), groups.end());
  return scopes;
}

std::optional<RecordKey> group_of_scope(std::string_view scope) {
  constexpr std::string_view kPrefix = "group:";
  if (!scope.starts_with(kPrefix)) return std::nullopt;
  auto group = parse_id(scope.substr(kPrefix.size()), "g", /*local_origin=*/0);
  if (!group) return std::nullopt;
  return *group;
}

}  // namespace parta
