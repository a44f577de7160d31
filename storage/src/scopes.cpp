// Which scopes an attached school may receive; see scopes.h.
#include "parta/storage/scopes.h"

#include <algorithm>
#include <set>

#include "parta/storage/indexes.h"
#include "parta/storage/store.h"
#include "records.pb.h"

namespace parta {

// Reads the school's groups through the school index, its students through the class index
// and their enrolments through the student index: the cost follows this school's size, not
// the hub's, which matters on a hub that serves a hundred schools and asks at every session.
Result<std::vector<std::string>> scopes_for_school(const ReadView& view, const RecordKey& school) {
  std::set<std::string> groups;
  std::vector<std::string> own_groups;  // keys
  PARTA_RETURN_IF_ERROR(view.for_each_indexed(IndexId::kGroupBySchool, school.bytes(),
                                              [&](std::string_view, std::string_view group) {
                                                auto group_key = RecordKey::from_bytes(group);
                                                if (!group_key) return true;
                                                groups.insert(group_scope(*group_key));
                                                own_groups.emplace_back(group);
                                                return true;
                                              }));

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
  std::set<std::string> enrolled;  // group keys
  for (const std::string& student : own_students) {
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(
        IndexId::kEnrolmentByStudent, student, [&](std::string_view index_key, std::string_view) {
          if (index_key.size() == 2 * RecordKey::kBytes) {
            enrolled.emplace(index_key.substr(RecordKey::kBytes));
          }
          return true;
        }));
  }
  for (const std::string& group : enrolled) {
    auto group_key = RecordKey::from_bytes(group);
    if (!group_key || groups.contains(group_scope(*group_key))) continue;
    records::Group record;
    Status read = view.get(RecordType::kGroup, group, &record);
    if (read.kind() == Status::Kind::kNotFound) continue;
    PARTA_RETURN_IF_ERROR(read);
    if (record.distance()) groups.insert(group_scope(*group_key));
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
