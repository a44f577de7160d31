// Loading the node partad runs; see node.h.
#include "node.h"

#include <fmt/format.h>

#include "parta/storage/local_time.h"

namespace parta::partad {

Result<Node> load_node(const std::filesystem::path& dir) {
  auto config = read_node_config(dir);
  if (!config) return config.status();
  net::HostPort listen;
  if (config->role == "hub") {
    auto parsed = net::parse_host_port(config->listen);
    if (!parsed) {
      return Status::invalid(fmt::format("{}: listen: {}", (dir / kConfigFileName).string(),
                                         parsed.status().message()));
    }
    listen = std::move(*parsed);
  } else if (config->role != "school") {
    return Status::invalid(fmt::format("{}: role is \"{}\"; it must be hub or school",
                                       (dir / kConfigFileName).string(), config->role));
  }
  auto store = Store::open(StoreOptions{.dir = dir});
  if (!store) return store.status();
  auto identity = load_or_create_node_identity(dir);
  if (!identity) return identity.status();
  return Node{dir,
              std::move(*config),
              std::move(*store),
              std::move(*identity),
              PeerDirectory(dir),
              std::move(listen)};
}

uint32_t upload_kbit_now(const SyncSettings& settings) {
  const int64_t seconds_since_midnight =
      local_day_and_seconds(SystemClock::instance().now_unix_ms()).second;
  return upload_kbit_at(settings, static_cast<int>(seconds_since_midnight / 60));
}

}  // namespace parta::partad
