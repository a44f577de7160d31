// Clocks: the wall-clock seam and the hybrid logical clock that orders every write.
//
// An HLC timestamp is (unix milliseconds << 16) | logical counter. A node's HLC never goes
// backwards, even when its wall clock does (a school box without a battery-backed clock may boot
// in 1970 or be corrected by NTP): it keeps the highest value seen and counts up from there.
// Remote timestamps are observed so that causally later writes always get larger stamps; a
// remote stamp further ahead of our wall clock than a limit is refused, not trusted, so one
// wrong clock cannot drag every node into the future.
//
// Thread safety: HybridClock is not synchronised; the store calls it inside write transactions.
#pragma once

#include <cstdint>

#include "parta/storage/status.h"

namespace parta {

// The wall clock, behind a seam so tests can set and jump it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now_unix_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_unix_ms() const override;
  static SystemClock& instance();
};

// A clock a test sets by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t unix_ms) : unix_ms_(unix_ms) {}
  int64_t now_unix_ms() const override { return unix_ms_; }
  void set(int64_t unix_ms) { unix_ms_ = unix_ms; }
  void advance(int64_t delta_ms) { unix_ms_ += delta_ms; }

 private:
  int64_t unix_ms_;
};

constexpr int kHlcLogicalBits = 16;
// No real write happens before this release existed (2026-01-01 UTC); a wall clock reading
// earlier than this is known to be wrong.
constexpr int64_t kClockFloorUnixMs = 1767225600000;
constexpr uint64_t hlc_make(int64_t unix_ms, uint32_t logical) {
  return (static_cast<uint64_t>(unix_ms) << kHlcLogicalBits) | logical;
}
constexpr int64_t hlc_unix_ms(uint64_t hlc) { return static_cast<int64_t>(hlc >> kHlcLogicalBits); }

class HybridClock {
 public:
  // `last` is the highest stamp this node has issued or observed (persisted by the store).
  HybridClock(const Clock& wall, uint64_t last, int64_t max_ahead_ms)
      : wall_(wall), last_(last), max_ahead_ms_(max_ahead_ms) {}

  // A stamp larger than every stamp issued or observed before.
  uint64_t tick();
  // Takes a remote stamp into account. Refused when it is more than max_ahead_ms ahead of our
  // wall clock (or, while the wall clock reads earlier than kClockFloorUnixMs, of our last
  // stamp); then nothing changes.
  Status observe(uint64_t remote);
  uint64_t last() const { return last_; }

 private:
  const Clock& wall_;
  uint64_t last_;
  int64_t max_ahead_ms_;
};

}  // namespace parta
