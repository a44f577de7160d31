// Paper task packets: `parta export` prints an assignment for students without access,
// `parta packets` lists what was issued and what is overdue, `parta paper hand-out` and
// `parta paper return` follow a packet by the code printed on its pages, and `parta paper scan`
// runs `parta-scan`, which reads returned pages back (see scan_command_line.h).
#include <fmt/format.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "cli_context.h"
#include "listing.h"
#include "parta/materials/material_store.h"
#include "parta/paper/export_packets.h"
#include "parta/paper/task_document.h"
#include "parta/storage/packet_code.h"
#include "parta/storage/paper_packets.h"
#include "scan_command_line.h"

namespace parta::cli {
namespace {

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

// The students an export left out because their work came back, the first few by name.
void print_skipped(const std::vector<paper::SkippedStudent>& skipped) {
  if (skipped.empty()) return;
  constexpr size_t kStudentsShownMax = 5;
  std::string students;
  for (size_t i = 0; i < skipped.size() && i < kStudentsShownMax; ++i) {
    students += fmt::format("{}{} ({})", i == 0 ? "" : ", ", skipped[i].full_name,
                            display_packet_code(skipped[i].code));
  }
  if (skipped.size() > kStudentsShownMax) {
    students += fmt::format(" and {} more", skipped.size() - kStudentsShownMax);
  }
  fmt::print("Skipped {} student{} whose work came back: {}.\n", skipped.size(),
             skipped.size() == 1 ? "" : "s", students);
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
  request.issued_by = acting_user(options.by);
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
  print_skipped(summary->skipped);
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
  auto assignment = filter_key(node, options.assignment, RecordType::kAssignment);
  if (!assignment) return assignment.status();
  filter.assignment = *assignment;
  auto student = filter_key(node, options.student, RecordType::kStudent);
  if (!student) return student.status();
  filter.student = *student;
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
    PARTA_RETURN_IF_ERROR(packets.mark_handed_out(keys[i], now_unix_ms(), acting_user(options.by)));
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
  auto returned = packets.mark_returned(*key, options.score, options.review, now_unix_ms(),
                                        acting_user(options.by));
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

// This executable's path: /proc/self/exe, or where /proc is not mounted (a chroot, some
// sandboxes) the path it was started by, which the kernel keeps for it (AT_EXECFN).
std::filesystem::path this_executable() {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) return self;
  const auto* started_as = reinterpret_cast<const char*>(getauxval(AT_EXECFN));
  return started_as ? std::filesystem::path(started_as) : std::filesystem::path("parta");
}

// Replaces this process with `parta-scan`, installed beside `parta`, given `arguments`; returns
// only when it cannot.
Status run_parta_scan(const std::vector<std::string>& arguments) {
  const std::string scanner = (this_executable().parent_path() / "parta-scan").string();
  std::vector<char*> argv{const_cast<char*>(scanner.c_str())};
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);
  execv(scanner.c_str(), argv.data());
  if (errno == ENOENT) {
    return Status::io(fmt::format(
        "'parta paper scan' runs {}, which is missing: it is built and installed with parta "
        "(cmake --install); install Parta again",
        scanner));
  }
  return Status::io(fmt::format("cannot run {}: {}", scanner, std::strerror(errno)));
}

void add_export_command(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<ExportOptions>();
  auto* command = app.add_subcommand(
      "export",
      "print an assignment as paper packets (one A4 PDF: a packet per student in "
      "roster order, then the teacher's sheet) and record the packets. A student whose packet "
      "of it came back is skipped; one whose packet is still out gets a new one that replaces "
      "it");
  command->add_option("--assignment", options->assignment, "assignment id")->required();
  auto* student = command->add_option("--student", options->student,
                                      "only this student (refused if their packet came back)");
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
  add_scan_options(*scan, *scan_options);
  scan->callback([&context, scan_options] {
    context.action = [&context, scan_options]() -> Status {
      // Refused here as every command refuses it, before the scanner's libraries load.
      PARTA_RETURN_IF_ERROR(check_node_selected(context));
      PARTA_RETURN_IF_ERROR(check_scan_options(*scan_options));
      return run_parta_scan(scan_arguments(context.dir, *scan_options));
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
