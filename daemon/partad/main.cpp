// partad: runs one Parta node — a hub serving its schools, or a school syncing with its hub
// (DESIGN.md §5). See ../README.md for what it does and partad.h for how.
//
// Output: one line per event on stderr (journald keeps it under systemd), one line per sync
// session ("sync peer=... outcome=..."; session_report.h).
// Exit codes: 0 after SIGTERM or SIGINT; 1 if it cannot start (configuration, store, key,
// listening address, control socket); 2 for a malformed command line.
#include <systemd/sd-daemon.h>

#include <google/protobuf/stubs/logging.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdlib>
#include <string>

#include "log_line.h"
#include "node.h"
#include "partad.h"

namespace parta::partad {
namespace {

constexpr const char* kDescription =
    "partad: runs one Parta node from its directory (--dir or PARTA_DIR), as set up by "
    "'parta init'.\n"
    "  A hub listens on the address in DIR/parta.toml ('listen') and syncs with every school "
    "that dials it.\n"
    "  A school dials its hub (paired with 'parta pair INVITE_FILE') every [sync] "
    "interval_seconds,\n"
    "  and again sooner after a failure; the upload cap and time windows in [sync] protect "
    "its link.\n"
    "  'parta sync' asks the running partad to sync now, through DIR/partad.sock.\n"
    "  Logs one line per session on stderr. Stops cleanly on SIGTERM or SIGINT.";

int run(const std::string& dir) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer that has gone is an error code, not a signal
  // A peer's malformed message (a string that is not UTF-8, say) makes protobuf print an
  // error of its own before the session refuses it in words: a hostile peer could fill the
  // journal with those. The session's one log line says what went wrong.
  google::protobuf::SetLogHandler(nullptr);
  auto node = load_node(dir);
  if (!node) {
    log_line("cannot start: {}", node.status().message());
    return 1;
  }
  boost::asio::io_context io;
  Partad partad(io, *node);
  // Before anyone can reach us: a signal must find its handler, not kill the process.
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  if (Status started = partad.start(); !started.is_ok()) {
    log_line("cannot start: {}", started.message());
    return 1;
  }
  signals.async_wait([&](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    sd_notify(0, "STOPPING=1");
    log_line("stopping on {}", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    partad.stop();
    io.stop();  // sessions and sockets are closed; nothing more is waited for
  });
  sd_notify(0, "READY=1");
  io.run();
  log_line("stopped");
  return 0;
}

}  // namespace
}  // namespace parta::partad

int main(int argc, char** argv) {
  CLI::App app{parta::partad::kDescription};
  std::string dir;
  if (const char* env = std::getenv("PARTA_DIR")) dir = env;
  app.add_option("--dir", dir, "the node's directory (default: $PARTA_DIR)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  if (dir.empty()) {
    parta::partad::log_line("no node selected: pass --dir DIR or set PARTA_DIR");
    return 2;
  }
  return parta::partad::run(dir);
}
