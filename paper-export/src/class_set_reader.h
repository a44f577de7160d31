// Reads what a class set prints from the store, in one snapshot: the assignment with its
// group, teacher and school, and the students it goes to in roster order (paper-export
// internal).
#pragma once

#include <vector>

#include "parta/paper/export_packets.h"
#include "parta/paper/packet_pdf.h"

namespace parta::paper {

struct ClassSet {
  AssignmentSheet sheet;
  std::vector<RecordKey> student_keys;
  std::vector<StudentPacket> students;  // codes not drawn yet
};

// Fails as export_packets does for its inputs (export_packets.h).
Result<ClassSet> read_class_set(SchoolRecords& records, const ExportRequest& request);

}  // namespace parta::paper
