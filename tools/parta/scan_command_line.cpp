// `parta paper scan`'s options; see scan_command_line.h.
#include "scan_command_line.h"

#include <fmt/format.h>

#include <charconv>
#include <string_view>

namespace parta::cli {
namespace {

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

}  // namespace

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

Status check_scan_options(const ScanOptions& options) {
  for (const std::string& option : options.assign) {
    auto assigned = parse_assign(option);
    if (!assigned) return assigned.status();
  }
  return Status::ok();
}

void add_scan_options(CLI::App& command, ScanOptions& options) {
  command.add_option("FILE", options.files, "scanned pages: multi-page PDF, PNG or JPEG files")
      ->required();
  command
      .add_option("--assign", options.assign,
                  "name a page whose QR code cannot be read: FILE:PAGE=CODE:N says page PAGE "
                  "of FILE is page N of the packet with CODE (the code and page printed at its "
                  "foot), e.g. scan.pdf:3=K7MX-3HTA:4; for a PNG, a JPEG or a PDF of one "
                  "page, FILE=CODE:N; repeat for more pages, naming each page once. Such a page "
                  "counts as returned, but its answers are not read (enter the score with "
                  "'parta paper return CODE --score N'); a page whose QR code is read and says "
                  "another page is not taken")
      ->allow_extra_args(false);  // one value each time: FILE after it stays a file
  command.add_flag("--dry-run", options.dry_run, "read and report; record nothing");
  command.add_option("--by", options.by, "who took the packets back (default: login name)");
  command.add_flag("--json", options.json,
                   "print a JSON array of objects (snake_case keys): a "
                   "\"page\" row per scanned page and a \"packet\" row per packet");
}

std::vector<std::string> scan_arguments(const std::string& dir, const ScanOptions& options) {
  std::vector<std::string> arguments;
  // --name=value, so that a value starting with '-' stays a value.
  if (!dir.empty()) arguments.push_back("--dir=" + dir);
  for (const std::string& assign : options.assign) arguments.push_back("--assign=" + assign);
  if (!options.by.empty()) arguments.push_back("--by=" + options.by);
  if (options.dry_run) arguments.push_back("--dry-run");
  if (options.json) arguments.push_back("--json");
  arguments.push_back("--");  // the files, even one named like an option
  arguments.insert(arguments.end(), options.files.begin(), options.files.end());
  return arguments;
}

}  // namespace parta::cli
