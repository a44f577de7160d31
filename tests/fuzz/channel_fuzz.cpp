// Fuzz target: bytes from a network peer, as the hub and as the school receive them (frame
// splitting, handshake messages, sealed frames). Neither side may crash, deliver a message
// before the handshake completed, or accept anything after it failed.
#include <cstdlib>
#include <string_view>

#include "fuzz_targets.h"
#include "parta/sync/secure_channel.h"

namespace parta::fuzz {

void channel(const uint8_t* data, size_t size) {
  static const Identity hub = Identity::generate();
  static const Identity school = Identity::generate();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto server = SecureChannel::server(hub, [](const PublicKey&) { return Status::ok(); });
  auto client = SecureChannel::client(school, hub.public_key());
  for (SecureChannel* side : {server.get(), client.get()}) {
    std::vector<std::string> messages;
    // Fed in two pieces, as a network might split it.
    Status first = side->receive(bytes.substr(0, size / 2), &messages);
    Status second = side->receive(bytes.substr(size / 2), &messages);
    if (!messages.empty() && !side->is_open()) std::abort();
    if (!first.is_ok() && second.is_ok()) std::abort();  // a failed channel must stay failed
  }
}

}  // namespace parta::fuzz
