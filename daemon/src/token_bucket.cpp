// Pacing writes at an upload cap; see token_bucket.h.
#include "parta/net/token_bucket.h"

#include <algorithm>
#include <cassert>

namespace parta::net {
namespace {

constexpr int64_t kBurstMs = 100;

}  // namespace

TokenBucket::TokenBucket(uint32_t rate_kbit, int64_t now_ms)
    : rate_kbit_(rate_kbit), tokens_bits_(0), refilled_ms_(now_ms) {
  tokens_bits_ = static_cast<int64_t>(burst_bytes()) * 8;  // an idle link may send a burst
}

size_t TokenBucket::burst_bytes() const {
  // rate_kbit bits per ms, for kBurstMs, in bytes.
  const size_t rate_burst_bytes = static_cast<size_t>(rate_kbit_) * kBurstMs / 8;
  return std::max(kBurstBytesMin, rate_burst_bytes);
}

void TokenBucket::refill(int64_t now_ms) {
  // A monotonic clock never goes back; should a caller's do, no tokens are made up.
  const int64_t elapsed_ms = std::max<int64_t>(0, now_ms - refilled_ms_);
  refilled_ms_ = std::max(refilled_ms_, now_ms);
  const int64_t burst_bits = static_cast<int64_t>(burst_bytes()) * 8;
  // Clamp elapsed first so that rate * elapsed cannot overflow after a long idle time.
  const int64_t earned_bits =
      static_cast<int64_t>(rate_kbit_) * std::min<int64_t>(elapsed_ms, burst_bits);
  tokens_bits_ = std::min(burst_bits, tokens_bits_ + earned_bits);
}

void TokenBucket::set_rate_kbit(uint32_t rate_kbit, int64_t now_ms) {
  refill(now_ms);
  rate_kbit_ = rate_kbit;
  tokens_bits_ = std::min(tokens_bits_, static_cast<int64_t>(burst_bytes()) * 8);
}

int64_t TokenBucket::delay_ms(size_t bytes, int64_t now_ms) {
  assert(bytes <= burst_bytes());
  if (!capped()) return 0;
  refill(now_ms);
  const int64_t missing_bits = static_cast<int64_t>(bytes) * 8 - tokens_bits_;
  if (missing_bits <= 0) return 0;
  return (missing_bits + rate_kbit_ - 1) / rate_kbit_;  // rounded up: never early
}

void TokenBucket::take(size_t bytes, int64_t now_ms) {
  if (!capped()) return;
  refill(now_ms);
  tokens_bits_ -= static_cast<int64_t>(bytes) * 8;
  assert(tokens_bits_ >= 0 && "take() without delay_ms() saying the bytes may go now");
}

}  // namespace parta::net
