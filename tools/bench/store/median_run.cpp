// Per-figure medians of repeated runs; see median_run.h.
#include "median_run.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace parta::bench {
namespace {

template <typename Field>
double median_of(std::span<const ChildRun> runs, Field field) {
  std::vector<double> values;
  for (const auto& run : runs) values.push_back(static_cast<double>(field(run)));
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

}  // namespace

ChildRun median_run(std::span<const ChildRun> runs) {
  assert(!runs.empty());
  ChildRun median;
  EngineFigures& figures = median.figures;
  figures.single_results_per_s =
      median_of(runs, [](const ChildRun& run) { return run.figures.single_results_per_s; });
  figures.batched_results_per_s =
      median_of(runs, [](const ChildRun& run) { return run.figures.batched_results_per_s; });
  figures.remote_ops_per_s =
      median_of(runs, [](const ChildRun& run) { return run.figures.remote_ops_per_s; });
  figures.bytes_per_10k_results =
      median_of(runs, [](const ChildRun& run) { return run.figures.bytes_per_10k_results; });
  figures.mapped_file_bytes =
      median_of(runs, [](const ChildRun& run) { return run.figures.mapped_file_bytes; });
  median.max_rss_kib =
      static_cast<long>(median_of(runs, [](const ChildRun& run) { return run.max_rss_kib; }));
  return median;
}

}  // namespace parta::bench
