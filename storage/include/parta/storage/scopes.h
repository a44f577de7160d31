// Scopes: what a peer may see. Every op carries one; sync sends a peer only the scopes it is
// entitled to (DESIGN.md §5). A school's own students and everything about them (consents,
// attendance, submissions, reviews, consultations, enrolments) are in "school:<school id>";
// a group's assignments are in "group:<group id>".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/record_key.h"
#include "parta/storage/status.h"

namespace parta {

inline std::string school_scope(const RecordKey& school) {
  return "school:" + format_id("sc", school);
}
inline std::string group_scope(const RecordKey& group) { return "group:" + format_id("g", group); }

class ReadView;

// Whether `scope` names a school ("school:...") rather than a group.
inline bool is_school_scope(std::string_view scope) { return scope.starts_with("school:"); }
// The group a group scope names; nullopt for a school's scope or one that is not well formed.
std::optional<RecordKey> group_of_scope(std::string_view scope);

// The scopes an attached school may receive from its hub, as the hub's records say now: its
// own ("school:<id>"), its groups' (Group.school), and those of the distance groups any of
// its students is enrolled in; never another school's class. Sorted, the school scope first.
Result<std::vector<std::string>> scopes_for_school(const ReadView& view, const RecordKey& school);

}  // namespace parta
