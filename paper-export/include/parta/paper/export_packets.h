// `parta export`: renders an assignment's paper packets for the students of its group and
// records them (DESIGN.md §7). Start here; packet_pdf.h renders, PaperPackets records.
//
// The students are those of the assignment's group (its class, or those enrolled in a distance
// group) in roster order: by class, then surname and name as a class register sorts them. All
// of them, only those marked as having no access (Student.has_access, `parta student access ID
// no`), or one.
//
// A student's earlier packet of the assignment that has not come back is superseded by the
// new one (paper_packets.h); the teacher's checklist names the code it replaces. A student
// whose packet of it came back (returned or reviewed) has handed the work in and is left out
// (ExportSummary::skipped).
//
// All or nothing: the PDF appears at `out` and the packets are recorded, or neither; a file
// already at `out` is left as it was when the export fails, and nothing is left beside it,
// also when the process is killed (pdf_output.h). How it fails: NotFound for an
// unknown assignment or student; Refused for a student outside the group
// (SchoolRecords::check_assignment_is_for) and when the student asked for, or every student,
// has handed the work in; Invalid when nobody is left to print for, or for a task the paper
// convention refuses (task_document.h); an image the task shows fails as packet_pdf.h says
// (NotFound for a missing one); IO for the file and the fonts. Thread safety: as the Store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parta/paper/packet_pdf.h"
#include "parta/storage/school_records.h"

namespace parta::paper {

struct ExportRequest {
  RecordKey assignment;
  std::optional<RecordKey> student;  // only this student
  bool no_access_only = false;       // only students marked as having no access
  std::filesystem::path out;         // the PDF
  int64_t issued_ms = 0;             // when the packets are issued (printed)
  std::string issued_by;
  std::function<uint64_t()> random_bits;  // draws the packet codes
  ImageResolver images;  // the assignment's materials, for the images its task shows
};

// A student an export leaves out: their work came back on an earlier packet.
struct SkippedStudent {
  std::string student_id;
  std::string full_name;
  std::string code;  // stored form: the packet that came back
};

struct ExportSummary {
  std::vector<RecordKey> packets;      // in the order they are in the PDF
  std::vector<std::string> codes;      // stored form, same order
  std::vector<uint32_t> packet_pages;  // same order
  uint32_t pdf_pages = 0;              // packets and the teacher's sheet
  uint32_t teacher_pages = 0;
  std::vector<std::string> superseded;  // codes (stored form) of the packets the new ones replace
  std::vector<SkippedStudent> skipped;  // in roster order
};

Result<ExportSummary> export_packets(SchoolRecords& records, const ExportRequest& request);

}  // namespace parta::paper
