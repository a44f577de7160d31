// Constants of the channel's byte format (docs/channel-format.md), tied together at compile
// time. A frame is a 4-byte big-endian length followed by that many bytes: a handshake
// message (protobuf, plaintext) or one crypto_secretstream_xchacha20poly1305 message.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace parta::channel {

inline constexpr uint32_t kVersionMin = 1;
inline constexpr uint32_t kVersionMax = 1;
inline constexpr size_t kFrameLengthBytes = 4;
inline constexpr size_t kHandshakeFrameBytesMax = 512;
inline constexpr size_t kMessageBytesMax = size_t{1} << 20;  // plaintext per sealed frame
inline constexpr size_t kSealedOverheadBytes = crypto_secretstream_xchacha20poly1305_ABYTES;
inline constexpr size_t kFrameBytesMax = kMessageBytesMax + kSealedOverheadBytes;
inline constexpr size_t kNonceBytes = 32;
inline constexpr size_t kKeyBytes = 32;
inline constexpr std::string_view kTranscriptContext = "parta channel v1";

static_assert(kVersionMin <= kVersionMax);
static_assert(kFrameBytesMax < (uint64_t{1} << (8 * kFrameLengthBytes)), "length prefix too short");
static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == kKeyBytes);
static_assert(crypto_scalarmult_BYTES == kKeyBytes && crypto_sign_PUBLICKEYBYTES == kKeyBytes);
static_assert(kHandshakeFrameBytesMax >= 3 * 64 + 4 * kKeyBytes, "handshake messages must fit");

}  // namespace parta::channel
