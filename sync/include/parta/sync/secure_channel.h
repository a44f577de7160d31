// SecureChannel: the authenticated, encrypted byte stream between a school and its hub,
// as a sans-IO state machine — bytes in, bytes out, no sockets, no clocks — so partad drives
// it with Asio and tests and the simulator drive it directly.
//
// Handshake (1.5 round trips; docs/channel-format.md):
//   school -> hub   ClientHello  versions, identity key, fresh X25519 key, nonce
//   hub -> school   ServerHello  chosen version, identity key, fresh X25519 key, nonce,
//                                signature over the transcript, its stream header
//   school -> hub   ClientAuth   signature over the transcript, its stream header
// Both sides sign a hash of everything said so far with their pinned Ed25519 keys; session
// keys come from the ephemeral X25519 exchange and the transcript, one key per direction, so
// every session has fresh keys and a recorded session cannot be replayed into a new one.
// After the handshake every frame is a crypto_secretstream_xchacha20poly1305 message: a
// tampered, replayed, reordered or dropped frame fails authentication and ends the channel;
// the last frame carries the FINAL tag, and a stream that ends without it was cut.
//
// Failure: the first error poisons the channel; every later call returns the same Status
// (kinds: Refused for an unknown or wrong key, a version or a refusal from the peer; Corrupt
// for anything that fails a check; Invalid for misuse such as sending before it is open).
//
// Thread safety: one channel per connection, used from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"
#include "parta/sync/identity.h"

namespace parta {

struct ChannelVersions {
  uint32_t min;
  uint32_t max;
};

class SecureChannel {
 public:
  // Decides whether a school's key may connect (pinned at pairing); a Refused status's
  // message is sent to the school and logged.
  using ClientCheck = std::function<Status(const PublicKey& client)>;

  // The school's side: dials out to a hub whose key it pinned. Both keep a copy of `self`.
  static std::unique_ptr<SecureChannel> client(const Identity& self, const PublicKey& hub,
                                               ChannelVersions versions);
  static std::unique_ptr<SecureChannel> client(const Identity& self, const PublicKey& hub);
  // The hub's side.
  static std::unique_ptr<SecureChannel> server(const Identity& self, ClientCheck check,
                                               ChannelVersions versions);
  static std::unique_ptr<SecureChannel> server(const Identity& self, ClientCheck check);

  ~SecureChannel();
  SecureChannel(const SecureChannel&) = delete;
  SecureChannel& operator=(const SecureChannel&) = delete;

  // Feeds bytes read from the transport, in any pieces. Messages that arrived complete are
  // appended to `messages`. On error nothing from the failing frame is delivered.
  Status receive(std::string_view bytes, std::vector<std::string>* messages);
  // Moves out the bytes to write to the transport (handshake, then sealed frames), in order.
  std::string take_output();

  bool is_open() const;        // handshake done; send() allowed
  Status send(std::string_view message);   // one frame; at most channel::kMessageBytesMax
  Status finish();             // the last frame; nothing may be sent after it
  bool peer_finished() const;  // the peer's last frame arrived
  // The transport reached end of stream: ok only if the peer finished first.
  Status end_of_stream();

  const PublicKey& peer_key() const;  // valid once open
  uint32_t version() const;           // negotiated; valid once open

  class State;

 private:
  explicit SecureChannel(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace parta
