// `parta paper scan` itself, run by the `parta-scan` executable.
#pragma once

#include "cli_context.h"
#include "scan_command_line.h"

namespace parta::cli {

// Reads the scanned files of `options`, records the packets returned (unless --dry-run) and
// prints the report. Invalid when no page at all could be read.
Status scan_command(OpenNode& node, const ScanOptions& options);

}  // namespace parta::cli
