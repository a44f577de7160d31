// The node partad runs: its directory, parta.toml, store, identity and peer directory, loaded
// once at start. Peers are read again from their files whenever partad needs them, so that
// `parta pair` and `parta invite` take effect while partad runs.
//
// Thread safety: used from partad's one io_context thread.
#pragma once

#include <filesystem>
#include <memory>

#include "parta/net/host_port.h"
#include "parta/storage/status.h"
#include "parta/storage/store.h"
#include "parta/sync/identity.h"
#include "parta/sync/node_config.h"
#include "parta/sync/peers.h"

namespace parta::partad {

struct Node {
  std::filesystem::path dir;
  NodeConfig config;
  std::unique_ptr<Store> store;
  Identity identity;
  PeerDirectory peers;
  net::HostPort listen;  // a hub's; unset on a school

  bool is_hub() const { return config.role == "hub"; }
};

// Reads DIR/parta.toml, opens the store and loads (or, for a node made by an older release,
// creates) the node's key. Invalid when the configuration cannot be run: a role other than
// hub or school, a hub without a valid `listen` address.
Result<Node> load_node(const std::filesystem::path& dir);

// The upload cap in force now on this machine's local clock (node_config.h), in kbit/s.
uint32_t upload_kbit_now(const SyncSettings& settings);

}  // namespace parta::partad
