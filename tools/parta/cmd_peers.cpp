// Peer commands: invite (a hub's one-time invite for a school, DESIGN.md §5 "Pairing"), peers
// (each paired node: when it last synced, what went wrong, what is still waiting) and peers
// remove (unpairing one).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli_context.h"
#include "listing.h"
#include "parta/sync/identity.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_plan.h"

namespace parta::cli {
namespace {

constexpr int64_t kHourMs = 60 * 60 * 1000;
constexpr int kInviteValidHoursDefault = 72;
constexpr int kInviteValidHoursMax = 30 * 24;
// `parta peers` shows this much of a key; --json gives it whole.
constexpr size_t kKeyHexShown = 16;

struct InviteOptions {
  std::string address;
  std::string out;
  int valid_hours = kInviteValidHoursDefault;
};

Status run_invite(const CliContext& context, const InviteOptions& options) {
  auto node = open_node(context);
  if (!node) return node.status();
  if (node->config.role != "hub") {
    return Status::refused(
        "this node is a school, and invites come from the hub (base school) it syncs with: run "
        "'parta invite' on the hub, then 'parta pair FILE' here");
  }
  auto identity = load_or_create_node_identity(context.dir);
  if (!identity) return identity.status();
  auto invite = PeerDirectory(context.dir)
                    .issue_invite(node->store->node(), identity->public_key(), options.address,
                                  now_unix_ms(), options.valid_hours * kHourMs);
  if (!invite) return invite.status();
  PARTA_RETURN_IF_ERROR(write_invite_file(options.out, *invite));
  fmt::print(
      "Wrote an invite for one school to {}.\n"
      "Copy it to the school (e.g. on a USB stick) and run there, before {}:\n"
      "  parta pair {}\n"
      "It is a one-time secret: whoever holds it can pair one node with this hub. Delete it once "
      "the school has paired.\n",
      options.out, local_time_text(invite->expires_ms), options.out);
  return Status::ok();
}

Cell text_or_none(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

Cell count_cell(uint64_t count) { return static_cast<int64_t>(count); }

// One row of `parta peers`; the ops waiting to send are counted in `view` now.
Result<std::vector<Cell>> peer_row(const ReadView& view, const PeerDirectory& directory,
                                   const Peer& peer, bool json) {
  auto status = directory.read_status(peer.name);
  if (!status) return status.status();
  auto scopes = scopes_peer_may_receive(view, peer);
  if (!scopes) return scopes.status();
  auto ranges = ranges_peer_lacks(view, *scopes, status->peer_vector);
  if (!ranges) return ranges.status();
  auto to_send = count_ops(view, *ranges);
  if (!to_send) return to_send.status();
  const std::string key = public_key_hex(peer.key);
  return std::vector<Cell>{
      peer.name,
      peer.role,
      text_or_none(peer.address),
      json ? key : key.substr(0, kKeyHexShown) + "…",
      status->last_success_ms == 0 ? "never" : local_time_text(status->last_success_ms),
      text_or_none(status->last_error),
      count_cell(*to_send),
      count_cell(status->ops_waiting_incoming),
      count_cell(status->ops_sent),
      count_cell(status->ops_received),
      count_cell(status->bytes_sent),
      count_cell(status->bytes_received),
      static_cast<int64_t>(status->seconds * 1000 + 0.5)};
}

Status run_peers(const CliContext& context) {
  auto node = open_node(context);
  if (!node) return node.status();
  const PeerDirectory directory(context.dir);
  auto peers = directory.list();
  if (!peers) return peers.status();
  if (peers->empty() && !context.json) {
    fmt::print("{}\n", node->config.role == "hub" ? "no schools paired yet; run 'parta invite'"
                                                  : "not paired with a hub; run 'parta pair FILE'");
    return Status::ok();
  }
  Listing listing;
  listing.columns = {"name",
                     "role",
                     "address",
                     "key",
                     "last_sync",
                     "last_error",
                     "ops_to_send",
                     "ops_to_receive",
                     "last_ops_sent",
                     "last_ops_received",
                     "last_bytes_sent",
                     "last_bytes_received",
                     "last_duration_ms"};
  PARTA_RETURN_IF_ERROR(node->store->read([&](const ReadView& view) -> Status {
    for (const Peer& peer : *peers) {
      auto row = peer_row(view, directory, peer, context.json);
      if (!row) return row.status();
      listing.add(std::move(*row));
    }
    return Status::ok();
  }));
  print_listing(listing, context.json);
  return Status::ok();
}

Status run_remove_peer(const CliContext& context, const std::string& name) {
  if (context.json) return Status::invalid("'parta peers remove' prints no listing; drop --json");
  auto node = open_node(context);
  if (!node) return node.status();
  auto removed = PeerDirectory(context.dir).remove(name);
  if (!removed) return removed.status();
  if (removed->role.empty()) {
    fmt::print("Removed «{}», whose peer file could not be read.\n", removed->name);
    return Status::ok();
  }
  fmt::print("Removed {} «{}» (key {}…): this node no longer accepts its key.\n", removed->role,
             removed->name, public_key_hex(removed->key).substr(0, kKeyHexShown));
  if (removed->role == "school") {
    fmt::print(
        "To pair the school again (reinstalled or restored), write it an invite with 'parta "
        "invite' and run 'parta pair FILE' there.\n");
  } else {
    fmt::print("To pair with a hub again, run 'parta pair FILE' with an invite from it.\n");
  }
  return Status::ok();
}

}  // namespace

void add_peer_commands(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<InviteOptions>();
  auto* invite = app.add_subcommand(
      "invite", "hub only: write a one-time invite with which one school pairs with this hub");
  invite
      ->add_option("--address", options->address,
                   "HOST:PORT the school dials to reach this hub, e.g. hub.example.org:7420")
      ->required();
  invite->add_option("--out", options->out, "the invite file to write (a secret until used)")
      ->required();
  invite
      ->add_option(
          "--valid-hours", options->valid_hours,
          fmt::format("hours the invite may be used (default {})", kInviteValidHoursDefault))
      ->check(CLI::Range(1, kInviteValidHoursMax));
  invite->callback([&context, options] {
    context.action = [&context, options] { return run_invite(context, *options); };
  });

  auto* peers = app.add_subcommand(
      "peers", "the nodes this one syncs with: last sync, last error, ops waiting each way");
  peers->add_flag("--json", context.json, "print a JSON array of objects (snake_case keys)");
  peers->callback([&context, peers] {
    if (!peers->get_subcommands().empty()) return;  // `peers remove` set the action
    context.action = [&context] { return run_peers(context); };
  });
  auto* remove = peers->add_subcommand(
      "remove",
      "unpair a node: its key is no longer accepted. A school that was reinstalled or restored "
      "from a backup pairs again after its old pairing is removed on the hub");
  auto name = std::make_shared<std::string>();
  remove->add_option("NAME", *name, "the peer's name, as 'parta peers' lists it")->required();
  remove->callback([&context, name] {
    context.action = [&context, name] { return run_remove_peer(context, *name); };
  });
}

}  // namespace parta::cli
