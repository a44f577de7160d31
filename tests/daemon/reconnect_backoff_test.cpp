// ReconnectBackoff: 2 s doubling up to the sync interval, jittered down by at most a quarter.
#include "parta/net/reconnect_backoff.h"

#include <gtest/gtest.h>

#include <vector>

namespace parta::net {
namespace {

TEST(ReconnectBackoff, DoublesFromTwoSecondsUpToTheInterval) {
  ReconnectBackoff backoff(60'000, 7);
  const std::vector<int64_t> bases{2000, 4000, 8000, 16'000, 32'000, 60'000, 60'000, 60'000};
  for (int64_t base : bases) {
    const int64_t delay = backoff.next_delay_ms();
    EXPECT_LE(delay, base);
    EXPECT_GE(delay, base * 3 / 4);
  }
  EXPECT_EQ(backoff.failures(), static_cast<int>(bases.size()));
}

TEST(ReconnectBackoff, SuccessStartsOverAtTwoSeconds) {
  ReconnectBackoff backoff(60'000, 7);
  for (int i = 0; i < 5; ++i) (void)backoff.next_delay_ms();
  backoff.reset();
  EXPECT_EQ(backoff.failures(), 0);
  const int64_t delay = backoff.next_delay_ms();
  EXPECT_GE(delay, 1500);
  EXPECT_LE(delay, 2000);
}

TEST(ReconnectBackoff, IntervalShorterThanTwoSecondsBoundsEveryWait) {
  ReconnectBackoff backoff(1000, 7);
  for (int i = 0; i < 4; ++i) {
    const int64_t delay = backoff.next_delay_ms();
    EXPECT_GE(delay, 750);
    EXPECT_LE(delay, 1000);
  }
}

TEST(ReconnectBackoff, SameSeedReplaysTheSameScheduleAndSeedsSpreadSchools) {
  ReconnectBackoff first(600'000, 42);
  ReconnectBackoff again(600'000, 42);
  ReconnectBackoff other(600'000, 43);
  std::vector<int64_t> first_delays, again_delays, other_delays;
  for (int i = 0; i < 10; ++i) {
    first_delays.push_back(first.next_delay_ms());
    again_delays.push_back(again.next_delay_ms());
    other_delays.push_back(other.next_delay_ms());
  }
  EXPECT_EQ(first_delays, again_delays);
  EXPECT_NE(first_delays, other_delays);
}

}  // namespace
}  // namespace parta::net
