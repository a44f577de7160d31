// Sync commands: sync (ask the running partad to sync now) and pair (redeem a hub's invite on a
// school). Syncing itself is partad's work (daemon/); these only ask it or, for pairing, run
// the one short session.
#include <fmt/format.h>

#include <cassert>

#include "cli_context.h"
#include "parta/net/control_server.h"
#include "parta/net/run_session.h"
#include "parta/sync/identity.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_session.h"

namespace parta::cli {
namespace {

constexpr int64_t kPairTimeoutMs = 60'000;

struct SyncOptions {
  std::string peer;
  int64_t timeout_seconds = 600;
};

Status run_sync(const CliContext& context, const SyncOptions& options) {
  if (context.dir.empty()) {
    return Status::invalid("no node selected: pass --dir DIR or set PARTA_DIR");
  }
  if (options.timeout_seconds <= 0) return Status::invalid("--timeout must be at least 1 second");
  net::ControlRequest request{net::ControlRequest::Kind::kSync, options.peer};
  auto reply = net::send_control_request(context.dir, request, options.timeout_seconds * 1000);
  if (!reply) return reply.status();
  if (!reply->ok) return Status::refused(reply->text);
  fmt::print("{}\n", reply->text.empty() ? "ok" : reply->text);
  return Status::ok();
}

// The hub this school is paired with already, if any.
Result<std::optional<Peer>> paired_hub(const PeerDirectory& peers) {
  auto listed = peers.list();
  if (!listed) return listed.status();
  for (Peer& peer : *listed) {
    if (peer.role == "hub") return std::optional<Peer>(std::move(peer));
  }
  return std::optional<Peer>();
}

Status run_pair(const CliContext& context, const std::string& invite_file) {
  auto node = open_node(context);
  if (!node) return node.status();
  if (node->config.role != "school") {
    return Status::refused(
        fmt::format("{} is a hub; 'parta pair' runs on a school, with an invite made on the hub by "
                    "'parta invite'",
                    context.dir));
  }
  PeerDirectory peers(context.dir);
  auto hub = paired_hub(peers);
  if (!hub) return hub.status();
  if (*hub) {
    return Status::refused(fmt::format(
        "this school is paired with hub «{}» at {} already; a school syncs with one hub",
        (*hub)->name, (*hub)->address));
  }
  auto invite = read_invite_file(invite_file);
  if (!invite) return invite.status();
  auto identity = load_or_create_node_identity(context.dir);
  if (!identity) return identity.status();
  auto session = SyncSession::pairing_client(*node->store, *identity, *invite);
  PARTA_RETURN_IF_ERROR(net::run_session_blocking(*session, invite->address, kPairTimeoutMs));
  assert(session->peer().has_value() && "a pairing session that succeeded knows its hub");
  const Peer& paired = *session->peer();
  PARTA_RETURN_IF_ERROR(peers.add(paired));
  fmt::print("Paired with hub «{}» at {} (peer {}, key {}).\n", invite->hub_name, paired.address,
             paired.name, public_key_hex(paired.key));
  fmt::print("partad will now sync with it every {} seconds; 'parta sync' syncs now.\n",
             node->config.sync.interval_seconds);
  return Status::ok();
}

}  // namespace

void add_sync_commands(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<SyncOptions>();
  auto* sync = app.add_subcommand(
      "sync",
      "ask the running partad to sync now; exits 0 only once every peer is in step "
      "(on a school: its session with the hub succeeded; on a hub: every school's last "
      "session succeeded and nothing waits for it)");
  sync->add_option("--peer", options->peer, "only this peer (a name from 'parta peers')");
  sync->add_option("--timeout", options->timeout_seconds,
                   "seconds to wait for the answer (default 600)");
  sync->callback([&context, options] {
    context.action = [&context, options] { return run_sync(context, *options); };
  });

  auto invite_file = std::make_shared<std::string>();
  auto* pair = app.add_subcommand(
      "pair",
      "on a school: redeem an invite file from the hub ('parta invite' there), so that "
      "both pin each other's key and partad can sync");
  pair->add_option("FILE", *invite_file, "the invite file")->required();
  pair->callback([&context, invite_file] {
    context.action = [&context, invite_file] { return run_pair(context, *invite_file); };
  });
}

}  // namespace parta::cli
