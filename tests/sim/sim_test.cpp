// The deterministic sync simulation (sim_world.h) over a bounded number of seeds, as part of
// the test suite. A failure prints its seed; `parta-sim --seed N` replays it exactly, and
// tools/soak.sh runs many more seeds for as long as it is given.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim_world.h"
#include "temp_dir.h"

namespace parta::sim {
namespace {

// The simulation writes many small LMDB transactions; on tmpfs they cost no disk flushes.
std::filesystem::path scratch_root() {
  std::error_code ec;
  return std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : "/tmp";
}

// Runs the seeds; returns their reports added up.
SimReport run_seeds(uint64_t first, uint64_t count, SimOptions options) {
  SimReport total;
  for (uint64_t seed = first; seed < first + count; ++seed) {
    options.seed = seed;
    const std::filesystem::path dir =
        scratch_root() / ("parta-sim-" + std::to_string(::getpid()) + "-" + std::to_string(seed));
    std::filesystem::remove_all(dir);
    const SimReport report = run_simulation(options, dir);
    std::filesystem::remove_all(dir);
    EXPECT_TRUE(report.ok) << report.failure;
    if (!report.ok) return total;
    total.crashes += report.crashes;
    total.crashes_before_commit += report.crashes_before_commit;
    total.crashes_after_commit += report.crashes_after_commit;
    // Each run exercised what it claims: sessions that succeeded and, with faults, faults.
    EXPECT_GT(report.sessions_ok, 0u) << "seed " << seed;
    EXPECT_GT(report.ops_applied, 0u) << "seed " << seed;
    if (options.faults) {
      EXPECT_GT(report.cuts + report.flips + report.stalls, 0u) << "seed " << seed;
    }
  }
  return total;
}

TEST(SyncSimulation, WithoutFaultsAHubAndThreeSchoolsConverge) {
  run_seeds(1, 3, SimOptions{.schools = 3, .duration_ms = 30 * 60 * 1000, .faults = false});
}

TEST(SyncSimulation, UnderCutsStallsFlipsCrashesAndClockJumpsNothingIsLost) {
  const SimReport total =
      run_seeds(100, 40, SimOptions{.schools = 2, .duration_ms = 2 * 60 * 60 * 1000});
  // Nodes died inside write transactions, both before and just after a commit.
  EXPECT_GT(total.crashes_before_commit, 0u);
  EXPECT_GT(total.crashes_after_commit, 0u);
}

}  // namespace
}  // namespace parta::sim
