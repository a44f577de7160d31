// `parta paper scan`'s command line, which two executables share. `parta` declares it, so that
// `parta paper scan --help` and its checks work like every other command's, and then runs
// `parta-scan` (beside it) with the same request; `parta-scan` reads the scans. Scanning needs
// poppler-glib and zbar, which load about 25 more shared libraries: 4–5 ms of start-up that
// every other `parta` command, an export of a class set above all, would pay for nothing.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "parta/paper/scan_pages.h"

namespace parta::cli {

struct ScanOptions {
  std::vector<std::string> files, assign;
  std::string by;
  bool dry_run = false;
  bool json = false;
};

// Declares FILE..., --assign, --dry-run, --by and --json on `command`, filling `options`.
void add_scan_options(CLI::App& command, ScanOptions& options);

// One --assign: "FILE:PAGE=CODE:N", or "FILE=CODE:N" for a file of one page (page_in_file 0:
// the scan refuses it for a PDF of several). Invalid, with an example, when it is not written
// so.
Result<paper::PageAssignment> parse_assign(std::string_view option);

// Checks what `parta` can check before it runs `parta-scan`: every --assign.
Status check_scan_options(const ScanOptions& options);

// The arguments after its name that make `parta-scan` do what `options` ask on the node in
// `dir` (no --dir when `dir` is empty).
std::vector<std::string> scan_arguments(const std::string& dir, const ScanOptions& options);

}  // namespace parta::cli
