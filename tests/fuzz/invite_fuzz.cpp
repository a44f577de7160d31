// Fuzz target: an invite file as a school's IT person might carry it (read_invite_file): any
// bytes, from a truncated copy to a hand-edited one. Reading must fail cleanly or give an
// invite whose fields passed their checks.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz_targets.h"
#include "parta/sync/peers.h"

namespace parta::fuzz {

void invite(const uint8_t* data, size_t size) {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("parta-fuzz-invite-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto read = read_invite_file(file);
  if (read.is_ok() && (read->hub_name.empty() || read->address.empty() ||
                       read->token.size() != 64 || read->expires_ms <= 0)) {
    std::abort();  // an invite that passed must be whole
  }
}

}  // namespace parta::fuzz
