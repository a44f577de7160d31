// Reads a few fields of a serialized record straight from the protobuf wire format
// (storage-internal), for index maintenance on the hot apply path: no message object, no
// allocation, no UTF-8 check of text the index never looks at.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace parta {

class WireFields {
 public:
  static constexpr uint32_t kFieldNumberMax = 15;

  // False when `message` is not valid protobuf wire format. Later occurrences of a field win,
  // as in protobuf parsing of non-repeated fields; numbers above kFieldNumberMax are skipped.
  bool parse(std::string_view message);

  std::string_view bytes(uint32_t number) const { return bytes_[number]; }
  uint64_t varint(uint32_t number) const { return varints_[number]; }

 private:
  std::array<std::string_view, kFieldNumberMax + 1> bytes_{};
  std::array<uint64_t, kFieldNumberMax + 1> varints_{};
};

}  // namespace parta
