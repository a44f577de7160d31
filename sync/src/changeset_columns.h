// The columns of a changeset body (docs/changeset-format.md "Body"): byte strings of varints
// and length-prefixed bytes, written by the encoder and read back, with every read checked, by
// the decoder.
//
// Thread safety: plain values; a ColumnReader views bytes its caller keeps alive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parta::changeset {

inline uint64_t zigzag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

inline int64_t unzigzag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

// Appends `value` as a protobuf varint: 7 bits a byte, low first, at most 10 bytes.
inline void append_varint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

inline void append_length_prefixed(std::string* out, std::string_view bytes) {
  append_varint(out, bytes.size());
  out->append(bytes);
}

// Reads a column front to back. Every read fails (nullopt) rather than run past the end or
// accept a varint longer than 10 bytes; the caller turns that into a Corrupt naming the column.
class ColumnReader {
 public:
  ColumnReader() = default;
  explicit ColumnReader(std::string_view bytes) : rest_(bytes) {}

  std::optional<uint64_t> varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64 && !rest_.empty(); shift += 7) {
      auto byte = static_cast<uint8_t>(rest_.front());
      rest_.remove_prefix(1);
      if (shift == 63 && byte > 1) return std::nullopt;  // past 64 bits
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return std::nullopt;
  }

  std::optional<int64_t> zigzag_varint() {
    auto value = varint();
    if (!value) return std::nullopt;
    return unzigzag(*value);
  }

  std::optional<std::string_view> bytes(uint64_t count) {
    if (count > rest_.size()) return std::nullopt;
    std::string_view taken = rest_.substr(0, count);
    rest_.remove_prefix(count);
    return taken;
  }

  std::optional<std::string_view> length_prefixed() {
    auto length = varint();
    if (!length) return std::nullopt;
    return bytes(*length);
  }

  size_t bytes_left() const { return rest_.size(); }

 private:
  std::string_view rest_;
};

}  // namespace parta::changeset
