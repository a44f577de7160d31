// Waits between redials after failures; see reconnect_backoff.h.
#include "parta/net/reconnect_backoff.h"

#include <algorithm>
#include <cassert>

namespace parta::net {

ReconnectBackoff::ReconnectBackoff(int64_t max_delay_ms, uint64_t seed)
    : max_delay_ms_(max_delay_ms), random_(seed) {
  assert(max_delay_ms >= 1);
  reset();
}

int64_t ReconnectBackoff::next_delay_ms() {
  const int64_t base = base_delay_ms_;
  base_delay_ms_ = std::min(max_delay_ms_, base * 2);
  ++failures_;
  std::uniform_int_distribution<int64_t> shortening(0, base / 4);
  const int64_t delay = base - shortening(random_);
  assert(delay >= 1 && delay <= max_delay_ms_);
  return delay;
}

void ReconnectBackoff::reset() {
  base_delay_ms_ = std::min(kFirstDelayMs, max_delay_ms_);
  failures_ = 0;
}

}  // namespace parta::net
