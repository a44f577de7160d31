// The phases every engine runs, in order, with the figures they yield; see engines.h.
#include <algorithm>

#include "engines.h"
#include "resident_memory.h"

namespace parta::bench {
namespace {

void note_mapped_file(EngineFigures* figures) {
  figures->mapped_file_bytes =
      std::max(figures->mapped_file_bytes, static_cast<double>(resident_file_bytes()));
}

}  // namespace

Result<EngineFigures> run_phases(const BenchOptions& options, Engine& engine,
                                 const std::filesystem::path& ops_file) {
  EngineFigures figures;
  auto single = engine.load("single", options.single_results, 1);
  if (!single) return single.status();
  figures.single_results_per_s = single->results_per_s;
  note_mapped_file(&figures);

  auto batched = engine.load("batched", options.batched_results, options.results_per_batch);
  if (!batched) return batched.status();
  figures.batched_results_per_s = batched->results_per_s;
  figures.bytes_per_10k_results =
      static_cast<double>(batched->disk_bytes) * 10'000 / options.batched_results;
  note_mapped_file(&figures);

  auto applied = engine.apply("remote", ops_file, options.ops_per_batch);
  if (!applied) return applied.status();
  figures.remote_ops_per_s = *applied;
  note_mapped_file(&figures);
  return figures;
}

}  // namespace parta::bench
