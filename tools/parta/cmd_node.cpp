// Node commands: init, backup, restore, check.
#include <fmt/format.h>

#include "cli_context.h"
#include "parta/sync/identity.h"

namespace parta::cli {
namespace {

struct InitOptions {
  std::string name;
  std::string role = "school";
  std::string listen;  // a hub's default is kHubListenDefault; a school dials out, never listens
};

constexpr const char* kHubListenDefault = "0.0.0.0:7420";

Status run_init(const CliContext& context, const InitOptions& options) {
  if (context.dir.empty()) return Status::invalid("pass --dir DIR (or set PARTA_DIR) for the new node");
  if (options.name.empty()) return Status::invalid("pass --name with the school's name");
  auto store = Store::create(StoreOptions{.dir = context.dir}, options.name, options.role);
  if (!store) return store.status();
  std::string listen = options.listen;
  if (listen.empty() && options.role == "hub") listen = kHubListenDefault;
  NodeConfig config{options.name, options.role, listen, {}};
  // A node cannot be opened without its configuration, nor sync without its key: undo it.
  auto undo = [&](Status failure) {
    store->reset();
    Store::remove_node_files(context.dir);
    std::error_code ignored;  // `failure` is the error to report
    std::filesystem::remove(std::filesystem::path(context.dir) / kConfigFileName, ignored);
    return failure;
  };
  Status written = write_node_config(context.dir, config);
  if (!written.is_ok()) return undo(written);
  auto identity = load_or_create_node_identity(context.dir);
  if (!identity) return undo(identity.status());
  const NodeIdentity& node = (*store)->node();
  fmt::print("Created {} node «{}» in {} (node id {:08x}).\n", options.role, options.name,
             context.dir, node.origin);
  fmt::print("Its public key, which its peers pin when they pair: {}\n",
             public_key_hex(identity->public_key()));
  return Status::ok();
}

Status run_backup(const CliContext& context, const std::string& out) {
  auto node = open_node(context);
  if (!node) return node.status();
  PARTA_RETURN_IF_ERROR(node->store->backup(out));
  fmt::print("Backup written to {}. Restore it with: parta --dir NEW_DIR restore --from {}\n",
             out, out);
  return Status::ok();
}

Status run_restore(const CliContext& context, const std::string& from) {
  if (context.dir.empty()) return Status::invalid("pass --dir DIR (or set PARTA_DIR) to restore into");
  auto store = Store::restore(StoreOptions{.dir = context.dir}, from);
  if (!store) return store.status();
  const NodeIdentity& node = (*store)->node();
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(context.dir) / kConfigFileName, ec)) {
    PARTA_RETURN_IF_ERROR(write_node_config(context.dir, NodeConfig{node.name, node.role, "", {}}));
    fmt::print("Wrote a default {}; copy the holidays and settings of the old one into it.\n",
               kConfigFileName);
  }
  fmt::print("Restored «{}» into {} under the new node id {:08x}. Sync it with its base school "
             "before teachers rely on it: writes made after this backup come back from there.\n",
             node.name, context.dir, node.origin);
  if (node.role == "school") {
    fmt::print(
        "It is not paired yet: on the hub, remove the old node's pairing ('parta peers' lists "
        "it; 'parta peers remove NAME') and write an invite ('parta invite'), then run 'parta "
        "pair FILE' here and start partad.\n");
  } else {
    fmt::print(
        "It has a new key, so its schools pair anew: for each, write an invite here ('parta "
        "invite'), and on the school run 'parta peers remove hub' and 'parta pair FILE'.\n");
  }
  return Status::ok();
}

Status run_check(const CliContext& context) {
  auto node = open_node(context);
  if (!node) return node.status();
  PARTA_RETURN_IF_ERROR(node->store->verify());
  auto bytes = node->store->disk_bytes();
  if (!bytes) return bytes.status();
  fmt::print("{}: consistent ({:.1f} MiB on disk).\n", context.dir,
             static_cast<double>(*bytes) / (1 << 20));
  return Status::ok();
}

}  // namespace

void add_node_commands(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<InitOptions>();
  auto* init = app.add_subcommand("init", "create a new node in --dir");
  init->add_option("--name", options->name, "the school's name, as on its documents")->required();
  init->add_option("--role", options->role, "hub (base school) or school (attached school)")
      ->check(CLI::IsMember({"hub", "school"}));
  init->add_option("--listen", options->listen,
                   "hub only: HOST:PORT its schools dial (default 0.0.0.0:7420); a school dials "
                   "out to its hub and listens nowhere");
  init->callback([&context, options] { context.action = [&context, options] {
    return run_init(context, *options);
  }; });

  auto out = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup", "write a consistent, compacted copy of the node's database to a file; safe "
                "while other programs write");
  backup->add_option("--out", *out, "the backup file to write")->required();
  backup->callback([&context, out] { context.action = [&context, out] {
    return run_backup(context, *out);
  }; });

  auto from = std::make_shared<std::string>();
  auto* restore = app.add_subcommand(
      "restore",
      "make a node in an empty --dir from a backup file, checked whole first; it gets a new "
      "node id so it never reuses numbers the old node gave out after the backup");
  restore->add_option("--from", *from, "the backup file (from parta backup)")->required();
  restore->callback([&context, from] { context.action = [&context, from] {
    return run_restore(context, *from);
  }; });

  auto* check = app.add_subcommand("check", "verify that every record and index is consistent");
  check->callback([&context] { context.action = [&context] { return run_check(context); }; });
}

}  // namespace parta::cli
