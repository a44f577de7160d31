// ConnectionFaults: the faults planned for one connection (a cut, a stall) and when they strike,
// counted in bytes delivered across the connection in both directions together. Pure: the relay
// tells it what it wants to deliver and what it has delivered, with the time.
//
// Delivery is in two steps so that two directions writing at once cannot overshoot a fault
// point: reserve() grants bytes before a write, written() reports them after it.
//
// Invariants:
//   1. written_bytes() <= reserved bytes <= the cut point, if any.
//   2. No byte beyond the stall point is reserved before the stall has started, and none while
//      it lasts. The stall starts when the byte at the stall point has been written.
//
// Thread safety: none; one belongs to one connection on one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "link_model.h"

namespace parta::linksim {

struct FaultPlan {
  std::optional<uint64_t> cut_after_bytes;    // the connection is cut once this many crossed
  std::optional<uint64_t> stall_after_bytes;  // delivery stops for stall_duration after this many
  std::chrono::milliseconds stall_duration{0};
};

enum class FaultEvent {
  kNone,
  kStallStarted,  // stall_ends_at() says until when
  kCutReached,    // nothing more may cross; the relay resets both sides
};

class ConnectionFaults {
 public:
  explicit ConnectionFaults(FaultPlan plan);

  // The connection starts relaying at `now`: a fault planned at 0 bytes strikes here.
  FaultEvent begin(TimePoint now);
  // Of `wanted` bytes ready to be delivered at `now`, how many may go: fewer at a fault point,
  // 0 while stalled, while waiting for the bytes before a stall to be written, or once cut.
  uint64_t reserve(uint64_t wanted, TimePoint now);
  // `bytes` reserved earlier have been delivered at `now`. Reports the fault this sets off.
  FaultEvent written(uint64_t bytes, TimePoint now);

  // The end of the stall once it has started (it may be in the past); nullopt before.
  std::optional<TimePoint> stall_ends_at() const { return stall_ends_at_; }
  bool cut_reached() const;
  const FaultPlan& plan() const { return plan_; }
  uint64_t written_bytes() const { return written_bytes_; }

 private:
  FaultEvent check(TimePoint now);

  // Constant after construction.
  const FaultPlan plan_;

  uint64_t reserved_bytes_ = 0;
  uint64_t written_bytes_ = 0;
  std::optional<TimePoint> stall_ends_at_;
};

}  // namespace parta::linksim
