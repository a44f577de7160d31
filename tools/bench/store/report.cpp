// Formats the benchmark's table, verdicts and machine facts; see report.h.
#include "report.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "workload.h"

namespace parta::bench {
namespace {

enum class Unit { kPerSecond, kBytes };

// Under line 5: the part of the peak that is files mapped into memory: the program and its
// libraries, and for LMDB the database itself, which it reads through its map (those pages
// belong to the page cache and are shared, not the process's own).
constexpr std::string_view kMappedLabel = "   of which mapped files (database, libraries)";

struct Line {
  std::string label;
  double parta;
  double sqlite;
  Unit unit;
  bool higher_is_better;

  double ratio() const { return sqlite > 0 ? parta / sqlite : 0; }
  bool parta_ahead() const { return higher_is_better ? parta > sqlite : parta < sqlite; }
};

std::string grouped(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_value(double value, Unit unit) {
  if (unit == Unit::kBytes) return fmt::format("{:.1f} MiB", value / (1 << 20));
  return grouped(static_cast<uint64_t>(value + 0.5));
}

std::vector<Line> lines_of(const BenchOptions& options, const BenchOutcome& outcome) {
  const EngineFigures& parta = outcome.parta.figures;
  const EngineFigures& sqlite = outcome.sqlite.figures;
  return {
      {"1. durable writes/s, 1 result per transaction", parta.single_results_per_s,
       sqlite.single_results_per_s, Unit::kPerSecond, true},
      {fmt::format("2. durable writes/s, {} results per transaction",
                   grouped(options.results_per_batch)),
       parta.batched_results_per_s, sqlite.batched_results_per_s, Unit::kPerSecond, true},
      {fmt::format("3. remote ops applied/s, {} ops per transaction",
                   grouped(options.ops_per_batch)),
       parta.remote_ops_per_s, sqlite.remote_ops_per_s, Unit::kPerSecond, true},
      {"4. bytes on disk per 10,000 results", parta.bytes_per_10k_results,
       sqlite.bytes_per_10k_results, Unit::kBytes, false},
      {"5. peak memory of the run (max RSS)", outcome.parta.max_rss_kib * 1024.0,
       outcome.sqlite.max_rss_kib * 1024.0, Unit::kBytes, false},
  };
}

std::string lines_behind(const std::vector<Line>& lines) {
  std::string behind;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].parta_ahead()) continue;
    behind += fmt::format("{}{}", behind.empty() ? "" : ", ", i + 1);
  }
  return behind;
}

void print_verdicts(const std::vector<Line>& lines, const EngineFigures& parta) {
  bool target_met = parta.remote_ops_per_s >= kRemoteOpsPerSecondTarget;
  fmt::print("Parta applies >= {} remote ops/s: {} ({})\n",
             grouped(static_cast<uint64_t>(kRemoteOpsPerSecondTarget)), target_met ? "yes" : "NO",
             format_value(parta.remote_ops_per_s, Unit::kPerSecond));
  std::string behind = lines_behind(lines);
  if (behind.empty()) {
    fmt::print("Parta ahead of SQLite on every line: yes\n");
  } else {
    fmt::print("Parta ahead of SQLite on every line: NO (behind on line {})\n", behind);
  }
}

std::string workload_summary(const BenchOptions& options) {
  return fmt::format(
      "{} + {} results (submission + review, Russian texts), {} results' ops applied by a "
      "peer; {} students x {} assignments; seed {}; median of {} run{} per engine",
      grouped(options.single_results), grouped(options.batched_results),
      grouped(options.remote_results), kStudentsCount, kAssignmentsCount, options.seed,
      options.runs, options.runs == 1 ? "" : "s");
}

std::string machine_summary(const MachineFacts& machine) {
  return fmt::format("{} processors ({}), {}; scratch directory on {}", machine.processors,
                     machine.cpu_model.empty() ? "model unknown" : machine.cpu_model,
                     machine.kernel, machine.filesystem.empty() ? "unknown" : machine.filesystem);
}

}  // namespace

void print_report(const BenchOptions& options, const MachineFacts& machine,
                  const BenchOutcome& outcome) {
  const std::vector<Line> lines = lines_of(options, outcome);
  size_t label_width = 0;
  for (const auto& line : lines) label_width = std::max(label_width, line.label.size());
  const std::string sqlite_name = fmt::format("SQLite {}", machine.sqlite_version);

  fmt::print("\nParta store vs {} (WAL, synchronous=FULL): same work, same data\n", sqlite_name);
  fmt::print("workload: {}\n", workload_summary(options));
  fmt::print("machine:  {}\n", machine_summary(machine));
  if (machine.volatile_filesystem) {
    fmt::print(
        "WARNING: the scratch directory is in memory; fsync costs nothing there, so the "
        "durable-write figures mean little. Use --dir on a disk.\n");
  }
  fmt::print("\n{:<{}}  {:>12}  {:>14}  {:>12}  {}\n", "", label_width, "Parta", sqlite_name,
             "Parta/SQLite", "");
  for (const auto& line : lines) {
    fmt::print("{:<{}}  {:>12}  {:>14}  {:>11.2f}x  {} is better{}\n", line.label, label_width,
               format_value(line.parta, line.unit), format_value(line.sqlite, line.unit),
               line.ratio(), line.higher_is_better ? "higher" : "lower",
               line.parta_ahead() ? "" : "  <- Parta behind");
  }
  fmt::print("{:<{}}  {:>12}  {:>14}\n", kMappedLabel, label_width,
             format_value(outcome.parta.figures.mapped_file_bytes, Unit::kBytes),
             format_value(outcome.sqlite.figures.mapped_file_bytes, Unit::kBytes));
  fmt::print("\n");
  print_verdicts(lines, outcome.parta.figures);
}

void print_markdown(const BenchOptions& options, const MachineFacts& machine,
                    const BenchOutcome& outcome) {
  fmt::print("\n| Measure | Parta | SQLite {} (WAL, FULL) | Parta/SQLite | Better |\n",
             machine.sqlite_version);
  fmt::print("|---|---:|---:|---:|---|\n");
  for (const auto& line : lines_of(options, outcome)) {
    fmt::print("| {} | {} | {} | {:.2f}x | {} |\n", line.label.substr(line.label.find(' ') + 1),
               format_value(line.parta, line.unit), format_value(line.sqlite, line.unit),
               line.ratio(), line.higher_is_better ? "higher" : "lower");
  }
  fmt::print("| {} | {} | {} | | |\n", kMappedLabel.substr(kMappedLabel.find('o')),
             format_value(outcome.parta.figures.mapped_file_bytes, Unit::kBytes),
             format_value(outcome.sqlite.figures.mapped_file_bytes, Unit::kBytes));
  fmt::print("\nWorkload: {}. Machine: {}.\n", workload_summary(options), machine_summary(machine));
}

}  // namespace parta::bench
