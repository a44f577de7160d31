// The secure channel's state machine; see secure_channel.h and docs/channel-format.md.
#include "parta/sync/secure_channel.h"

#include <sodium.h>

#include <cassert>
#include <cstring>

#include <fmt/format.h>

#include "channel.pb.h"
#include "parta/storage/record_key.h"
#include "parta/sync/channel_format.h"
#include "sodium_init.h"

namespace parta {

using namespace channel;

namespace {

enum class Phase { kAwaitClientHello, kAwaitServerHello, kAwaitClientAuth, kOpen, kFailed };

std::string_view as_chars(const uint8_t* bytes, size_t size) {
  return {reinterpret_cast<const char*>(bytes), size};
}

const uint8_t* as_bytes(std::string_view text) {
  return reinterpret_cast<const uint8_t*>(text.data());
}

template <size_t N>
bool copy_exact(const std::string& from, std::array<uint8_t, N>* to) {
  if (from.size() != N) return false;
  std::memcpy(to->data(), from.data(), N);
  return true;
}

std::string random_bytes(size_t size) {
  std::string bytes(size, '\0');
  randombytes_buf(bytes.data(), size);
  return bytes;
}

// A peer's words for our log: printable characters only, at most 200 bytes, so a hostile peer
// cannot forge log lines or flood them.
std::string sanitised(std::string_view text) {
  constexpr size_t kShownBytesMax = 200;
  std::string shown;
  for (char c : text.substr(0, kShownBytesMax)) {
    shown.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  }
  return shown;
}

std::string frame(std::string_view payload) {
  std::string out;
  append_u32_be(&out, static_cast<uint32_t>(payload.size()));
  out.append(payload);
  return out;
}

}  // namespace

class SecureChannel::State {
 public:
  State(const Identity& self, ChannelVersions versions) : self_(self), versions_(versions) {
    ensure_sodium();
    assert(versions.min >= 1 && versions.min <= versions.max);
    randombytes_buf(ephemeral_secret_.data(), ephemeral_secret_.size());
    crypto_scalarmult_base(ephemeral_public_.data(), ephemeral_secret_.data());
  }
  ~State() { sodium_memzero(ephemeral_secret_.data(), ephemeral_secret_.size()); }

  // Client start: the hello goes out at once.
  void start_client(const PublicKey& hub) {
    pinned_hub_ = hub;
    wire::ClientHello hello;
    hello.set_version_min(versions_.min);
    hello.set_version_max(versions_.max);
    hello.set_identity_key(std::string(as_chars(self_.public_key().data(), kKeyBytes)));
    hello.set_ephemeral_key(std::string(as_chars(ephemeral_public_.data(), kKeyBytes)));
    hello.set_nonce(random_bytes(kNonceBytes));
    client_hello_ = hello;
    output_ += frame(hello.SerializeAsString());
    phase_ = Phase::kAwaitServerHello;
  }

  void start_server(ClientCheck check) {
    check_ = std::move(check);
    phase_ = Phase::kAwaitClientHello;
  }

  Status receive(std::string_view bytes, std::vector<std::string>* messages) {
    if (phase_ == Phase::kFailed) return failure_;
    input_.append(bytes);
    size_t consumed = 0;
    Status status = Status::ok();
    for (;;) {
      std::string_view payload;
      bool complete = false;
      status = next_frame(consumed, &payload, &complete);
      if (!status.is_ok() || !complete) break;
      consumed += kFrameLengthBytes + payload.size();
      status = handle_frame(payload, messages);
      if (!status.is_ok()) break;
    }
    input_.erase(0, consumed);  // once per call: many small frames cost linear time
    return status.is_ok() ? status : fail(std::move(status));
  }

  std::string take_output() { return std::exchange(output_, std::string()); }

  Status send(std::string_view message, uint8_t tag) {
    if (phase_ == Phase::kFailed) return failure_;
    if (phase_ != Phase::kOpen) return Status::invalid("the channel is not open yet");
    if (self_finished_) return Status::invalid("the channel was finished; nothing more can be sent");
    if (message.size() > kMessageBytesMax) {
      return Status::invalid(fmt::format("a message of {} bytes exceeds the {} byte frame limit",
                                         message.size(), kMessageBytesMax));
    }
    std::string sealed(message.size() + kSealedOverheadBytes, '\0');
    crypto_secretstream_xchacha20poly1305_push(&push_, reinterpret_cast<uint8_t*>(sealed.data()),
                                               nullptr, as_bytes(message), message.size(),
                                               nullptr, 0, tag);
    output_ += frame(sealed);
    self_finished_ = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return Status::ok();
  }

  Status end_of_stream() {
    if (phase_ == Phase::kFailed) return failure_;
    if (phase_ != Phase::kOpen) {
      return fail(Status::corrupt("the connection closed during the handshake"));
    }
    if (!peer_finished_ || !input_.empty()) {
      return fail(Status::corrupt(
          "the stream was cut before its last frame; what arrived is incomplete"));
    }
    return Status::ok();
  }

  bool is_open() const { return phase_ == Phase::kOpen; }
  bool peer_finished() const { return peer_finished_; }
  const PublicKey& peer_key() const { return peer_identity_; }
  uint32_t version() const { return version_; }

 private:
  Status fail(Status status) {
    phase_ = Phase::kFailed;
    failure_ = std::move(status);
    return failure_;
  }

  // The frame starting at `at` in the input, if it has arrived whole.
  Status next_frame(size_t at, std::string_view* payload, bool* complete) const {
    *complete = false;
    std::string_view rest = std::string_view(input_).substr(at);
    if (rest.size() < kFrameLengthBytes) return Status::ok();
    size_t length = read_u32_be(rest);
    size_t limit = phase_ == Phase::kOpen ? kFrameBytesMax : kHandshakeFrameBytesMax;
    if (length > limit) {
      return Status::corrupt(fmt::format(
          "the peer sent a frame of {} bytes, above the {} byte limit; not a Parta peer?", length,
          limit));
    }
    if (rest.size() < kFrameLengthBytes + length) return Status::ok();
    *payload = rest.substr(kFrameLengthBytes, length);
    *complete = true;
    return Status::ok();
  }

  Status handle_frame(std::string_view payload, std::vector<std::string>* messages) {
    switch (phase_) {
      case Phase::kAwaitClientHello: return on_client_hello(payload);
      case Phase::kAwaitServerHello: return on_server_hello(payload);
      case Phase::kAwaitClientAuth: return on_client_auth(payload);
      case Phase::kOpen: return on_sealed(payload, messages);
      case Phase::kFailed: break;
    }
    return failure_;
  }

  // What both sides sign: everything said before the signatures, in a fixed layout.
  void compute_transcript(const wire::ClientHello& hello, uint32_t version,
                          const std::string& server_identity, const std::string& server_ephemeral,
                          const std::string& server_nonce) {
    crypto_generichash_state hash;
    crypto_generichash_init(&hash, nullptr, 0, transcript_.size());
    auto add = [&](std::string_view part) {
      std::string length;
      append_u32_be(&length, static_cast<uint32_t>(part.size()));
      crypto_generichash_update(&hash, as_bytes(length), length.size());
      crypto_generichash_update(&hash, as_bytes(part), part.size());
    };
    std::string numbers;
    append_u32_be(&numbers, hello.version_min());
    append_u32_be(&numbers, hello.version_max());
    append_u32_be(&numbers, version);
    for (std::string_view part :
         {kTranscriptContext, std::string_view(numbers), std::string_view(hello.identity_key()),
          std::string_view(hello.ephemeral_key()), std::string_view(hello.nonce()),
          std::string_view(server_identity), std::string_view(server_ephemeral),
          std::string_view(server_nonce)}) {
      add(part);
    }
    crypto_generichash_final(&hash, transcript_.data(), transcript_.size());
  }

  std::string signed_text(std::string_view role) const {
    return std::string(role) + std::string(as_chars(transcript_.data(), transcript_.size()));
  }

  // Both directions' keys from the X25519 secret and the transcript. Refuses peer keys that
  // give an all-zero secret (small-order points), which libsodium reports as an error.
  Status derive_keys(const std::string& peer_ephemeral, bool is_client) {
    std::array<uint8_t, kKeyBytes> peer{};
    std::array<uint8_t, kKeyBytes> shared{};
    if (!copy_exact(peer_ephemeral, &peer) ||
        crypto_scalarmult(shared.data(), ephemeral_secret_.data(), peer.data()) != 0) {
      return Status::corrupt("the peer's session key is not a valid X25519 public key");
    }
    auto derive = [&](std::string_view direction, std::array<uint8_t, kKeyBytes>* out) {
      std::string input = std::string(direction) + signed_text("");
      crypto_generichash(out->data(), out->size(), as_bytes(input), input.size(), shared.data(),
                         shared.size());
    };
    derive(is_client ? "school to hub" : "hub to school", &send_key_);
    derive(is_client ? "hub to school" : "school to hub", &receive_key_);
    sodium_memzero(shared.data(), shared.size());
    return Status::ok();
  }

  std::string start_push() {
    std::string header(crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0');
    crypto_secretstream_xchacha20poly1305_init_push(
        &push_, reinterpret_cast<uint8_t*>(header.data()), send_key_.data());
    return header;
  }

  Status start_pull(const std::string& header) {
    if (header.size() != crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
        crypto_secretstream_xchacha20poly1305_init_pull(&pull_, as_bytes(header),
                                                        receive_key_.data()) != 0) {
      return Status::corrupt("the peer's stream header is malformed");
    }
    return Status::ok();
  }

  Status refuse_client(std::string reason) {
    constexpr size_t kRefusalBytesMax = 300;  // with its framing, well inside one handshake frame
    wire::ServerHello refusal;
    refusal.set_refusal(reason.substr(0, kRefusalBytesMax));
    output_ += frame(refusal.SerializeAsString());
    return Status::refused(std::move(reason));
  }

  Status on_client_hello(std::string_view payload) {
    wire::ClientHello hello;
    if (!hello.ParseFromArray(payload.data(), static_cast<int>(payload.size())) ||
        !copy_exact(hello.identity_key(), &peer_identity_) ||
        hello.ephemeral_key().size() != kKeyBytes || hello.nonce().size() != kNonceBytes) {
      return Status::corrupt("the peer did not open with a Parta handshake");
    }
    uint32_t low = std::max(hello.version_min(), versions_.min);
    uint32_t high = std::min(hello.version_max(), versions_.max);
    if (low > high) {
      return refuse_client(fmt::format(
          "no protocol version in common: the hub speaks {}-{}, the school {}-{}; upgrade the "
          "older Parta", versions_.min, versions_.max, hello.version_min(), hello.version_max()));
    }
    Status allowed = check_(peer_identity_);
    if (!allowed.is_ok()) return refuse_client(allowed.message());
    version_ = high;
    std::string identity(as_chars(self_.public_key().data(), kKeyBytes));
    std::string ephemeral(as_chars(ephemeral_public_.data(), kKeyBytes));
    std::string nonce = random_bytes(kNonceBytes);
    compute_transcript(hello, version_, identity, ephemeral, nonce);
    PARTA_RETURN_IF_ERROR(derive_keys(hello.ephemeral_key(), /*is_client=*/false));
    wire::ServerHello reply;
    reply.set_version(version_);
    reply.set_identity_key(identity);
    reply.set_ephemeral_key(ephemeral);
    reply.set_nonce(nonce);
    reply.set_signature(self_.sign(signed_text("server")));
    reply.set_stream_header(start_push());
    output_ += frame(reply.SerializeAsString());
    phase_ = Phase::kAwaitClientAuth;
    return Status::ok();
  }

  Status on_server_hello(std::string_view payload) {
    wire::ServerHello hello;
    if (!hello.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return Status::corrupt("the hub did not answer with a Parta handshake");
    }
    if (hello.version() == 0) {
      return Status::refused("the hub refused the connection, saying (unauthenticated): " +
                             sanitised(hello.refusal()));
    }
    if (!copy_exact(hello.identity_key(), &peer_identity_) || peer_identity_ != pinned_hub_) {
      return Status::refused(fmt::format(
          "the hub presented key {}, not the pinned {}; if the hub was reinstalled, pair again "
          "with a new invite", public_key_hex(peer_identity_), public_key_hex(pinned_hub_)));
    }
    if (hello.version() < versions_.min || hello.version() > versions_.max ||
        hello.nonce().size() != kNonceBytes) {
      return Status::corrupt("the hub's handshake is malformed");
    }
    version_ = hello.version();
    compute_transcript(client_hello_, version_, hello.identity_key(), hello.ephemeral_key(),
                       hello.nonce());
    if (!signature_is_valid(peer_identity_, signed_text("server"), hello.signature())) {
      return Status::corrupt("the hub's handshake signature is invalid; someone may be "
                             "interfering with the connection");
    }
    PARTA_RETURN_IF_ERROR(derive_keys(hello.ephemeral_key(), /*is_client=*/true));
    PARTA_RETURN_IF_ERROR(start_pull(hello.stream_header()));
    wire::ClientAuth auth;
    auth.set_signature(self_.sign(signed_text("client")));
    auth.set_stream_header(start_push());
    output_ += frame(auth.SerializeAsString());
    phase_ = Phase::kOpen;
    return Status::ok();
  }

  Status on_client_auth(std::string_view payload) {
    wire::ClientAuth auth;
    if (!auth.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return Status::corrupt("the school's handshake is malformed");
    }
    if (!signature_is_valid(peer_identity_, signed_text("client"), auth.signature())) {
      return Status::refused(fmt::format(
          "the school with key {} could not prove it holds that key; refused",
          public_key_hex(peer_identity_)));
    }
    PARTA_RETURN_IF_ERROR(start_pull(auth.stream_header()));
    phase_ = Phase::kOpen;
    return Status::ok();
  }

  Status on_sealed(std::string_view payload, std::vector<std::string>* messages) {
    if (peer_finished_) return Status::corrupt("the peer sent a frame after its last one");
    if (payload.size() < kSealedOverheadBytes) return Status::corrupt("a frame is too short");
    std::string message(payload.size() - kSealedOverheadBytes, '\0');
    uint8_t tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &pull_, reinterpret_cast<uint8_t*>(message.data()), nullptr, &tag, as_bytes(payload),
            payload.size(), nullptr, 0) != 0) {
      return Status::corrupt(
          "a frame failed authentication (tampered, replayed, reordered or from another "
          "session); the session is closed and nothing from that frame was used");
    }
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      peer_finished_ = true;
      if (message.empty()) return Status::ok();
    }
    messages->push_back(std::move(message));
    return Status::ok();
  }

  // Constant after construction.
  const Identity self_;  // a copy: the caller's may go away before the channel does
  const ChannelVersions versions_;
  std::array<uint8_t, kKeyBytes> ephemeral_secret_{};
  std::array<uint8_t, kKeyBytes> ephemeral_public_{};

  // Handshake state.
  Phase phase_ = Phase::kFailed;
  PublicKey pinned_hub_{};
  ClientCheck check_;
  wire::ClientHello client_hello_;
  std::array<uint8_t, crypto_generichash_BYTES> transcript_{};
  std::array<uint8_t, kKeyBytes> send_key_{};
  std::array<uint8_t, kKeyBytes> receive_key_{};

  // Open channel.
  PublicKey peer_identity_{};
  uint32_t version_ = 0;
  crypto_secretstream_xchacha20poly1305_state push_{};
  crypto_secretstream_xchacha20poly1305_state pull_{};
  bool self_finished_ = false;
  bool peer_finished_ = false;

  std::string input_;
  std::string output_;
  Status failure_ = Status::corrupt("the channel was not started");
};

SecureChannel::SecureChannel(std::unique_ptr<State> state) : state_(std::move(state)) {}
SecureChannel::~SecureChannel() = default;

std::unique_ptr<SecureChannel> SecureChannel::client(const Identity& self, const PublicKey& hub,
                                                     ChannelVersions versions) {
  auto state = std::make_unique<State>(self, versions);
  state->start_client(hub);
  return std::unique_ptr<SecureChannel>(new SecureChannel(std::move(state)));
}

std::unique_ptr<SecureChannel> SecureChannel::client(const Identity& self, const PublicKey& hub) {
  return client(self, hub, {kVersionMin, kVersionMax});
}

std::unique_ptr<SecureChannel> SecureChannel::server(const Identity& self, ClientCheck check,
                                                     ChannelVersions versions) {
  auto state = std::make_unique<State>(self, versions);
  state->start_server(std::move(check));
  return std::unique_ptr<SecureChannel>(new SecureChannel(std::move(state)));
}

std::unique_ptr<SecureChannel> SecureChannel::server(const Identity& self, ClientCheck check) {
  return server(self, std::move(check), {kVersionMin, kVersionMax});
}

Status SecureChannel::receive(std::string_view bytes, std::vector<std::string>* messages) {
  return state_->receive(bytes, messages);
}
std::string SecureChannel::take_output() { return state_->take_output(); }
bool SecureChannel::is_open() const { return state_->is_open(); }
Status SecureChannel::send(std::string_view message) {
  return state_->send(message, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
}
Status SecureChannel::finish() {
  return state_->send("", crypto_secretstream_xchacha20poly1305_TAG_FINAL);
}
bool SecureChannel::peer_finished() const { return state_->peer_finished(); }
Status SecureChannel::end_of_stream() { return state_->end_of_stream(); }
const PublicKey& SecureChannel::peer_key() const { return state_->peer_key(); }
uint32_t SecureChannel::version() const { return state_->version(); }

}  // namespace parta
