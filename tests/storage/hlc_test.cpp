// Hybrid logical clock: monotonic under a wall clock that stalls or jumps back, and refusing
// remote stamps too far ahead.
#include "parta/storage/hlc.h"

#include <gtest/gtest.h>

namespace parta {
namespace {

constexpr int64_t kNov2026Ms = 1795000000000;
constexpr int64_t kMinuteMs = 60 * 1000;

TEST(HybridClock, TicksFollowTheWallClock) {
  ManualClock wall(kNov2026Ms);
  HybridClock clock(wall, 0, 60 * kMinuteMs);
  EXPECT_EQ(clock.tick(), hlc_make(kNov2026Ms, 0));
  wall.advance(5);
  EXPECT_EQ(clock.tick(), hlc_make(kNov2026Ms + 5, 0));
}

TEST(HybridClock, CountsUpWhenTheWallClockStalls) {
  ManualClock wall(kNov2026Ms);
  HybridClock clock(wall, 0, 60 * kMinuteMs);
  uint64_t first = clock.tick();
  EXPECT_EQ(clock.tick(), first + 1);
  EXPECT_EQ(clock.tick(), first + 2);
}

TEST(HybridClock, NeverGoesBackWhenTheWallClockJumpsBackADay) {
  ManualClock wall(kNov2026Ms);
  HybridClock clock(wall, 0, 60 * kMinuteMs);
  uint64_t before = clock.tick();
  wall.advance(-24 * 60 * kMinuteMs);
  EXPECT_EQ(clock.tick(), before + 1);
}

TEST(HybridClock, ResumesAboveThePersistedStampAfterRestart) {
  ManualClock wall(0);  // a box that booted in 1970
  HybridClock clock(wall, hlc_make(kNov2026Ms, 7), 60 * kMinuteMs);
  EXPECT_EQ(clock.tick(), hlc_make(kNov2026Ms, 8));
}

TEST(HybridClock, ObservedRemoteStampsOrderLaterTicks) {
  ManualClock wall(kNov2026Ms);
  HybridClock clock(wall, 0, 60 * kMinuteMs);
  uint64_t remote = hlc_make(kNov2026Ms + 10 * kMinuteMs, 3);
  ASSERT_TRUE(clock.observe(remote).is_ok());
  EXPECT_EQ(clock.tick(), remote + 1);
}

TEST(HybridClock, RefusesARemoteStampTooFarAhead) {
  ManualClock wall(kNov2026Ms);
  HybridClock clock(wall, 0, 60 * kMinuteMs);
  uint64_t before = clock.last();
  Status status = clock.observe(hlc_make(kNov2026Ms + 2 * 60 * kMinuteMs, 0));
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("120 minutes ahead"), std::string::npos) << status.message();
  EXPECT_EQ(clock.last(), before);
}

TEST(HybridClock, ABoxBootedIn1970StillAcceptsPresentDayPeers) {
  ManualClock wall(0);
  HybridClock clock(wall, 0, 24 * 60 * kMinuteMs);
  EXPECT_TRUE(clock.observe(hlc_make(kClockFloorUnixMs + kMinuteMs, 0)).is_ok());
}

TEST(HybridClock, AcceptedStampsDoNotMoveTheLimitForward) {
  ManualClock wall(kNov2026Ms);
  HybridClock clock(wall, 0, 24 * 60 * kMinuteMs);
  ASSERT_TRUE(clock.observe(hlc_make(kNov2026Ms + 23 * 60 * kMinuteMs, 0)).is_ok());
  EXPECT_EQ(clock.observe(hlc_make(kNov2026Ms + 46 * 60 * kMinuteMs, 0)).kind(),
            Status::Kind::kRefused);
}

}  // namespace
}  // namespace parta
