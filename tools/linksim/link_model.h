// LinkModel: one direction of the emulated link, as a pure, clock-driven model. It is told when
// bytes are offered and asked what has left by a given time; it never reads a clock or touches a
// socket, so tests drive it with made-up time points.
//
// The link is a token bucket shared by every flow (connection) through it: it sends at
// `rate_kbit` (1 kbit = 1000 bit/s) with a burst of at most one packet, kPacketBytesMax. A
// packet that leaves at time t arrives at t + delay + a jitter drawn uniformly from
// [0, jitter_max]. Flows with bytes waiting share the rate packet by packet, round robin.
//
// Invariants:
//   1. The link is never faster than its rate: over any interval, the bytes that leave exceed
//      what the rate carries by at most one burst.
//   2. No byte leaves before it was offered, nor arrives sooner than `delay` after that.
//   3. Within a flow bytes arrive in the order they were offered (arrival times never decrease),
//      whatever the jitter.
//   4. Departures are reported in non-decreasing time order.
//
// Thread safety: none; one model belongs to one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "random_source.h"

namespace parta::linksim {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using FlowId = uint64_t;

// An Ethernet frame's payload: the largest burst and the largest packet.
inline constexpr size_t kPacketBytesMax = 1500;

struct LinkShape {
  uint64_t rate_kbit = 500;
  std::chrono::microseconds delay{150'000};  // one way: half the round-trip time
  std::chrono::microseconds jitter_max{0};   // added to `delay`, uniform in [0, jitter_max]
};

// `bytes` of `flow` (at most kPacketBytesMax) left the sender at `departed_at` and reach the
// receiver at `arrives_at`.
struct Departure {
  FlowId flow = 0;
  size_t bytes = 0;
  TimePoint departed_at;
  TimePoint arrives_at;
};

class LinkModel {
 public:
  // The bucket starts full at `start`. `shape.rate_kbit` must be positive.
  LinkModel(LinkShape shape, TimePoint start, RandomSource jitter_random);

  // `bytes` (> 0) of `flow` are waiting to be sent from `now` on. `now` never goes back.
  void offer(FlowId flow, size_t bytes, TimePoint now);
  // Forgets `flow` and whatever of it is still waiting; unknown flows are ignored.
  void remove_flow(FlowId flow);

  // When the next packet will leave, or nullopt when nothing is waiting.
  std::optional<TimePoint> next_departure() const;
  // Every packet that leaves up to and including `now`, in order of departure.
  std::vector<Departure> depart_until(TimePoint now);

  // Bytes offered for `flow` that have not left yet (0 for unknown flows).
  size_t waiting_bytes(FlowId flow) const;

 private:
  struct Batch {
    TimePoint offered_at;
    size_t bytes = 0;
  };
  struct Flow {
    std::deque<Batch> waiting;
    TimePoint last_arrival;  // invariant 3
  };
  struct Candidate {
    FlowId flow = 0;
    size_t bytes = 0;
    TimePoint departs_at;
  };

  std::chrono::nanoseconds serialisation_time(size_t bytes) const;
  Candidate candidate_of(FlowId flow_id, const Flow& flow) const;
  std::optional<Candidate> next_candidate() const;
  Departure send(const Candidate& candidate);

  // Constant after construction.
  const LinkShape shape_;

  // The bucket holds min(burst, (t - bucket_empty_at_) * rate) bytes of credit at time t.
  TimePoint bucket_empty_at_;
  std::map<FlowId, Flow> flows_;
  FlowId last_served_flow_ = 0;  // round robin starts after it
  RandomSource jitter_random_;
};

}  // namespace parta::linksim
