// Writing a planned school into a node the way the school's work would reach it: through
// SchoolRecords, one call (one durable transaction) per action — the roster import, each
// teacher, then day by day the attendance (each class marked present, then one call per student
// ill or at home, who thus gets two ops that day), each assignment, consultation opened, result
// recorded and consultation answered, stamped with the plan's local times.
//
// The node's own clock stays the system clock: the plan's times go into the records' time fields
// (submitted, reviewed, opened, answered), not into the ops' hybrid logical clock.
//
// Thread safety: one fill per node directory at a time (other processes may read it).
#pragma once

#include <cstdint>
#include <filesystem>

#include "parta/storage/school_records.h"
#include "parta/storage/status.h"
#include "school_plan.h"

namespace parta::gen {

struct FillReport {
  RosterImportSummary roster;
  int teachers_added = 0;     // teachers already on the node (same name) are reused
  uint64_t roster_ops = 0;    // ops written by the roster import and the teachers
  uint64_t activity_ops = 0;  // ops written by the days' events
  int attendance_calls = 0;   // SchoolRecords calls (transactions) that marked attendance
  double roster_seconds = 0;
  double activity_seconds = 0;
};

// Opens the node in `node_dir`, or creates a school node named after the plan's school if the
// directory holds none, and writes the plan into it. Importing the same roster into the same node
// again adds no students; the days' events are new records each time. Fails with the Status of
// the first call that fails (the earlier calls stay committed), or Corrupt if an imported student
// cannot be found again.
Result<FillReport> fill_node(const SchoolPlan& plan, const std::filesystem::path& node_dir);

}  // namespace parta::gen
