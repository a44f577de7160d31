// The two engines of the store benchmark behind one interface, and the phases every engine
// runs on the same workload (workload.h) and op file (op_file.h):
//   single  - options.single_results results, one durable transaction each;
//   batched - options.batched_results results, options.results_per_batch per transaction,
//             then the bytes the database occupies;
//   remote  - the ops in the op file, options.ops_per_batch per durable transaction, applied as
//             ops from a peer are (skip ops held, last writer wins, log, version vector).
// Each phase starts from a fresh database under the engine's work directory. Meant to run in a
// child process of its own (child_process.h); what it leaves on disk the parent removes.
//
// Thread safety: an Engine is used by one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <type_traits>

#include "bench_options.h"
#include "parta/storage/status.h"

namespace parta::bench {

struct EngineFigures {
  double single_results_per_s = 0;
  double batched_results_per_s = 0;
  double remote_ops_per_s = 0;
  double bytes_per_10k_results = 0;  // after the batched load
  // The most file pages resident at the end of any phase, its database still open
  // (resident_memory.h): how much of the peak memory is the database file itself.
  double mapped_file_bytes = 0;
};
static_assert(std::is_trivially_copyable_v<EngineFigures>, "sent through a pipe as bytes");

struct LoadFigures {
  double results_per_s = 0;
  uint64_t disk_bytes = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  // Writes the first `count` results of the workload into a fresh database `name`,
  // `per_transaction` per durable transaction; the database stays open until the next call.
  virtual Result<LoadFigures> load(std::string_view name, size_t count, size_t per_transaction) = 0;
  // Applies the ops in `ops_file` to a fresh database `name`, `per_batch` per durable
  // transaction; ops per second. The database stays open until the next call.
  virtual Result<double> apply(std::string_view name, const std::filesystem::path& ops_file,
                               size_t per_batch) = 0;
};

// Engines keeping their databases in `work_dir`.
std::unique_ptr<Engine> make_parta_engine(const BenchOptions& options,
                                          const std::filesystem::path& work_dir);
std::unique_ptr<Engine> make_sqlite_engine(const BenchOptions& options,
                                           const std::filesystem::path& work_dir);

// Runs the three phases on `engine`; the first failing Status otherwise.
Result<EngineFigures> run_phases(const BenchOptions& options, Engine& engine,
                                 const std::filesystem::path& ops_file);

// Loads options.remote_results results into a fresh Store in `work_dir` and saves to
// `ops_file` the ops it logged for them, as a peer would receive them: two per result.
Status make_remote_ops(const BenchOptions& options, const std::filesystem::path& work_dir,
                       const std::filesystem::path& ops_file);

}  // namespace parta::bench
