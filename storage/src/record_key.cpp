// Record keys and their text form; see record_key.h.
#include "parta/storage/record_key.h"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace parta {

void append_u32_be(std::string* out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

void append_u64_be(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

uint32_t read_u32_be(std::string_view bytes) {
  assert(bytes.size() >= 4);
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

uint64_t read_u64_be(std::string_view bytes) {
  assert(bytes.size() >= 8);
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

RecordKey::RecordKey(uint32_t origin, uint64_t counter) {
  std::string bytes;
  append_u32_be(&bytes, origin);
  append_u64_be(&bytes, counter);
  std::memcpy(bytes_.data(), bytes.data(), kBytes);
}

Result<RecordKey> RecordKey::from_bytes(std::string_view bytes) {
  if (bytes.size() != kBytes) {
    return Status::corrupt(fmt::format("record key of {} bytes, expected {}", bytes.size(), kBytes));
  }
  RecordKey key;
  std::memcpy(key.bytes_.data(), bytes.data(), kBytes);
  return key;
}

uint32_t RecordKey::origin() const { return read_u32_be(bytes()); }
uint64_t RecordKey::counter() const { return read_u64_be(bytes().substr(4)); }

std::string format_id(std::string_view prefix, const RecordKey& key) {
  return fmt::format("{}{}-{:08x}", prefix, key.counter(), key.origin());
}

Result<RecordKey> parse_id(std::string_view text, std::string_view prefix, uint32_t local_origin) {
  auto bad = [&](std::string_view why) {
    return Status::invalid(fmt::format("\"{}\" is not a valid id: {} (ids look like {}17-3fa2c1d0)",
                                       text, why, prefix));
  };
  if (!text.starts_with(prefix)) return bad(fmt::format("it should start with \"{}\"", prefix));
  std::string_view rest = text.substr(prefix.size());
  size_t dash = rest.find('-');
  std::string_view counter_text = rest.substr(0, dash);
  uint64_t counter = 0;
  auto [end, error] =
      std::from_chars(counter_text.data(), counter_text.data() + counter_text.size(), counter);
  if (error != std::errc() || end != counter_text.data() + counter_text.size() || counter == 0) {
    return bad("the number after the prefix is missing or wrong");
  }
  uint32_t origin = local_origin;
  if (dash != std::string_view::npos) {
    std::string_view origin_text = rest.substr(dash + 1);
    auto [origin_end, origin_error] = std::from_chars(
        origin_text.data(), origin_text.data() + origin_text.size(), origin, 16);
    if (origin_error != std::errc() || origin_end != origin_text.data() + origin_text.size() ||
        origin_text.size() != 8) {
      return bad("the node part after '-' must be 8 hex digits");
    }
  }
  return RecordKey(origin, counter);
}

}  // namespace parta
