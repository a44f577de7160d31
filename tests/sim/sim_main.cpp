// parta-sim: runs the deterministic sync simulation (sim_world.h) for one seed, or for as many
// seeds as fit in a time budget (the soak: tools/soak.sh), and prints what each covered. A
// failing seed is printed with the command that replays it; exit 1 if any failed.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "sim_world.h"

int main(int argc, char** argv) {
  CLI::App app{"parta-sim: the deterministic sync simulation of a hub and its schools"};
  uint64_t seed = 0;
  uint64_t first_seed = 1;
  double seconds = 0;
  int schools = 2;
  double hours = 2;
  app.add_option("--seed", seed, "run this one seed (replays a failure exactly)");
  app.add_option("--first-seed", first_seed, "soak: the first seed")->capture_default_str();
  app.add_option("--seconds", seconds, "soak: run seeds one after another for this long");
  app.add_option("--schools", schools, "attached schools")->capture_default_str();
  app.add_option("--hours", hours, "simulated hours of faults and writes per seed")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (seed == 0 && seconds <= 0) {
    fmt::print(stderr, "parta-sim: pass --seed N, or --seconds S for a soak\n");
    return 2;
  }
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  int failed = 0;
  uint64_t runs = 0;
  double simulated_hours = 0;
  for (uint64_t next = seed != 0 ? seed : first_seed;; ++next) {
    parta::sim::SimOptions options{.seed = next, .schools = schools,
                                   .duration_ms = static_cast<int64_t>(hours * 3600 * 1000)};
    const auto dir = std::filesystem::temp_directory_path() /
                     fmt::format("parta-sim-{}-{}", ::getpid(), next);
    std::filesystem::remove_all(dir);
    const parta::sim::SimReport report = parta::sim::run_simulation(options, dir);
    std::filesystem::remove_all(dir);
    ++runs;
    simulated_hours += report.simulated_ms / 3.6e6;
    fmt::print("seed {}: {} — {} sessions ({} ok), {} cuts, {} flipped bytes, {} stalls, "
               "{} crashes ({} inside a transaction, {} just after a commit), {} clock jumps, "
               "{} writes, {} ops applied, {:.1f} simulated h\n",
               next, report.ok ? "ok" : "FAILED", report.sessions, report.sessions_ok,
               report.cuts, report.flips, report.stalls, report.crashes,
               report.crashes_before_commit, report.crashes_after_commit, report.clock_jumps,
               report.writes, report.ops_applied, report.simulated_ms / 3.6e6);
    if (!report.ok) {
      ++failed;
      fmt::print("  {}\n  replay: parta-sim --seed {} --schools {} --hours {}\n", report.failure,
                 next, schools, hours);
    }
    if (seed != 0 || std::chrono::steady_clock::now() >= deadline) break;
  }
  fmt::print("{} seeds, {:.1f} simulated hours, {} failed\n", runs, simulated_hours, failed);
  return failed == 0 ? 0 : 1;
}
