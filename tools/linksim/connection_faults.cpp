// When a connection's planned cut and stall strike; see connection_faults.h.
#include "connection_faults.h"

#include <algorithm>
#include <cassert>

namespace parta::linksim {

ConnectionFaults::ConnectionFaults(FaultPlan plan) : plan_(plan) {
  assert(plan_.stall_duration.count() >= 0);
}

FaultEvent ConnectionFaults::begin(TimePoint now) { return check(now); }

uint64_t ConnectionFaults::reserve(uint64_t wanted, TimePoint now) {
  assert(written_bytes_ <= reserved_bytes_);
  uint64_t granted = wanted;
  if (plan_.cut_after_bytes) granted = std::min(granted, *plan_.cut_after_bytes - reserved_bytes_);
  if (plan_.stall_after_bytes) {
    if (!stall_ends_at_) {
      assert(reserved_bytes_ <= *plan_.stall_after_bytes);  // invariant 2
      granted = std::min(granted, *plan_.stall_after_bytes - reserved_bytes_);
    } else if (now < *stall_ends_at_) {
      granted = 0;
    }
  }
  reserved_bytes_ += granted;
  assert(!plan_.cut_after_bytes || reserved_bytes_ <= *plan_.cut_after_bytes);  // invariant 1
  return granted;
}

FaultEvent ConnectionFaults::written(uint64_t bytes, TimePoint now) {
  written_bytes_ += bytes;
  assert(written_bytes_ <= reserved_bytes_);
  return check(now);
}

bool ConnectionFaults::cut_reached() const {
  return plan_.cut_after_bytes && written_bytes_ >= *plan_.cut_after_bytes;
}

FaultEvent ConnectionFaults::check(TimePoint now) {
  if (cut_reached()) return FaultEvent::kCutReached;
  if (plan_.stall_after_bytes && !stall_ends_at_ && written_bytes_ == *plan_.stall_after_bytes) {
    stall_ends_at_ = now + plan_.stall_duration;
    return FaultEvent::kStallStarted;
  }
  return FaultEvent::kNone;
}

}  // namespace parta::linksim
