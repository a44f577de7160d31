// `parta paper scan`'s options; see scan_command_line.h.
#include "scan_command_line.h"

namespace parta::cli {

void add_scan_options(CLI::App& command, ScanOptions& options) {
  command.add_option("FILE", options.files, "scanned pages: multi-page PDF, PNG or JPEG files")
      ->required();
  command
      .add_option("--assign", options.assign,
                  "name a page whose QR code cannot be read: FILE:PAGE=CODE:N says page PAGE "
                  "of FILE is page N of the packet with CODE (the code and page printed at its "
                  "foot), e.g. scan.pdf:3=K7MX-3HTA:4; for a PNG or JPEG, FILE=CODE:N; "
                  "repeat for more pages")
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
