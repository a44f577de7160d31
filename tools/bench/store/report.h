// Prints the benchmark's outcome: one aligned table comparing Parta with SQLite line by line,
// the machine it ran on, and the two verdicts (remote-apply target, ahead on every line);
// optionally the same table as Markdown for the README.
#pragma once

#include "bench_options.h"
#include "child_process.h"
#include "machine_facts.h"

namespace parta::bench {

// Parta applies at least this many remote ops per second (DESIGN.md §4 workload target).
constexpr double kRemoteOpsPerSecondTarget = 100'000;

struct BenchOutcome {
  ChildRun parta;
  ChildRun sqlite;
};

void print_report(const BenchOptions& options, const MachineFacts& machine,
                  const BenchOutcome& outcome);
void print_markdown(const BenchOptions& options, const MachineFacts& machine,
                    const BenchOutcome& outcome);

}  // namespace parta::bench
