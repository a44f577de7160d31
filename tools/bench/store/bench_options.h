// Command line of parta-bench-store: how much work each phase does, where it runs, what is
// printed. Every count has a default that gives the figures quoted in the README.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "parta/storage/status.h"

namespace parta::bench {

struct BenchOptions {
  std::filesystem::path dir = "/tmp";  // a scratch directory is made inside and removed after
  uint64_t seed = 20260901;            // the workload's std::mt19937_64 seed
  size_t single_results = 2000;        // line 1: one result per durable transaction
  size_t batched_results = 100000;     // line 2: results loaded in batches
  size_t results_per_batch = 1000;
  size_t remote_results = 100000;  // line 3: their ops (two per result) applied by a peer
  size_t ops_per_batch = 1000;
  size_t runs = 3;        // each engine's run is repeated; the median is printed
  bool markdown = false;  // also print the table as Markdown
  bool help = false;
};

// A count on the command line must lie in [1, kCountMax]; --runs in [1, kRunsMax].
constexpr size_t kCountMax = 100'000'000;
constexpr size_t kRunsMax = 100;

// Invalid, naming the option, when an option is unknown, lacks its value or the value is not a
// count in range.
Result<BenchOptions> parse_options(int argc, char** argv);
std::string options_help();

}  // namespace parta::bench
