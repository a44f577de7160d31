// What every `parta` command shares: the selected node directory, output format, and how a
// command reports failure. Commands register themselves with add_*_commands() and set
// `action`, which main() runs after parsing.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "parta/sync/node_config.h"
#include "parta/storage/school_records.h"
#include "parta/storage/store.h"

namespace parta::cli {

struct CliContext {
  std::string dir;     // --dir or PARTA_DIR
  bool json = false;   // --json on listings
  std::function<Status()> action;
};

// An opened node: its store, its configuration and the school rules over both.
struct OpenNode {
  std::unique_ptr<Store> store;
  NodeConfig config;
  std::unique_ptr<SchoolRecords> records;
};

// Invalid, saying how to select one, when no node directory is given.
Status check_node_selected(const CliContext& context);

Result<OpenNode> open_node(const CliContext& context);

// Makes `command` run `body` with the opened node and the parsed `options`.
template <typename Options>
void on_run(CLI::App* command, CliContext& context, std::shared_ptr<Options> options,
            Status (*body)(OpenNode&, const Options&)) {
  command->callback([&context, options, body] {
    context.action = [&context, options, body]() -> Status {
      auto node = open_node(context);
      if (!node) return node.status();
      return body(*node, *options);
    };
  });
}

// The process's exit code for `status`: 0 when ok, 3 for damaged data or the system (disk,
// permissions), 1 for a problem with the input or a rule (2 is a malformed command line).
int exit_code_for(const Status& status);

// Who is at the keyboard, for a record: `by` when given, else the login name.
std::string acting_user(const std::string& by);

// Today's date on this machine (local time).
Date today_local();
int64_t now_unix_ms();

// Reads a whole file, also a pipe or /dev/stdin; Invalid above `bytes_max`.
Result<std::string> read_whole_file(const std::string& path, size_t bytes_max);

// Parses a date option the way rosters write them (DD.MM.YYYY or YYYY-MM-DD); "today" works.
Result<Date> parse_date_option(std::string_view text);

// NotFound for a record `text` names that this node does not hold, saying where ids are listed
// and, for a short id (s17), that it names only records this node made: one made elsewhere,
// or before the node was restored from a backup (which gives it a new node id), needs its full
// id.
Status no_such_record(const OpenNode& node, RecordType type, std::string_view text);

// The record a listing's filter (--student ID, --assignment ID) names; nullopt when `text` is
// empty (no filter). NotFound when this node holds no such record, rather than an empty
// listing that would read as "none".
Result<std::optional<RecordKey>> filter_key(OpenNode& node, const std::string& text,
                                            RecordType type);

void add_node_commands(CLI::App& app, CliContext& context);
void add_roster_commands(CLI::App& app, CliContext& context);
void add_record_commands(CLI::App& app, CliContext& context);
void add_list_commands(CLI::App& app, CliContext& context);
void add_show_command(CLI::App& app, CliContext& context);
void add_sync_commands(CLI::App& app, CliContext& context);
void add_peer_commands(CLI::App& app, CliContext& context);
void add_paper_commands(CLI::App& app, CliContext& context);

}  // namespace parta::cli
