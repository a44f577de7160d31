// `parta export`; see export_packets.h.
#include "parta/paper/export_packets.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "class_set_reader.h"
#include "parta/paper/packet_pdf.h"
#include "parta/storage/local_time.h"
#include "parta/storage/packet_code.h"
#include "parta/storage/paper_packets.h"
#include "pdf_output.h"
#include "render_warmup.h"

namespace parta::paper {
namespace {

// Checked before anything is rendered, so that a typo in the folder is told at once and by
// the name given, not by the name of a temporary file.
Status check_folder_writable(const std::filesystem::path& out) {
  std::filesystem::path folder = out.parent_path().empty() ? "." : out.parent_path();
  if (::access(folder.c_str(), W_OK) != 0) {
    return Status::io(fmt::format("cannot write {}: {} (the folder {})", out.string(),
                                  std::strerror(errno), folder.string()));
  }
  return Status::ok();
}

// Takes out of `set` the students whose packet of the assignment came back: they have handed
// the work in, and a new packet would ask for it again and stand overdue. Refused when the
// student asked for by name is one of them, or when nobody is left.
Result<std::vector<SkippedStudent>> leave_out_work_handed_in(PaperPackets& packets,
                                                             const ExportRequest& request,
                                                             ClassSet& set) {
  auto came_back = packets.came_back(request.assignment);
  if (!came_back) return came_back.status();
  const std::string& assignment = set.sheet.assignment_id;
  std::vector<SkippedStudent> skipped;
  std::vector<RecordKey> kept_keys;
  std::vector<StudentPacket> kept;
  for (size_t i = 0; i < set.students.size(); ++i) {
    const StudentPacket& student = set.students[i];
    auto packet = came_back->find(set.student_keys[i].to_string());
    if (packet == came_back->end()) {
      kept_keys.push_back(set.student_keys[i]);
      kept.push_back(student);
      continue;
    }
    if (request.student) {
      return Status::refused(fmt::format(
          "{} ({}) has handed in assignment {} already: packet {} came back on {}, so no new "
          "packet is printed. To have the work done again, add it as a new assignment, with "
          "its own due date",
          student.full_name, student.student_id, assignment,
          display_packet_code(packet->second.code()),
          format_ru(local_day_and_seconds(packet_came_back_ms(packet->second)).first)));
    }
    skipped.push_back({student.student_id, student.full_name, packet->second.code()});
  }
  if (kept.empty()) {
    return Status::refused(fmt::format(
        "{} this export is for {} handed in assignment {} already (their packets came back): "
        "nothing to print, and no PDF was written; see 'parta packets --assignment {}'",
        skipped.size() == 1 ? "the only student" : fmt::format("all {} students", skipped.size()),
        skipped.size() == 1 ? "has" : "have", assignment, assignment));
  }
  set.student_keys = std::move(kept_keys);
  set.students = std::move(kept);
  return skipped;
}

}  // namespace

Result<ExportSummary> export_packets(SchoolRecords& records, const ExportRequest& request) {
  assert(request.random_bits && "packet codes are drawn from the request's random source");
  PARTA_RETURN_IF_ERROR(check_folder_writable(request.out));
  RenderWarmup warmup;  // while the class set is read
  remove_stale_pending(request.out);
  auto set = read_class_set(records, request);
  if (!set) return set.status();
  set->sheet.images = request.images;
  PaperPackets packets(records);
  auto skipped = leave_out_work_handed_in(packets, request, *set);
  if (!skipped) return skipped.status();
  auto codes = packets.unused_codes(set->students.size(), request.random_bits);
  if (!codes) return codes.status();
  for (size_t i = 0; i < set->students.size(); ++i) set->students[i].code = (*codes)[i];
  auto unreturned = packets.unreturned_codes(request.assignment);
  if (!unreturned) return unreturned.status();
  std::vector<std::string> superseded;
  for (size_t i = 0; i < set->students.size(); ++i) {
    auto earlier = unreturned->find(set->student_keys[i].to_string());
    if (earlier == unreturned->end()) continue;
    set->students[i].replaces = earlier->second;
    superseded.insert(superseded.end(), earlier->second.begin(), earlier->second.end());
  }

  auto rendered = render_class_set(set->sheet, set->students);
  if (!rendered) return rendered.status();
  // The PDF unseen until the packets are recorded: a failed or killed export leaves what was
  // at `out` untouched and nothing beside it.
  auto pending = PendingPdf::write(request.out, rendered->pdf);
  if (!pending) return pending.status();

  std::vector<PacketIssue> issues;
  for (size_t i = 0; i < set->students.size(); ++i) {
    issues.push_back({set->student_keys[i], set->students[i].code, rendered->packet_pages[i],
                      rendered->answers_first_pages[i]});
  }
  auto keys =
      packets.record_export(request.assignment, issues, request.issued_ms, request.issued_by);
  if (!keys) return keys.status();
  Status published = pending->publish();
  if (!published.is_ok()) {
    return published.with_context(
        "the packets are recorded, but the PDF is not: export again (the new packets replace "
        "these)");
  }
  ExportSummary summary;
  summary.packets = std::move(*keys);
  summary.codes = std::move(*codes);
  summary.packet_pages = rendered->packet_pages;
  for (uint32_t pages : summary.packet_pages) summary.pdf_pages += pages;
  summary.teacher_pages = rendered->teacher_pages;
  summary.superseded = std::move(superseded);
  summary.skipped = std::move(*skipped);
  summary.pdf_pages += summary.teacher_pages;
  return summary;
}

}  // namespace parta::paper
