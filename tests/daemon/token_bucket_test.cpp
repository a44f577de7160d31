// TokenBucket: the upload cap paces writes at the rate, with one burst after idling.
#include "parta/net/token_bucket.h"

#include <gtest/gtest.h>

namespace parta::net {
namespace {

TEST(TokenBucket, UncappedSendsAnythingAtOnce) {
  TokenBucket bucket(0, 0);
  EXPECT_FALSE(bucket.capped());
  EXPECT_EQ(bucket.delay_ms(bucket.burst_bytes(), 0), 0);
  bucket.take(bucket.burst_bytes(), 0);
  EXPECT_EQ(bucket.delay_ms(bucket.burst_bytes(), 0), 0);
}

TEST(TokenBucket, IdleBucketSendsOneBurstThenWaitsForTheRate) {
  TokenBucket bucket(200, 1000);  // 200 kbit/s: 25,000 bytes/s; burst is the 4 KiB minimum
  ASSERT_EQ(bucket.burst_bytes(), 4096u);
  EXPECT_EQ(bucket.delay_ms(4096, 1000), 0);
  bucket.take(4096, 1000);
  // 4096 bytes = 32,768 bits at 200 bits/ms: 163.84 ms, rounded up so it is never early.
  EXPECT_EQ(bucket.delay_ms(4096, 1000), 164);
  EXPECT_EQ(bucket.delay_ms(4096, 1100), 64);
  EXPECT_EQ(bucket.delay_ms(4096, 1164), 0);
}

TEST(TokenBucket, SendsAtTheCapOverTenSeconds) {
  TokenBucket bucket(200, 0);
  int64_t now = 0;
  uint64_t sent = 0;
  while (true) {
    now += bucket.delay_ms(4096, now);
    if (now > 10'000) break;
    bucket.take(4096, now);
    sent += 4096;
  }
  // Never more than the first burst plus 10 s at 25,000 bytes/s; waits rounded up to whole
  // milliseconds cost less than 1 % of the cap.
  EXPECT_LE(sent, 254'096u);
  EXPECT_GE(sent, 254'096u * 99 / 100 - 4096);
}

TEST(TokenBucket, FastCapHasA100MillisecondBurst) {
  TokenBucket bucket(10'000, 0);  // 10 Mbit/s: 125,000 bytes in 100 ms
  EXPECT_EQ(bucket.burst_bytes(), 125'000u);
  EXPECT_EQ(bucket.delay_ms(125'000, 0), 0);
}

TEST(TokenBucket, IdleTimeEarnsNoMoreThanOneBurst) {
  TokenBucket bucket(200, 0);
  bucket.take(4096, 0);
  // An hour idle fills the bucket once, not 90 MB's worth.
  EXPECT_EQ(bucket.delay_ms(4096, 3'600'000), 0);
  bucket.take(4096, 3'600'000);
  EXPECT_EQ(bucket.delay_ms(4096, 3'600'000), 164);
}

TEST(TokenBucket, LoweringTheCapSlowsTheNextWrites) {
  TokenBucket bucket(1000, 0);  // 1,000 bits per ms; a 12,500-byte burst
  bucket.take(12'500, 0);
  EXPECT_EQ(bucket.delay_ms(4096, 0), 33);    // 32,768 bits at 1,000 bits/ms
  bucket.set_rate_kbit(100, 10);              // tokens earned until now are kept: 10,000 bits
  EXPECT_EQ(bucket.delay_ms(4096, 10), 228);  // the other 22,768 bits at 100 bits/ms
}

TEST(TokenBucket, RemovingTheCapLetsEverythingGo) {
  TokenBucket bucket(100, 0);
  bucket.take(4096, 0);
  EXPECT_GT(bucket.delay_ms(4096, 0), 0);
  bucket.set_rate_kbit(0, 0);
  EXPECT_EQ(bucket.delay_ms(4096, 0), 0);
}

TEST(TokenBucket, ClockGoingBackEarnsNothing) {
  TokenBucket bucket(200, 5000);
  bucket.take(4096, 5000);
  EXPECT_EQ(bucket.delay_ms(4096, 4000), 164);
  EXPECT_EQ(bucket.delay_ms(4096, 5164), 0);
}

}  // namespace
}  // namespace parta::net
