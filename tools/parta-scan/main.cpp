// parta-scan: `parta paper scan` in an executable of its own, which `parta` runs with the
// command line it checked (see tools/parta/scan_command_line.h); it runs alone too, with the
// same options. Errors go to stderr as parta's do, with parta's exit codes.
#include <cstdlib>

#include <fmt/format.h>

#include "cli_context.h"
#include "scan_command.h"
#include "scan_command_line.h"

int main(int argc, char** argv) {
  parta::cli::CliContext context;
  parta::cli::ScanOptions options;
  CLI::App app{
      "parta-scan: reads returned paper pages back from scans; 'parta paper scan' runs it "
      "(see 'parta paper scan --help')."};
  if (const char* dir = std::getenv("PARTA_DIR")) context.dir = dir;
  app.add_option("--dir", context.dir, "the node's directory (default: $PARTA_DIR)");
  parta::cli::add_scan_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  auto node = parta::cli::open_node(context);
  parta::Status status = node ? parta::cli::scan_command(*node, options) : node.status();
  if (!status.is_ok()) {
    fmt::print(stderr, "parta: {}\n", status.message());
    return parta::cli::exit_code_for(status);
  }
  return 0;
}
