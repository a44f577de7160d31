// parta-bench-sync: the C++ parts of the side-by-side wire benchmark that tools/bench-sync.sh
// runs (never the test suite). The script runs Parta, rsync and linksim as processes; this
// program adds baseline A, Morango's buffer transfer, and prints the table:
//
//   morango-server  holds the Morango buffer rows of what a node changed since an older copy
//                   and serves them over HTTP (morango_server.h)
//   morango-client  pushes or pulls the same rows to or from it, chunk by chunk, and prints
//                   one line of figures (morango_client.h)
//   table           prints the table from the figures the script gathered (sync_table.h)
//
// Start with morango_rows.h (what a row holds) and buffer_chunks.h (how rows cross the wire).
// Errors go to stderr with exit code 1; a malformed command line exits with 2.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "morango_client.h"
#include "morango_rows.h"
#include "morango_server.h"
#include "sync_table.h"

namespace parta::bench {
namespace {

struct RowSource {
  std::string node_dir;
  std::string since_dir;
};

void add_row_source(CLI::App& command, RowSource& source) {
  command.add_option("--node", source.node_dir, "the node whose changes are moved")->required();
  command
      .add_option("--since", source.since_dir,
                  "an older copy of that node: only records changed since it are moved")
      ->required();
}

Status run_server(const RowSource& source, const ServerOptions& options) {
  auto rows = changed_record_rows(source.node_dir, source.since_dir);
  if (!rows) return rows.status();
  return serve_buffers(*rows, options);
}

Status run_client(const RowSource& source, const std::string& server, const std::string& way) {
  auto address = net::parse_host_port(server);
  if (!address) return address.status().with_context("--server");
  auto rows = changed_record_rows(source.node_dir, source.since_dir);
  if (!rows) return rows.status();
  const Direction direction = way == "push" ? Direction::kPush : Direction::kPull;
  auto figures = transfer_buffers(*rows, direction, *address);
  if (!figures) return figures.status();
  fmt::print("morango-client: {} rows={} requests={} body_bytes={} seconds={:.3f}\n", way,
             rows->size(), figures->requests, figures->body_bytes, figures->seconds);
  return Status::ok();
}

void add_table_options(CLI::App& table, SyncFigures& figures, bool& markdown) {
  const auto wire = [&table](const std::string& name, WireFigures& wire_figures,
                             const std::string& what) {
    table.add_option("--" + name + "-bytes", wire_figures.bytes, what + ": bytes on the wire")
        ->required();
    table.add_option("--" + name + "-seconds", wire_figures.seconds, what + ": seconds")
        ->required();
  };
  wire("parta", figures.parta, "Parta's session, both directions");
  wire("push", figures.morango_push, "Morango's push");
  wire("pull", figures.morango_pull, "Morango's pull");
  wire("rsync", figures.rsync, "rsync");
  table
      .add_option("--partad-seconds", figures.partad_seconds,
                  "the session's seconds in partad's log")
      ->required();
  table
      .add_option("--payload-bytes", figures.parta_payload_bytes,
                  "the school's bytes_sent in partad's log")
      ->required();
  table.add_option("--results", figures.results, "results the day added")->required();
  const auto first_sync = [&table](const std::string& name, FirstSync& sync,
                                   const std::string& what) {
    table.add_option("--" + name + "-ops", sync.ops, what + ": ops");
    table.add_option("--" + name + "-bytes", sync.wire.bytes, what + ": bytes on the wire");
    table.add_option("--" + name + "-seconds", sync.wire.seconds, what + ": seconds");
  };
  first_sync("first", figures.first, "the same school's first sync");
  first_sync("year", figures.year, "a year school's first sync");
  table.add_option("--rate-kbit", figures.rate_kbit, "the link's rate")->capture_default_str();
  table.add_option("--rtt-ms", figures.rtt_ms, "the link's round trip")->capture_default_str();
  table.add_option("--workload", figures.workload, "what was moved, one line")->required();
  table.add_option("--machine", figures.machine, "where it ran, one line")->required();
  table.add_flag("--markdown", markdown, "a Markdown table, for the README");
}

}  // namespace
}  // namespace parta::bench

int main(int argc, char** argv) {
  using namespace parta::bench;
  CLI::App app{
      "parta-bench-sync: baseline A (Morango's buffer transfer) and the table of "
      "tools/bench-sync.sh."};
  app.require_subcommand(1);

  RowSource source;
  ServerOptions server_options;
  CLI::App* server = app.add_subcommand("morango-server", "serve a node's changes as Morango rows");
  add_row_source(*server, source);
  server->add_option("--listen", server_options.listen, "HOST:PORT; port 0 picks a free one")
      ->required();
  server
      ->add_option("--ready-file", server_options.ready_file,
                   "gets the HOST:PORT listened on once it listens")
      ->required();

  std::string server_address;
  std::string way;
  CLI::App* client = app.add_subcommand("morango-client", "push or pull those rows");
  add_row_source(*client, source);
  client->add_option("--server", server_address, "HOST:PORT of morango-server (or its link)")
      ->required();
  client->add_option("--way", way, "push: gzipped POSTs; pull: plain GETs")
      ->required()
      ->check(CLI::IsMember({"push", "pull"}));

  SyncFigures figures;
  bool markdown = false;
  CLI::App* table = app.add_subcommand("table", "print the table from the gathered figures");
  add_table_options(*table, figures, markdown);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  parta::Status status = parta::Status::ok();
  if (server->parsed()) status = run_server(source, server_options);
  if (client->parsed()) status = run_client(source, server_address, way);
  if (table->parsed()) print_sync_table(figures, markdown);
  if (!status.is_ok()) {
    fmt::print(stderr, "parta-bench-sync: {}\n", status.message());
    return 1;
  }
  return 0;
}
