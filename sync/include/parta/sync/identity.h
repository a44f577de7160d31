// A node's identity: its Ed25519 key pair, kept in a file only its owner may read. Peers pin
// each other's public keys at pairing; the channel proves possession of the secret key by
// signing each session's handshake transcript.
//
// Thread safety: Identity is immutable after loading; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

using PublicKey = std::array<uint8_t, 32>;

// 64 lowercase hex digits.
std::string public_key_hex(const PublicKey& key);
// Invalid unless `text` is 64 hex digits.
Result<PublicKey> parse_public_key_hex(std::string_view text);

class Identity {
 public:
  static constexpr size_t kSecretKeyBytes = 64;

  // A fresh key pair from the system's random source.
  static Identity generate();
  // Reads a key file written by save(). Refused if the file is readable by anyone but its
  // owner (the message says which chmod fixes it); Corrupt if it is malformed.
  static Result<Identity> load(const std::filesystem::path& file);
  // Writes the key file with mode 0600; refuses to overwrite an existing file.
  Status save(const std::filesystem::path& file) const;

  const PublicKey& public_key() const { return public_key_; }
  // Ed25519 signature (64 bytes) of `message`.
  std::string sign(std::string_view message) const;

 private:
  Identity() = default;
  std::array<uint8_t, kSecretKeyBytes> secret_key_{};
  PublicKey public_key_{};
};

// True when `signature` is `signer`'s valid Ed25519 signature of `message`. Small-order and
// otherwise invalid public keys never verify.
bool signature_is_valid(const PublicKey& signer, std::string_view message,
                        std::string_view signature);

// A node's own key file: DIR/node.key.
inline constexpr std::string_view kNodeKeyFileName = "node.key";
// The node's identity, made and saved on first use (parta init, or partad on a node made by
// an older release).
Result<Identity> load_or_create_node_identity(const std::filesystem::path& node_dir);

}  // namespace parta
