// Paper task packets: `parta export` prints an assignment for students without access,
// `parta packets` lists what was issued and what is overdue, `parta paper hand-out` and
// `parta paper return` follow a packet by the code printed on its pages, `parta paper scan`
// reads returned pages back.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <functional>
#include <random>

#include "cli_context.h"
#include "listing.h"
#include "parta/materials/material_store.h"
#include "parta/paper/export_packets.h"
#include "parta/paper/scan_pages.h"
#include "parta/paper/task_document.h"
#include "parta/storage/packet_code.h"
#include "parta/storage/paper_packets.h"

namespace parta::cli {
namespace {

// Who is at the keyboard, for the packet's record: the login name unless --by says otherwise.
std::string who(const std::string& by) {
  if (!by.empty()) return by;
  const passwd* user = getpwuid(geteuid());
  return user ? user->pw_name : "";
}

uint64_t random_bits() {
  static std::random_device device;
  return (uint64_t{device()} << 32) | device();
}

struct ExportOptions {
  std::string assignment, student, out, by, materials_dir;
  bool no_access_only = false;
};

// The images a task shows, from the assignment's materials in DIR/materials.git (`parta
// material add`); an empty resolver when it has none (a task with images then says so).
Result<paper::ImageResolver> images_from_materials(OpenNode& node, const RecordKey& assignment) {
  records::Assignment record;
  Status read = node.store->read([&](const ReadView& view) {
    return view.get(RecordType::kAssignment, assignment.bytes(), &record);
  });
  // No such assignment: the export says so, in its words.
  if (read.kind() == Status::Kind::kNotFound) return paper::ImageResolver();
  PARTA_RETURN_IF_ERROR(read);
  if (record.material_refs().empty()) return paper::ImageResolver();
  const std::string id = node.records->id_text(RecordType::kAssignment, assignment);
  auto materials = MaterialStore::open(node.store->dir());
  if (!materials) return materials.status();
  auto files = (*materials)->read_files(record.material_refs(0));
  if (files.status().kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format(
        "the materials of assignment {} have not arrived yet; run 'parta sync' (or print with "
        "--materials-dir FOLDER)",
        id));
  }
  if (!files) return files.status();
  auto by_name = std::make_shared<std::map<std::string, std::string, std::less<>>>();
  for (MaterialFile& file : *files) by_name->emplace(file.name, std::move(file.bytes));
  return paper::ImageResolver([by_name, id](std::string_view name) -> Result<std::string> {
    auto found = by_name->find(name);
    if (found == by_name->end()) {
      return Status::not_found(fmt::format(
          "assignment {} has no material named \"{}\"; add it with 'parta material add FILE "
          "--assignment {}'",
          id, name, id));
    }
    if (found->second.size() > paper::kImageFileBytesMax) {
      return Status::invalid(fmt::format("material \"{}\" is {} MiB; an image may have at most {} MiB",
                                         name, found->second.size() >> 20,
                                         paper::kImageFileBytesMax >> 20));
    }
    return found->second;
  });
}

Status export_command(OpenNode& node, const ExportOptions& options) {
  paper::ExportRequest request;
  auto assignment = node.records->parse_key(options.assignment, RecordType::kAssignment);
  if (!assignment) return assignment.status();
  request.assignment = *assignment;
  if (!options.student.empty()) {
    auto student = node.records->parse_key(options.student, RecordType::kStudent);
    if (!student) return student.status();
    request.student = *student;
  }
  request.no_access_only = options.no_access_only;
  request.out = options.out;
  request.issued_ms = now_unix_ms();
  request.issued_by = who(options.by);
  request.random_bits = random_bits;
  if (!options.materials_dir.empty()) {
    request.images = paper::images_from_directory(options.materials_dir);
  } else {
    auto images = images_from_materials(node, *assignment);
    if (!images) return images.status();
    request.images = std::move(*images);
  }
  auto summary = paper::export_packets(*node.records, request);
  if (!summary) return summary.status();
  fmt::print("Wrote {}: {} packet(s), {} pages ({} for the students, {} for the teacher).\n",
             options.out, summary->packets.size(), summary->pdf_pages,
             summary->pdf_pages - summary->teacher_pages, summary->teacher_pages);
  if (!summary->superseded.empty()) {
    constexpr size_t kCodesShownMax = 5;  // the teacher's sheet names them all
    std::string codes;
    for (size_t i = 0; i < summary->superseded.size() && i < kCodesShownMax; ++i) {
      codes += (i == 0 ? "" : ", ") + display_packet_code(summary->superseded[i]);
    }
    if (summary->superseded.size() > kCodesShownMax) codes += ", …";
    fmt::print(
        "They replace {} earlier packet(s) not returned ({}): take those back; the teacher's "
        "sheet names them, and 'parta packets' shows them superseded.\n",
        summary->superseded.size(), codes);
  }
  fmt::print("Print it duplex; see the packets with 'parta packets --assignment {}'.\n",
             options.assignment);
  return Status::ok();
}

struct PacketsOptions {
  std::string assignment, student;
  bool overdue = false;
};

Status packets_command(OpenNode& node, const PacketsOptions& options, bool json) {
  PacketFilter filter{.overdue_only = options.overdue, .today = today_local()};
  if (!options.assignment.empty()) {
    auto assignment = node.records->parse_key(options.assignment, RecordType::kAssignment);
    if (!assignment) return assignment.status();
    filter.assignment = *assignment;
  }
  if (!options.student.empty()) {
    auto student = node.records->parse_key(options.student, RecordType::kStudent);
    if (!student) return student.status();
    filter.student = *student;
  }
  auto entries = PaperPackets(*node.records).list(filter);
  if (!entries) return entries.status();
  Listing listing;
  listing.columns = {"id",       "code",  "student_id", "student", "class",      "assignment_id",
                     "title",    "pages", "stage",      "issued",  "handed_out", "returned",
                     "reviewed", "due",   "overdue",    "replaced_by"};
  auto id = [&](RecordType type, std::string_view bytes) -> Cell {
    auto key = RecordKey::from_bytes(bytes);
    if (!key) return std::monostate{};
    return node.records->id_text(type, *key);
  };
  for (const PacketEntry& entry : *entries) {
    const records::Packet& packet = entry.packet;
    Cell due = std::monostate{};
    if (!entry.assignment.title().empty()) due = format_iso(Date{entry.assignment.due_date()});
    listing.add({node.records->id_text(RecordType::kPacket, entry.key),
                 display_packet_code(packet.code()), id(RecordType::kStudent, packet.student()),
                 student_full_name(entry.student), entry.class_name,
                 id(RecordType::kAssignment, packet.assignment()), entry.assignment.title(),
                 int64_t{packet.page_count()}, std::string(packet_stage_name(entry.stage)),
                 local_time_text(packet.issued_ms()), local_time_text(packet.handed_out_ms()),
                 local_time_text(packet.returned_ms()), local_time_text(packet.reviewed_ms()), due,
                 entry.overdue,
                 entry.superseded_by_code.empty()
                     ? Cell(std::monostate{})
                     : Cell(display_packet_code(entry.superseded_by_code))});
  }
  print_listing(listing, json);
  return Status::ok();
}

struct HandOutOptions {
  std::vector<std::string> codes;
  std::string by;
};

Status hand_out_command(OpenNode& node, const HandOutOptions& options) {
  PaperPackets packets(*node.records);
  std::vector<RecordKey> keys;
  for (const std::string& code : options.codes) {  // every code checked before any is marked
    auto key = packets.find_by_code(code);
    if (!key) return key.status();
    keys.push_back(*key);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    PARTA_RETURN_IF_ERROR(packets.mark_handed_out(keys[i], now_unix_ms(), who(options.by)));
    fmt::print("Packet {} handed out.\n",
               display_packet_code(*normalize_packet_code(options.codes[i])));
  }
  return Status::ok();
}

struct ReturnOptions {
  std::string code, review, by;
  std::optional<uint32_t> score;
};

Status return_command(OpenNode& node, const ReturnOptions& options) {
  if (!options.score && !options.review.empty()) {
    return Status::invalid("--review needs --score: a review is recorded with its score");
  }
  PaperPackets packets(*node.records);
  auto key = packets.find_by_code(options.code);
  if (!key) return key.status();
  auto returned =
      packets.mark_returned(*key, options.score, options.review, now_unix_ms(), who(options.by));
  if (!returned) return returned.status();
  std::string code = display_packet_code(*normalize_packet_code(options.code));
  if (returned->result) {
    fmt::print("Packet {} returned and reviewed: score {} recorded ({}).\n", code, *options.score,
               node.records->id_text(RecordType::kReview, returned->result->review));
  } else {
    fmt::print("Packet {} returned; record its score with 'parta paper return {} --score N'.\n",
               code, code);
  }
  return Status::ok();
}

struct ScanOptions {
  std::vector<std::string> files, assign;
  std::string by;
  bool dry_run = false;
};

Result<uint32_t> page_number(std::string_view text, std::string_view option) {
  uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value == 0) {
    return Status::invalid(fmt::format(
        "--assign {}: \"{}\" is not a page number (FILE:PAGE=CODE:N, e.g. scan.pdf:3=K7MX-3HTA:4)",
        option, text));
  }
  return value;
}

// "FILE:PAGE=CODE:N", or "FILE=CODE:N" for an image file (its page 1).
Result<paper::PageAssignment> parse_assign(std::string_view option) {
  size_t equals = option.rfind('=');
  size_t code_colon = option.rfind(':');
  if (equals == std::string_view::npos || code_colon == std::string_view::npos ||
      code_colon < equals) {
    return Status::invalid(fmt::format(
        "--assign {}: write FILE:PAGE=CODE:N, e.g. scan.pdf:3=K7MX-3HTA:4 (page 3 of scan.pdf is "
        "page 4 of packet K7MX-3HTA)",
        option));
  }
  paper::PageAssignment assigned;
  std::string_view where = option.substr(0, equals);
  size_t file_colon = where.rfind(':');
  bool has_page = file_colon != std::string_view::npos && file_colon + 1 < where.size() &&
                  where.find_first_not_of("0123456789", file_colon + 1) == std::string_view::npos;
  assigned.file = std::string(has_page ? where.substr(0, file_colon) : where);
  if (has_page) {
    auto page = page_number(where.substr(file_colon + 1), option);
    if (!page) return page.status();
    assigned.page_in_file = *page;
  }
  assigned.code = std::string(option.substr(equals + 1, code_colon - equals - 1));
  auto packet_page = page_number(option.substr(code_colon + 1), option);
  if (!packet_page) return packet_page.status();
  assigned.packet_page = *packet_page;
  return assigned;
}

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
    listing.add({std::string("page"),
                 page.file.string(),
                 page.page_in_file ? Cell(int64_t{page.page_in_file}) : none,
                 std::string(paper::page_outcome_name(page.outcome)),
                 page.reason.empty() ? none : Cell(page.reason),
                 code,
                 page.page ? Cell(int64_t{page.page}) : none,
                 page.pages ? Cell(int64_t{page.pages}) : none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none,
                 none});
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

Status scan_command(OpenNode& node, const ScanOptions& options, bool json) {
  paper::ScanRequest request{
      .returned_ms = now_unix_ms(), .returned_by = who(options.by), .dry_run = options.dry_run};
  for (const std::string& file : options.files) request.files.emplace_back(file);
  for (const std::string& option : options.assign) {
    auto assigned = parse_assign(option);
    if (!assigned) return assigned.status();
    request.assigned.push_back(std::move(*assigned));
  }
  auto report = paper::scan_returned_pages(*node.records, request);
  if (!report) return report.status();
  if (json) {
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

void add_export_command(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<ExportOptions>();
  auto* command = app.add_subcommand(
      "export",
      "print an assignment as paper packets (one A4 PDF: a packet per student in "
      "roster order, then the teacher's sheet) and record the packets");
  command->add_option("--assignment", options->assignment, "assignment id")->required();
  auto* student = command->add_option("--student", options->student, "only this student");
  auto* no_access = command->add_flag("--no-access-only", options->no_access_only,
                                      "only students marked as having no access "
                                      "('parta student access ID no')");
  student->excludes(no_access);
  command->add_option("--out", options->out, "the PDF to write")->required();
  command->add_option("--by", options->by, "who prints the packets (default: login name)");
  command->add_option("--materials-dir", options->materials_dir,
                      "the folder with the images the task shows (PNG or JPEG, by the name "
                      "in ![caption](name)); without it they come from the assignment's "
                      "materials ('parta material add')")
      ->check(CLI::ExistingDirectory);
  on_run(command, context, options, &export_command);
}

void add_packets_command(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<PacketsOptions>();
  auto* command = app.add_subcommand(
      "packets",
      "paper packets: issued, handed out, returned, reviewed; --overdue for those "
      "past their due date and not returned");
  command->add_flag("--json", context.json, "print a JSON array of objects (snake_case keys)");
  command->add_flag("--overdue", options->overdue, "only packets past due and not returned");
  command->add_option("--assignment", options->assignment, "only this assignment's packets");
  command->add_option("--student", options->student, "only this student's packets");
  command->callback([&context, options] {
    context.action = [&context, options]() -> Status {
      auto node = open_node(context);
      if (!node) return node.status();
      return packets_command(*node, *options, context.json);
    };
  });
}

void add_paper_subcommands(CLI::App& app, CliContext& context) {
  auto* paper = app.add_subcommand("paper", "follow paper packets by the code on their pages");
  paper->require_subcommand(1);
  auto hand_out_options = std::make_shared<HandOutOptions>();
  auto* hand_out = paper->add_subcommand("hand-out", "mark packets handed out to their students");
  hand_out->add_option("CODE", hand_out_options->codes, "packet codes, e.g. K7MX-3HTA")->required();
  hand_out->add_option("--by", hand_out_options->by, "who handed them out (default: login name)");
  on_run(hand_out, context, hand_out_options, &hand_out_command);

  auto return_options = std::make_shared<ReturnOptions>();
  auto* returned = paper->add_subcommand(
      "return",
      "mark a packet returned; with --score, record the student's result (channel "
      "paper) and mark it reviewed");
  returned->add_option("CODE", return_options->code, "the code from any page, e.g. K7MX-3HTA")
      ->required();
  returned->add_option("--score", return_options->score, "the score");
  returned->add_option("--review", return_options->review, "the teacher's review text");
  returned->add_option("--by", return_options->by, "who took it back (default: login name)");
  on_run(returned, context, return_options, &return_command);

  auto scan_options = std::make_shared<ScanOptions>();
  auto* scan = paper->add_subcommand(
      "scan",
      "read returned pages back from scans (PDF, PNG, JPEG): find each page's QR code, mark "
      "packets returned, list pages not read and packets with pages missing, read the answer "
      "sheet's bubbles and propose scores (confirm them with 'parta paper return CODE --score N')");
  scan->add_option("FILE", scan_options->files, "scanned pages: multi-page PDF, PNG or JPEG files")
      ->required();
  scan->add_option("--assign", scan_options->assign,
                   "name a page whose QR code cannot be read: FILE:PAGE=CODE:N says page PAGE "
                   "of FILE is page N of the packet with CODE (the code and page printed at its "
                   "foot), e.g. scan.pdf:3=K7MX-3HTA:4; for a PNG or JPEG, FILE=CODE:N; "
                   "repeat for more pages")
      ->allow_extra_args(false);  // one value each time: FILE after it stays a file
  scan->add_flag("--dry-run", scan_options->dry_run, "read and report; record nothing");
  scan->add_option("--by", scan_options->by, "who took the packets back (default: login name)");
  scan->add_flag("--json", context.json,
                 "print a JSON array of objects (snake_case keys): a "
                 "\"page\" row per scanned page and a \"packet\" row per packet");
  scan->callback([&context, scan_options] {
    context.action = [&context, scan_options]() -> Status {
      auto node = open_node(context);
      if (!node) return node.status();
      return scan_command(*node, *scan_options, context.json);
    };
  });
}

}  // namespace

void add_paper_commands(CLI::App& app, CliContext& context) {
  add_export_command(app, context);
  add_packets_command(app, context);
  add_paper_subcommands(app, context);
}

}  // namespace parta::cli
