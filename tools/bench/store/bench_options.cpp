// Parses the command line of parta-bench-store; see bench_options.h.
#include "bench_options.h"

#include <charconv>
#include <string_view>

#include <fmt/format.h>

namespace parta::bench {
namespace {

Result<uint64_t> parse_number(std::string_view option, std::string_view text, uint64_t max) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return Status::invalid(
        fmt::format("{} \"{}\": expected a whole number from 1 to {}", option, text, max));
  }
  return value;
}

// The option that takes a count, or nullptr.
size_t* count_option(BenchOptions& options, std::string_view name) {
  if (name == "--single") return &options.single_results;
  if (name == "--batched") return &options.batched_results;
  if (name == "--batch") return &options.results_per_batch;
  if (name == "--remote") return &options.remote_results;
  if (name == "--ops-batch") return &options.ops_per_batch;
  return nullptr;
}

}  // namespace

std::string options_help() {
  return fmt::format(
      "usage: parta-bench-store [options]\n"
      "Compares Parta's store with SQLite (WAL, synchronous=FULL) doing the same work.\n"
      "  --single N     results written one per durable transaction (default 2000)\n"
      "  --batched N    results written in batches (default 100000)\n"
      "  --batch N      results per batched transaction (default 1000)\n"
      "  --remote N     results whose ops (2 each) a peer applies (default 100000)\n"
      "  --ops-batch N  remote ops per transaction (default 1000)\n"
      "  --runs N       runs of each engine, alternating; medians are printed (default 3, "
      "at most {})\n"
      "  --seed N       workload seed (default 20260901)\n"
      "  --dir PATH     where the scratch directory is made (default /tmp)\n"
      "  --markdown     also print the table as Markdown\n"
      "Counts range from 1 to {}. Exit status 1 on any error.\n",
      kRunsMax, kCountMax);
}

Result<BenchOptions> parse_options(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view name = argv[i];
    if (name == "--help" || name == "-h") {
      options.help = true;
      continue;
    }
    if (name == "--markdown") {
      options.markdown = true;
      continue;
    }
    if (i + 1 == argc) {
      return Status::invalid(fmt::format("{} needs a value; see --help", name));
    }
    std::string_view value = argv[++i];
    if (name == "--dir") {
      options.dir = value;
    } else if (name == "--seed") {
      auto seed = parse_number(name, value, UINT64_MAX);
      if (!seed) return seed.status();
      options.seed = *seed;
    } else if (name == "--runs") {
      auto runs = parse_number(name, value, kRunsMax);
      if (!runs) return runs.status();
      options.runs = *runs;
    } else if (size_t* count = count_option(options, name)) {
      auto parsed = parse_number(name, value, kCountMax);
      if (!parsed) return parsed.status();
      *count = *parsed;
    } else {
      return Status::invalid(fmt::format("unknown option {}; see --help", name));
    }
  }
  return options;
}

}  // namespace parta::bench
