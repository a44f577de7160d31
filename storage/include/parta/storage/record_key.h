// RecordKey: how records are named in the store, on the wire and on the command line.
//
// Ids born on a node are (origin, counter): the 4-byte origin of the node that created the
// record and that node's 8-byte counter, big-endian, so keys sort by origin then age, compress
// well, and never need a central allocator. People see them as text: a type prefix, the counter
// and the origin in hex, e.g. "s17-3fa2c1d0" for student 17 of node 3fa2c1d0. Records that
// belong to another record (a student's consent, a day's attendance) have keys derived from
// their owners' keys instead (see record_types.h).
//
// Thread safety: plain values.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

class RecordKey {
 public:
  static constexpr size_t kBytes = 12;

  RecordKey() = default;
  RecordKey(uint32_t origin, uint64_t counter);
  // Fails (Corrupt) unless `bytes` is exactly kBytes long.
  static Result<RecordKey> from_bytes(std::string_view bytes);

  uint32_t origin() const;
  uint64_t counter() const;
  bool is_null() const { return *this == RecordKey(); }
  std::string_view bytes() const { return {bytes_.data(), bytes_.size()}; }
  std::string to_string() const { return std::string(bytes()); }

  auto operator<=>(const RecordKey&) const = default;

 private:
  std::array<char, kBytes> bytes_{};
};

// "s17-3fa2c1d0". `prefix` names the record type ("s" student, "a" assignment, ...).
std::string format_id(std::string_view prefix, const RecordKey& key);

// Parses "s17-3fa2c1d0", or "s17" meaning a record born on `local_origin`. Invalid when the
// prefix is not `prefix` or the numbers do not parse; the message quotes the text.
Result<RecordKey> parse_id(std::string_view text, std::string_view prefix, uint32_t local_origin);

// Big-endian helpers for composite keys.
void append_u32_be(std::string* out, uint32_t value);
void append_u64_be(std::string* out, uint64_t value);
uint32_t read_u32_be(std::string_view bytes);
uint64_t read_u64_be(std::string_view bytes);

}  // namespace parta
