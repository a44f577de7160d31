// ReconnectBackoff: how long a school waits before dialling its hub again after a failed
// session. The first wait is 2 s, each further failure doubles it, up to the sync interval;
// a success starts over. Each wait is shortened by a random part of up to a quarter (jitter),
// so schools cut off by the same outage do not all redial the hub at the same moment.
//
// The random source is seeded by the caller: partad seeds it from the system, tests with a
// constant, so a schedule replays exactly.
//
// Thread safety: none; one peer's schedule uses it.
#pragma once

#include <cstdint>
#include <random>

namespace parta::net {

class ReconnectBackoff {
 public:
  static constexpr int64_t kFirstDelayMs = 2000;

  // `max_delay_ms`: the longest wait (the sync interval); at least 1.
  ReconnectBackoff(int64_t max_delay_ms, uint64_t seed);

  // The wait after one more failure: in [base * 3/4, base], base = min(2 s * 2^(failures-1),
  // max_delay_ms).
  int64_t next_delay_ms();
  // After a success: the next failure waits the first delay again.
  void reset();
  int failures() const { return failures_; }

 private:
  int64_t max_delay_ms_;
  int64_t base_delay_ms_;  // the wait before jitter for the next failure
  int failures_ = 0;
  std::mt19937_64 random_;
};

}  // namespace parta::net
