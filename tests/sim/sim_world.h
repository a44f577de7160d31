// The deterministic sync simulation (issue: prove sync under faults): a hub and N attached
// schools, each a real Store (LMDB in a temporary directory) with the real SyncSession, under
// one simulated clock and network, all driven from one seed.
//
// During the run every node writes at random (schools: new students with consents,
// attendance, their own class assignments and results; the hub: a distance group mixing
// students of every school, its assignments and results), schools dial their hub on a
// schedule with backoff, and faults strike: links cut at a random byte, stall, partition or
// carry a flipped byte; nodes crash between transactions and inside them, before or just
// after the commit of a local write or of an applied batch (write_faults.h; their sessions
// vanish unheard, the store is reopened from disk); clocks drift and jump back by up to a day. Then the network heals, the
// schools sync until in step, and the checks run:
//   - every school holds exactly what the hub holds in the scopes the school may see, byte
//     for byte (records with their merge stamps), and the same version vector there;
//   - every op any school wrote reached the hub (none lost), and every store verifies;
//   - no school holds another school's students.
// A failure names the seed; run_simulation with that seed replays it exactly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace parta::sim {

struct SimOptions {
  uint64_t seed = 1;
  int schools = 2;
  int64_t duration_ms = 2LL * 60 * 60 * 1000;  // simulated time before healing
  bool faults = true;
};

struct SimReport {
  bool ok = true;
  std::string failure;        // what broke, in words
  uint64_t sessions = 0;      // sync sessions started
  uint64_t sessions_ok = 0;
  uint64_t cuts = 0;          // links cut mid-session
  uint64_t flips = 0;         // sessions that carried a flipped byte
  uint64_t stalls = 0;
  uint64_t crashes = 0;       // node restarts from disk (any of the kinds below)
  uint64_t crashes_before_commit = 0;  // inside a write transaction, before its commit
  uint64_t crashes_after_commit = 0;   // right after a commit, before anything was said of it
  uint64_t clock_jumps = 0;
  uint64_t writes = 0;        // local write transactions
  uint64_t ops_applied = 0;   // ops in batches applied by receivers
  int64_t simulated_ms = 0;
};

SimReport run_simulation(const SimOptions& options, const std::filesystem::path& dir);

}  // namespace parta::sim
