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
#include "parta/storage/atomic_file.h"
#include "parta/storage/paper_packets.h"

namespace parta::paper {
namespace {

// The PDF beside its final name until the packets are recorded: a failed export leaves what
// was at `out` untouched.
std::filesystem::path pending_path(const std::filesystem::path& out) {
  std::filesystem::path pending = out;
  pending += ".pending";
  return pending;
}

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

}  // namespace

Result<ExportSummary> export_packets(SchoolRecords& records, const ExportRequest& request) {
  assert(request.random_bits && "packet codes are drawn from the request's random source");
  PARTA_RETURN_IF_ERROR(check_folder_writable(request.out));
  auto set = read_class_set(records, request);
  if (!set) return set.status();
  PaperPackets packets(records);
  auto codes = packets.unused_codes(set->students.size(), request.random_bits);
  if (!codes) return codes.status();
  for (size_t i = 0; i < set->students.size(); ++i) set->students[i].code = (*codes)[i];

  auto rendered = render_class_set(set->sheet, set->students);
  if (!rendered) return rendered.status();
  std::filesystem::path pending = pending_path(request.out);
  PARTA_RETURN_IF_ERROR(write_file_atomically(pending, rendered->pdf));

  std::vector<PacketIssue> issues;
  for (size_t i = 0; i < set->students.size(); ++i) {
    issues.push_back({set->student_keys[i], set->students[i].code, rendered->packet_pages[i]});
  }
  auto keys =
      packets.record_export(request.assignment, issues, request.issued_ms, request.issued_by);
  if (!keys) {
    std::error_code ignored;
    std::filesystem::remove(pending, ignored);
    return keys.status();
  }
  std::error_code renamed;
  std::filesystem::rename(pending, request.out, renamed);
  if (renamed) {
    return Status::io(fmt::format(
        "the packets are recorded, but the PDF could not be renamed from {} to {}: {}; rename "
        "it by hand",
        pending.string(), request.out.string(), renamed.message()));
  }
  ExportSummary summary;
  summary.packets = std::move(*keys);
  summary.codes = std::move(*codes);
  summary.packet_pages = rendered->packet_pages;
  for (uint32_t pages : summary.packet_pages) summary.pdf_pages += pages;
  summary.teacher_pages = rendered->teacher_pages;
  summary.pdf_pages += summary.teacher_pages;
  return summary;
}

}  // namespace parta::paper
