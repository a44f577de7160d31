// parta: the command line of a Parta node, for a school's IT person and its teachers.
// Every command works offline on the node selected by --dir or PARTA_DIR. Errors go to stderr
// with a non-zero exit: 1 for a problem with the input or a rule, 3 for damaged data or the
// system (disk, permissions), 2 for a malformed command line.
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>
#include <google/protobuf/stubs/logging.h>

#include "cli_context.h"
#include "cmd_material.h"

int main(int argc, char** argv) {
  // A hub's malformed answer to `parta pair` (a string that is not UTF-8, say) makes protobuf
  // print an error of its own before the session refuses it in words; only those words show.
  google::protobuf::SetLogHandler(nullptr);
  parta::cli::CliContext context;
  CLI::App app{
      "parta: records of a school in distance learning (rosters, consents, assignments, "
      "results, attendance, consultations), kept offline in LMDB and synced with the base "
      "school."};
  app.require_subcommand(1);
  if (const char* dir = std::getenv("PARTA_DIR")) context.dir = dir;
  app.add_option("--dir", context.dir, "the node's directory (default: $PARTA_DIR)");
  parta::cli::add_node_commands(app, context);
  parta::cli::add_roster_commands(app, context);
  parta::cli::add_record_commands(app, context);
  parta::cli::add_list_commands(app, context);
  parta::cli::add_show_command(app, context);
  parta::cli::add_sync_commands(app, context);
  parta::cli::add_peer_commands(app, context);
  parta::cli::add_paper_commands(app, context);
  parta::cli::add_material_commands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  if (!context.action) return 2;
  parta::Status status = context.action();
  if (!status.is_ok()) {
    fmt::print(stderr, "parta: {}\n", status.message());
    return parta::cli::exit_code_for(status);
  }
  return 0;
}
