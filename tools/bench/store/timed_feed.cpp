// Feeds an engine and times it; see timed_feed.h.
#include "timed_feed.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <vector>

#include "op_file.h"

namespace parta::bench {
namespace {

// Results generated ahead of the timed writes, rounded to whole transactions.
constexpr size_t kGenerateAheadResults = 1000;

using Clock = std::chrono::steady_clock;

double per_second(size_t count, Clock::duration elapsed) {
  double seconds = std::chrono::duration<double>(elapsed).count();
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

}  // namespace

Result<double> timed_load(uint64_t seed, size_t count, size_t per_transaction,
                          const ResultsWriter& write) {
  assert(per_transaction > 0);
  const size_t ahead =
      per_transaction * std::max<size_t>(1, kGenerateAheadResults / per_transaction);
  ResultStream stream(seed);
  std::vector<BenchResult> results;
  Clock::duration elapsed{};
  for (size_t done = 0; done < count;) {
    stream.next_batch(std::min(ahead, count - done), &results);
    std::span<const BenchResult> pending(results);
    auto start = Clock::now();
    while (!pending.empty()) {
      size_t take = std::min(per_transaction, pending.size());
      PARTA_RETURN_IF_ERROR(write(pending.first(take)));
      pending = pending.subspan(take);
    }
    elapsed += Clock::now() - start;
    done += results.size();
  }
  return per_second(count, elapsed);
}

Result<double> timed_apply(const std::filesystem::path& ops_file, size_t per_batch,
                           const OpsApplier& apply) {
  assert(per_batch > 0);
  auto reader = OpFileReader::open(ops_file);
  if (!reader) return reader.status();
  std::vector<oplog::Op> ops;
  size_t applied = 0;
  Clock::duration elapsed{};
  for (;;) {
    PARTA_RETURN_IF_ERROR((*reader)->read_batch(per_batch, &ops));
    if (ops.empty()) break;
    auto start = Clock::now();
    PARTA_RETURN_IF_ERROR(apply(ops));
    elapsed += Clock::now() - start;
    applied += ops.size();
  }
  return per_second(applied, elapsed);
}

}  // namespace parta::bench
