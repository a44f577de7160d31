// What `parta paper scan` does, in the `parta-scan` executable (see
// tools/parta/scan_command_line.h): reads the scans with parta_paper_scan, records what came
// back and reports the pages, the packets and the answers read, as text or --json.
#include "scan_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "listing.h"
#include "parta/paper/scan_pages.h"
#include "parta/paper/task_document.h"
#include "parta/storage/packet_code.h"

namespace parta::cli {
namespace {

std::string page_list(const std::vector<uint32_t>& pages) {
  return fmt::format("{}", fmt::join(pages, ", "));
}

// "1:б 2:а+в 3:?б 4:— 5:written 6:empty 7:not read": per question, what the sheet shows.
std::string answers_text(const paper::PacketScan& packet) {
  std::vector<std::string> items;
  auto letters = [](const std::vector<size_t>& choices) {
    std::string out;
    for (size_t choice : choices)
      out += (out.empty() ? "" : "+") + std::string(paper::choice_letter(choice));
    return out;
  };
  if (packet.questions.empty()) return "no numbered questions";
  if (std::none_of(packet.questions.begin(), packet.questions.end(),
                   [](const paper::QuestionReading& question) { return question.read; })) {
    return "no answer sheet page read";
  }
  for (const paper::QuestionReading& question : packet.questions) {
    std::string read;
    if (!question.read) {
      read = "not read";
    } else if (question.choices == 0) {
      read = question.written ? "written" : "empty";
    } else if (question.marked.empty() && question.unclear.empty()) {
      read = "—";
    } else {
      read = letters(question.marked);
      if (!question.unclear.empty())
        read += (read.empty() ? "?" : "+?") + letters(question.unclear);
    }
    items.push_back(fmt::format("{}:{}", question.question, read));
  }
  return fmt::format("{}", fmt::join(items, " "));
}

std::string returned_text(const paper::PacketScan& packet, bool dry_run) {
  if (packet.marked_returned) return "now";
  if (packet.stage_before == PacketStage::kIssued ||
      packet.stage_before == PacketStage::kHandedOut) {
    return dry_run ? "no (dry run)" : "no";
  }
  return std::string("already ") + std::string(packet_stage_name(packet.stage_before));
}

// One listing for --json: a row per scanned page ("kind": "page") and per packet ("packet").
Listing scan_listing(const paper::ScanReport& report, bool dry_run) {
  Listing listing;
  listing.columns = {
      "kind",      "file",          "file_page",     "outcome",         "reason",
      "code",      "page",          "pages",         "student_id",      "student",
      "class",     "assignment_id", "title",         "pages_read",      "pages_missing",
      "returned",  "answers",       "right_answers", "keyed_questions", "proposed_score",
      "max_score", "note"};
  const Cell none = std::monostate{};
  for (const paper::ScannedPage& page : report.pages) {
    Cell code = page.code.empty() ? none : Cell(display_packet_code(page.code));
    std::vector<Cell> row = {std::string("page"),
                             page.file.string(),
                             page.page_in_file ? Cell(int64_t{page.page_in_file}) : none,
                             std::string(paper::page_outcome_name(page.outcome)),
                             page.reason.empty() ? none : Cell(page.reason),
                             code,
                             page.page ? Cell(int64_t{page.page}) : none,
                             page.pages ? Cell(int64_t{page.pages}) : none};
    row.resize(listing.columns.size(), none);  // the packet columns are not a page's
    listing.add(std::move(row));
  }
  for (const paper::PacketScan& packet : report.packets) {
    listing.add({std::string("packet"),
                 none,
                 none,
                 none,
                 none,
                 display_packet_code(packet.code),
                 none,
                 int64_t{packet.pages},
                 packet.student_id,
                 packet.student_name,
                 packet.class_name,
                 packet.assignment_id,
                 packet.assignment_title,
                 page_list(packet.pages_read),
                 page_list(packet.pages_missing),
                 returned_text(packet, dry_run),
                 answers_text(packet),
                 int64_t{packet.right_answers},
                 int64_t{packet.keyed_questions},
                 packet.proposed_score ? Cell(int64_t{*packet.proposed_score}) : none,
                 int64_t{packet.max_score},
                 packet.answers_note.empty() ? none : Cell(packet.answers_note)});
  }
  return listing;
}

// The columns of `listing` named in `keep`, for rows of `kind` that `take` accepts.
Listing project(const Listing& listing, std::string_view kind, const std::vector<std::string>& keep,
                const std::function<bool(const std::vector<Cell>&)>& take) {
  Listing out;
  std::vector<size_t> indexes;
  for (const std::string& name : keep) {
    indexes.push_back(static_cast<size_t>(
        std::find(listing.columns.begin(), listing.columns.end(), name) - listing.columns.begin()));
    out.columns.push_back(name);
  }
  for (const auto& row : listing.rows) {
    if (std::get<std::string>(row[0]) != kind || !take(row)) continue;
    std::vector<Cell> cells;
    for (size_t index : indexes) cells.push_back(row[index]);
    out.add(std::move(cells));
  }
  return out;
}

// "scan.pdf page 3", or the file alone when the whole file could not be read.
std::string where(const paper::ScannedPage& page) {
  if (page.page_in_file == 0) return page.file.string();
  return fmt::format("{} page {}", page.file.string(), page.page_in_file);
}

// Unreadable pages and answers as lines, which a table would cut.
void print_scan_report(const paper::ScanReport& report, size_t files, bool dry_run) {
  size_t unreadable = 0, duplicates = 0, assigned = 0;
  for (const paper::ScannedPage& page : report.pages) {
    unreadable += page.outcome == paper::PageOutcome::kUnreadable;
    duplicates += page.outcome == paper::PageOutcome::kDuplicate;
    assigned += page.outcome == paper::PageOutcome::kAssigned;
  }
  fmt::print("Scanned {} file(s): {} page(s) read ({} named by hand), {} not read, {} duplicate.\n",
             files, report.pages_read(), assigned, unreadable, duplicates);
  if (unreadable + duplicates > 0) fmt::print("\nPages not read:\n");
  for (const paper::ScannedPage& page : report.pages) {
    if (page.outcome == paper::PageOutcome::kUnreadable) {
      // A whole file's reason names the file already.
      fmt::print("  {}\n", page.page_in_file == 0
                               ? page.reason
                               : fmt::format("{}: {}", where(page), page.reason));
    } else if (page.outcome == paper::PageOutcome::kDuplicate) {
      fmt::print("  {}: page {} of packet {} again ({})\n", where(page), page.page,
                 display_packet_code(page.code), page.reason);
    }
  }
  bool noted = false;
  for (const paper::ScannedPage& page : report.pages) {
    if (page.outcome != paper::PageOutcome::kAssigned || page.reason.empty()) continue;
    if (!std::exchange(noted, true)) fmt::print("\nPages named by hand:\n");
    fmt::print("  {}: page {} of packet {}; {}\n", where(page), page.page,
               display_packet_code(page.code), page.reason);
  }
  if (report.packets.empty()) return;
  fmt::print("\nPackets:\n");
  print_listing(project(scan_listing(report, dry_run), "packet",
                        {"code", "student", "class", "title", "pages", "pages_missing", "returned",
                         "right_answers", "keyed_questions", "proposed_score", "max_score"},
                        [](const auto&) { return true; }),
                false);
  fmt::print("\nAnswers read (б: filled, ?б: unclear, —: nothing marked):\n");
  bool proposed = false;
  for (const paper::PacketScan& packet : report.packets) {
    std::string code = display_packet_code(packet.code);
    fmt::print("  {} ({}): {}\n", code, packet.student_name,
               packet.answers_note.empty() ? answers_text(packet) : packet.answers_note);
    proposed |= packet.proposed_score.has_value();
  }
  for (const paper::PacketScan& packet : report.packets) {
    if (!packet.pages_missing.empty()) {
      fmt::print("{} ({}): pages {} of {} missing.\n", display_packet_code(packet.code),
                 packet.student_name, page_list(packet.pages_missing), packet.pages);
    }
  }
  if (proposed) {
    fmt::print(
        "Proposed scores are not recorded: check them and confirm each with "
        "'parta paper return CODE --score N'.\n");
  }
}

}  // namespace

Status scan_command(OpenNode& node, const ScanOptions& options) {
  paper::ScanRequest request{.returned_ms = now_unix_ms(),
                             .returned_by = acting_user(options.by),
                             .dry_run = options.dry_run};
  for (const std::string& file : options.files) request.files.emplace_back(file);
  for (const std::string& option : options.assign) {
    auto assigned = parse_assign(option);
    if (!assigned) return assigned.status();
    request.assigned.push_back(std::move(*assigned));
  }
  auto report = paper::scan_returned_pages(*node.records, request);
  if (!report) return report.status();
  if (options.json) {
    print_listing(scan_listing(*report, options.dry_run), true);
  } else {
    print_scan_report(*report, options.files.size(), options.dry_run);
  }
  if (report->pages_read() == 0) {
    return Status::invalid(fmt::format(
        "none of the {} scanned page(s) could be read; nothing was recorded (see the reasons "
        "above; a page may be named by hand with --assign FILE:PAGE=CODE:N)",
        report->pages.size()));
  }
  return Status::ok();
}

}  // namespace parta::cli
