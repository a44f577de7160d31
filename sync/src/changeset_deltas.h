// The two kinds of difference a changeset body stores (docs/changeset-format.md "Deltas"),
// shared by its encoder and decoder so both sides compute them the same way.
//
// seq and hlc use wrapping differences: every pair of 64-bit values has one, so any op can be
// encoded. A key counter uses the exact difference when it fits an int64 (else the key goes
// raw), so a decoder can tell a delta that leaves the 64-bit range from a real key.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

namespace parta::changeset {

// `to - from` modulo 2^64, as the int64 with those bits.
inline int64_t wrapping_delta(uint64_t from, uint64_t to) {
  return static_cast<int64_t>(to - from);
}

inline uint64_t apply_wrapping_delta(uint64_t from, int64_t delta) {
  return from + static_cast<uint64_t>(delta);
}

// `to - from` when it lies within int64.
inline std::optional<int64_t> exact_delta(uint64_t from, uint64_t to) {
  constexpr uint64_t kPositiveMax = std::numeric_limits<int64_t>::max();
  if (to >= from) {
    if (to - from > kPositiveMax) return std::nullopt;
    return static_cast<int64_t>(to - from);
  }
  if (from - to > kPositiveMax + 1) return std::nullopt;
  return static_cast<int64_t>(to - from);  // wraps to the negative difference
}

// `from + delta` when it lies within uint64.
inline std::optional<uint64_t> apply_exact_delta(uint64_t from, int64_t delta) {
  if (delta >= 0) {
    uint64_t sum = 0;
    if (__builtin_add_overflow(from, static_cast<uint64_t>(delta), &sum)) return std::nullopt;
    return sum;
  }
  uint64_t magnitude = static_cast<uint64_t>(-(delta + 1)) + 1;  // |delta| without overflow
  if (magnitude > from) return std::nullopt;
  return from - magnitude;
}

}  // namespace parta::changeset
