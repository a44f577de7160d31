// ConnectionFaults without sockets: a cut lets exactly its bytes through, a stall holds the byte
// after its point for its duration, even with both directions delivering at once.
#include <gtest/gtest.h>

#include "connection_faults.h"

namespace parta::linksim {
namespace {

using std::chrono::milliseconds;

const TimePoint kStart = TimePoint() + std::chrono::hours(1);

TEST(ConnectionFaults, ACutLetsExactlyItsBytesThroughAcrossBothDirections) {
  ConnectionFaults faults(FaultPlan{1000, std::nullopt, milliseconds(0)});
  EXPECT_EQ(faults.begin(kStart), FaultEvent::kNone);
  EXPECT_EQ(faults.reserve(600, kStart), 600u);  // one direction
  EXPECT_EQ(faults.reserve(600, kStart), 400u);  // the other, writing at the same time
  EXPECT_EQ(faults.reserve(1, kStart), 0u);
  EXPECT_EQ(faults.written(600, kStart), FaultEvent::kNone);
  EXPECT_FALSE(faults.cut_reached());
  EXPECT_EQ(faults.written(400, kStart), FaultEvent::kCutReached);
  EXPECT_TRUE(faults.cut_reached());
  EXPECT_EQ(faults.reserve(1, kStart), 0u);
}

TEST(ConnectionFaults, AStallHoldsTheNextByteForItsDuration) {
  ConnectionFaults faults(FaultPlan{std::nullopt, 100, milliseconds(500)});
  EXPECT_EQ(faults.reserve(200, kStart), 100u);
  EXPECT_EQ(faults.reserve(50, kStart), 0u);  // until the first 100 are written
  EXPECT_FALSE(faults.stall_ends_at());
  const TimePoint written_at = kStart + milliseconds(3);
  EXPECT_EQ(faults.written(100, written_at), FaultEvent::kStallStarted);
  EXPECT_EQ(faults.stall_ends_at(), written_at + milliseconds(500));
  EXPECT_EQ(faults.reserve(100, written_at + milliseconds(499)), 0u);
  EXPECT_EQ(faults.reserve(100, written_at + milliseconds(500)), 100u);
  EXPECT_EQ(faults.written(100, written_at + milliseconds(501)), FaultEvent::kNone);
}

TEST(ConnectionFaults, FaultsAtZeroBytesStrikeAtTheStart) {
  ConnectionFaults cut(FaultPlan{0, std::nullopt, milliseconds(0)});
  EXPECT_EQ(cut.begin(kStart), FaultEvent::kCutReached);
  EXPECT_EQ(cut.reserve(10, kStart), 0u);
  ConnectionFaults stall(FaultPlan{std::nullopt, 0, milliseconds(200)});
  EXPECT_EQ(stall.begin(kStart), FaultEvent::kStallStarted);
  EXPECT_EQ(stall.reserve(10, kStart + milliseconds(199)), 0u);
  EXPECT_EQ(stall.reserve(10, kStart + milliseconds(200)), 10u);
}

TEST(ConnectionFaults, WithoutFaultsEverythingGoes) {
  ConnectionFaults faults(FaultPlan{});
  EXPECT_EQ(faults.begin(kStart), FaultEvent::kNone);
  EXPECT_EQ(faults.reserve(1 << 20, kStart), uint64_t{1} << 20);
  EXPECT_EQ(faults.written(1 << 20, kStart), FaultEvent::kNone);
}

}  // namespace
}  // namespace parta::linksim
