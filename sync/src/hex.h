// Bytes as lowercase hex digits and back, with libsodium's constant-time codecs, so that
// secrets (tokens) leak nothing through timing while they are converted (sync-internal).
#pragma once

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace parta {

inline std::string bytes_to_hex(const uint8_t* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

// True when `text` is exactly `size` bytes as hex digits, written to `out`.
inline bool hex_to_bytes(std::string_view text, uint8_t* out, size_t size) {
  size_t written = 0;
  const char* end = nullptr;
  return text.size() == size * 2 &&
         sodium_hex2bin(out, size, text.data(), text.size(), nullptr, &written, &end) == 0 &&
         written == size && end == text.data() + text.size();
}

}  // namespace parta
