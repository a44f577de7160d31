// Scopes: what a peer may see. Every op carries one; sync sends a peer only the scopes it is
// entitled to (DESIGN.md §5). A school's own students and everything about them (consents,
// attendance, submissions, reviews, consultations, enrolments) are in "school:<school id>";
// a group's assignments are in "group:<group id>".
#pragma once

#include <string>

#include "parta/storage/record_key.h"

namespace parta {

inline std::string school_scope(const RecordKey& school) {
  return "school:" + format_id("sc", school);
}
inline std::string group_scope(const RecordKey& group) { return "group:" + format_id("g", group); }

}  // namespace parta
