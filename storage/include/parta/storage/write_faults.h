// WriteFaults: the seam through which the simulator (tests/sim) stops a node's process in the
// middle of a write transaction, in-process and deterministically. A real process can die at
// two moments of a write with different outcomes, and each must lose nothing confirmed:
//   - before the commit: LMDB keeps nothing of the transaction (the simulated crash aborts
//     it), so the op was never confirmed, no ack went out, and the peer sends it again;
//   - after the commit, before anything is said about it: the op is on disk but the peer was
//     never told (no ack), so it arrives again and applying it again must change nothing.
// A crash inside the commit itself (data pages written, meta page not) is LMDB's to survive;
// the storage crash tests kill real processes with SIGKILL for that.
//
// When crash_at() returns true the write returns Status::io with kSimulatedCrashMessage and
// the caller must treat the whole node as dead: drop its sessions unheard and reopen the
// store from disk. Production code never sets StoreOptions::write_faults.
#pragma once

#include <string_view>

namespace parta {

class WriteFaults {
 public:
  enum class Point { kBeforeCommit, kAfterCommit };
  virtual ~WriteFaults() = default;
  // Whether the process dies at `point` of the write under way. Called once per point of
  // every write transaction (local writes and applied batches alike).
  virtual bool crash_at(Point point) = 0;
};

inline constexpr std::string_view kSimulatedCrashMessage = "simulated crash";

}  // namespace parta
