// Private to parta_net: the one check both ends of the control socket make on its path.
#pragma once

#include <fmt/format.h>
#include <sys/un.h>

#include <filesystem>

#include "parta/storage/status.h"

namespace parta::net {

// A Unix socket's path must fit sockaddr_un (107 bytes and a NUL on Linux).
inline Status check_control_socket_path(const std::filesystem::path& path) {
  if (path.native().size() < sizeof(sockaddr_un{}.sun_path)) return Status::ok();
  return Status::invalid(fmt::format(
      "the control socket {} is {} bytes long, more than the {} a Unix socket's path may have; "
      "use a node directory with a shorter path",
      path.string(), path.native().size(), sizeof(sockaddr_un{}.sun_path) - 1));
}

}  // namespace parta::net
