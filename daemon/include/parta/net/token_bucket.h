// TokenBucket: paces a connection's writes at an upload cap in kbit/s (1 kbit = 1000 bits), so
// sync never takes more of a school's only link than parta.toml allows (`[sync] upload_kbit`
// and its time windows). It reads no clock: callers pass monotonic milliseconds, so tests
// drive it exactly.
//
// Tokens are bits; they accrue at the rate (a kbit/s is one bit per millisecond) up to a burst
// of max(kBurstBytesMin, 100 ms at the rate), so an idle connection may send one burst at once
// and is paced from then on. A rate of 0 means no cap: everything may be sent at once.
//
// Thread safety: none; one connection's strand uses it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace parta::net {

class TokenBucket {
 public:
  // The burst never holds less than one paced write (session_connection.h writes at most
  // this much at a time while capped).
  static constexpr size_t kBurstBytesMin = 4096;

  TokenBucket(uint32_t rate_kbit, int64_t now_ms);

  // Changes the cap from `now_ms` on; tokens earned so far at the old rate are kept (up to the
  // new burst).
  void set_rate_kbit(uint32_t rate_kbit, int64_t now_ms);
  uint32_t rate_kbit() const { return rate_kbit_; }
  bool capped() const { return rate_kbit_ != 0; }
  size_t burst_bytes() const;

  // Milliseconds from `now_ms` until `bytes` may be sent; 0 when they may be sent now.
  // `bytes` must not exceed burst_bytes().
  int64_t delay_ms(size_t bytes, int64_t now_ms);
  // Spends the tokens for `bytes`, which delay_ms() said may be sent now.
  void take(size_t bytes, int64_t now_ms);

 private:
  void refill(int64_t now_ms);

  uint32_t rate_kbit_;
  int64_t tokens_bits_;  // 0..burst_bytes()*8
  int64_t refilled_ms_;  // when tokens_bits_ was last brought up to date
};

}  // namespace parta::net
