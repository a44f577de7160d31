// Hybrid logical clock; see hlc.h.
#include "parta/storage/hlc.h"

#include <algorithm>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace parta {

int64_t SystemClock::now_unix_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SystemClock& SystemClock::instance() {
  static SystemClock clock;
  return clock;
}

uint64_t HybridClock::tick() {
  uint64_t wall = hlc_make(std::max<int64_t>(wall_.now_unix_ms(), 0), 0);
  last_ = std::max(wall, last_ + 1);
  return last_;
}

Status HybridClock::observe(uint64_t remote) {
  // Ahead of what? Of our wall clock while it is believable. Not of the last stamp accepted:
  // that would let each batch move the limit another day into the future. Only a wall clock
  // known to be wrong (before this release existed: a box that booted in 1970) falls back to
  // the latest time we have reason to believe.
  int64_t wall_ms = wall_.now_unix_ms();
  int64_t now_ms = wall_ms >= kClockFloorUnixMs
                       ? wall_ms
                       : std::max(hlc_unix_ms(last_), kClockFloorUnixMs);
  int64_t ahead_ms = hlc_unix_ms(remote) - now_ms;
  if (ahead_ms > max_ahead_ms_) {
    auto when = std::chrono::sys_time<std::chrono::milliseconds>(
        std::chrono::milliseconds(hlc_unix_ms(remote)));
    return Status::refused(fmt::format(
        "a peer's write is stamped {:%Y-%m-%d %H:%M:%S} UTC, {} minutes ahead of this machine's "
        "clock (limit {} minutes); check the date and time on both machines",
        when, ahead_ms / 60000, max_ahead_ms_ / 60000));
  }
  last_ = std::max(last_, remote);
  return Status::ok();
}

}  // namespace parta
