// LinkModel on a made-up clock, no sockets: when each packet leaves and arrives for a given
// rate, delay and jitter, and that flows share the rate without reordering.
#include <gtest/gtest.h>

#include <map>

#include "link_model.h"
#include "random_source.h"

namespace parta::linksim {
namespace {

using std::chrono::milliseconds;

const TimePoint kStart = TimePoint() + std::chrono::hours(1);

LinkModel model(uint64_t rate_kbit, milliseconds delay, milliseconds jitter_max = milliseconds(0),
                uint64_t seed = 1) {
  return LinkModel(LinkShape{rate_kbit, delay, jitter_max}, kStart,
                   RandomSource(seed, RandomStream::kJitterClientToTarget));
}

milliseconds since_start(TimePoint when) {
  return std::chrono::duration_cast<milliseconds>(when - kStart);
}

// Steps a fake clock by 1 ms and collects what departs at each step.
std::vector<Departure> run_for(LinkModel& link, milliseconds duration) {
  std::vector<Departure> all;
  TimePoint previous = kStart - milliseconds(1);
  for (TimePoint now = kStart; now <= kStart + duration; now += milliseconds(1)) {
    for (const Departure& departure : link.depart_until(now)) {
      EXPECT_GT(departure.departed_at, previous);  // not reported late
      EXPECT_LE(departure.departed_at, now);       // nor early
      all.push_back(departure);
    }
    previous = now;
  }
  return all;
}

TEST(LinkModel, OneByteArrivesOneWayDelayAfterItIsOffered) {
  LinkModel link = model(500, milliseconds(150));
  link.offer(1, 1, kStart + milliseconds(10));
  EXPECT_EQ(link.next_departure(), kStart + milliseconds(10));
  std::vector<Departure> departures = link.depart_until(kStart + milliseconds(10));
  ASSERT_EQ(departures.size(), 1u);
  EXPECT_EQ(departures[0].bytes, 1u);
  EXPECT_EQ(departures[0].arrives_at, kStart + milliseconds(160));
  EXPECT_FALSE(link.next_departure());
}

TEST(LinkModel, BytesLeaveAtTheRateAfterOneBurst) {
  // 500 kbit/s carries one 1500-byte packet per 24 ms; the first goes at once (the burst).
  LinkModel link = model(500, milliseconds(150));
  link.offer(1, 125'000, kStart);
  std::vector<Departure> departures = run_for(link, milliseconds(3000));
  ASSERT_EQ(departures.size(), 84u);  // 83 full packets and 500 bytes
  size_t departed_bytes = 0;
  for (size_t i = 0; i < departures.size(); ++i) {
    departed_bytes += departures[i].bytes;
    EXPECT_EQ(since_start(departures[i].departed_at),
              milliseconds(i + 1 < departures.size() ? 24 * i : 24 * (i - 1) + 8))
        << "packet " << i;
    EXPECT_EQ(departures[i].arrives_at, departures[i].departed_at + milliseconds(150));
  }
  EXPECT_EQ(departed_bytes, 125'000u);
  // (125000 - 1500) bytes at 500 kbit/s, then the one-way delay.
  EXPECT_EQ(since_start(departures.back().arrives_at), milliseconds(1976 + 150));
  EXPECT_EQ(link.waiting_bytes(1), 0u);
}

TEST(LinkModel, AnIdleLinkSavesUpOnlyOneBurst) {
  LinkModel link = model(500, milliseconds(0));
  const TimePoint later = kStart + std::chrono::seconds(10);
  link.offer(1, 4500, later);
  std::vector<Departure> departures = link.depart_until(later + std::chrono::seconds(1));
  ASSERT_EQ(departures.size(), 3u);
  EXPECT_EQ(departures[0].departed_at, later);
  EXPECT_EQ(departures[1].departed_at, later + milliseconds(24));
  EXPECT_EQ(departures[2].departed_at, later + milliseconds(48));
}

TEST(LinkModel, NoByteLeavesBeforeItIsOffered) {
  LinkModel link = model(500, milliseconds(100));
  link.offer(1, 10, kStart);
  link.offer(1, 10, kStart + milliseconds(50));
  std::vector<Departure> departures = link.depart_until(kStart + milliseconds(500));
  ASSERT_EQ(departures.size(), 2u);  // not one packet of 20 bytes at kStart
  EXPECT_EQ(departures[0].bytes, 10u);
  EXPECT_EQ(departures[1].departed_at, kStart + milliseconds(50));
  EXPECT_EQ(departures[1].arrives_at, kStart + milliseconds(150));
}

TEST(LinkModel, FlowsShareTheRatePacketByPacket) {
  LinkModel link = model(500, milliseconds(0));
  link.offer(1, 15'000, kStart);
  link.offer(2, 15'000, kStart);
  std::vector<Departure> departures = run_for(link, milliseconds(1000));
  ASSERT_EQ(departures.size(), 20u);
  for (size_t i = 0; i < departures.size(); ++i) {
    EXPECT_EQ(departures[i].flow, i % 2 == 0 ? 1u : 2u) << "packet " << i;
    EXPECT_EQ(since_start(departures[i].departed_at), milliseconds(24 * i));
  }
  // Together they take as long as 30000 bytes alone: the rate is the link's, not each flow's.
  EXPECT_EQ(since_start(departures.back().departed_at), milliseconds((30'000 - 1500) / 1500 * 24));
}

TEST(LinkModel, JitterDelaysButNeverReordersAFlow) {
  auto arrivals_of = [](uint64_t seed) {
    LinkModel link = model(10'000, milliseconds(20), milliseconds(100), seed);
    link.offer(7, 60'000, kStart);
    return run_for(link, milliseconds(1000));
  };
  std::vector<Departure> departures = arrivals_of(5);
  ASSERT_EQ(departures.size(), 40u);
  bool any_jitter = false;
  for (size_t i = 0; i < departures.size(); ++i) {
    const Departure& departure = departures[i];
    EXPECT_GE(departure.arrives_at, departure.departed_at + milliseconds(20));
    if (i > 0) {
      EXPECT_GE(departure.arrives_at, departures[i - 1].arrives_at) << "packet " << i;
    }
    // Later than its own jitter allows only when waiting for the packet before it.
    if (departure.arrives_at > departure.departed_at + milliseconds(120)) {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(departure.arrives_at, departures[i - 1].arrives_at);
    }
    any_jitter = any_jitter || departure.arrives_at > departure.departed_at + milliseconds(20);
  }
  EXPECT_TRUE(any_jitter);
  // The same seed replays the same arrivals; another seed gives others.
  std::vector<Departure> replayed = arrivals_of(5);
  std::vector<Departure> other = arrivals_of(6);
  bool all_same = true;
  bool all_same_as_other = true;
  for (size_t i = 0; i < departures.size(); ++i) {
    all_same = all_same && replayed[i].arrives_at == departures[i].arrives_at;
    all_same_as_other = all_same_as_other && other[i].arrives_at == departures[i].arrives_at;
  }
  EXPECT_TRUE(all_same);
  EXPECT_FALSE(all_same_as_other);
}

TEST(LinkModel, ARemovedFlowSendsNothingMore) {
  LinkModel link = model(500, milliseconds(0));
  link.offer(1, 6000, kStart);
  link.offer(2, 1500, kStart);
  ASSERT_EQ(link.depart_until(kStart).size(), 1u);
  link.remove_flow(1);
  EXPECT_EQ(link.waiting_bytes(1), 0u);
  std::vector<Departure> departures = link.depart_until(kStart + std::chrono::seconds(1));
  ASSERT_EQ(departures.size(), 1u);
  EXPECT_EQ(departures[0].flow, 2u);
}

}  // namespace
}  // namespace parta::linksim
