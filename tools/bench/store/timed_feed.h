// Drives an engine with the benchmark's inputs and times only the engine: results are generated
// and ops read from their file outside the timed sections, so each engine is charged for its
// own work only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>

#include "oplog.pb.h"
#include "parta/storage/status.h"
#include "workload.h"

namespace parta::bench {

// Writes the results of one transaction; durable when it returns ok.
using ResultsWriter = std::function<Status(std::span<const BenchResult>)>;
// Applies one batch of remote ops in one transaction; durable when it returns ok.
using OpsApplier = std::function<Status(std::span<const oplog::Op>)>;

// Feeds the first `count` results of the workload from `seed` to `write`, `per_transaction`
// at a time. Results per second, or the first failing Status.
Result<double> timed_load(uint64_t seed, size_t count, size_t per_transaction,
                          const ResultsWriter& write);

// Feeds every op in `ops_file` to `apply`, `per_batch` at a time. Ops per second, or the
// first failing Status (the file's or the engine's).
Result<double> timed_apply(const std::filesystem::path& ops_file, size_t per_batch,
                           const OpsApplier& apply);

}  // namespace parta::bench
