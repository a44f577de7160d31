// Formats the side-by-side wire table and the targets; see sync_table.h.
#include "sync_table.h"

#include <fmt/format.h>

#include <locale>
#include <string_view>
#include <vector>

namespace parta::bench {
namespace {

struct Row {
  std::string_view name;
  WireFigures figures;
};

// Thousands separated by commas, as the README writes figures.
struct CommaThousands : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};

std::string grouped(uint64_t value) {
  static const std::locale locale(std::locale::classic(), new CommaThousands);
  return fmt::format(locale, "{:L}", value);
}

std::vector<Row> rows_of(const SyncFigures& figures) {
  return {{"Parta", figures.parta},
          {"Morango push (gzip -9)", figures.morango_push},
          {"Morango pull (plain JSON)", figures.morango_pull},
          {"rsync -az of the node directory", figures.rsync},
          {"floor (2.5 RTT + payload at link rate)",
           {figures.parta_payload_bytes, floor_seconds(figures)}}};
}

std::string per_result(const SyncFigures& figures, uint64_t bytes) {
  if (figures.results == 0) return "-";
  return grouped((bytes + figures.results / 2) / figures.results);
}

std::string ratio_to_parta(const SyncFigures& figures, uint64_t bytes) {
  if (figures.parta.bytes == 0) return "-";
  return fmt::format("{:.2f}x", static_cast<double>(bytes) / figures.parta.bytes);
}

struct Target {
  std::string text;
  bool met;
};

Target share_target(const SyncFigures& figures, std::string_view baseline, uint64_t bytes,
                    double share_max) {
  const double share = bytes == 0 ? 0 : static_cast<double>(figures.parta.bytes) / bytes;
  return {fmt::format("Parta's bytes at most {:.0f}% of {}'s: {:.1f}%", share_max * 100, baseline,
                      share * 100),
          bytes > 0 && share <= share_max};
}

std::vector<Target> targets_of(const SyncFigures& figures) {
  const double limit = floor_seconds(figures) + figures.rtt_ms / 1000.0;
  std::vector<Target> targets{
      share_target(figures, "the Morango push", figures.morango_push.bytes, kPushShareMax),
      share_target(figures, "the Morango pull", figures.morango_pull.bytes, kPullShareMax),
      share_target(figures, "rsync", figures.rsync.bytes, kRsyncShareMax),
      {fmt::format("Parta's seconds at most the floor + 1 RTT ({:.2f} s): {:.2f} s by `parta "
                   "sync`, {:.2f} s by partad's log",
                   limit, figures.parta.seconds, figures.partad_seconds),
       figures.parta.seconds <= limit},
  };
  if (figures.year.ops > 0) {
    targets.push_back({fmt::format("a year school's first sync under {:.0f} s: {:.1f} s",
                                   kYearSecondsMax, figures.year.wire.seconds),
                       figures.year.wire.seconds < kYearSecondsMax});
  }
  return targets;
}

// The first syncs that were measured, Parta alone.
void print_first_syncs(const SyncFigures& figures) {
  const auto print = [](std::string_view what, const FirstSync& sync) {
    if (sync.ops == 0) return;
    fmt::print("\nFirst sync of {} ({} ops): {} bytes on the wire, {:.2f} s to in step.\n", what,
               grouped(sync.ops), grouped(sync.wire.bytes), sync.wire.seconds);
  };
  print("the same school, its roster and the day before", figures.first);
  print("a whole `year` school", figures.year);
}

// How the table is written: plain text for a terminal, or Markdown for the README.
struct Layout {
  std::string_view header;
  std::string_view row;  // {0} name, {1} bytes, {2} seconds, {3} bytes per result, {4} ratio
  std::string_view targets_header;
  std::string_view target;  // {0} verdict, {1} what was measured against what
  std::string_view pass, fail;
};

constexpr Layout kPlain{"{:<40} {:>12} {:>9} {:>12} {:>14}\n",
                        "{0:<40} {1:>12} {2:>9.2f} {3:>12} {4:>14}\n",
                        "\nTargets (issue 5):\n",
                        "  {0:<4}  {1}\n",
                        "pass",
                        "FAIL"};
constexpr Layout kMarkdown{
    "| way of syncing | bytes on the wire | seconds | bytes per result | bytes / Parta's |\n"
    "|---|---:|---:|---:|---:|\n",
    "| {0} | {1} | {2:.2f} | {3} | {4} |\n",
    "\n| target (issue 5) | |\n|---|---|\n",
    "| {1} | {0} |\n",
    "pass",
    "**fail**"};

void print_with(const SyncFigures& figures, const Layout& layout) {
  fmt::print(fmt::runtime(layout.header), "", "bytes", "seconds", "bytes/result", "bytes/Parta's");
  for (const Row& row : rows_of(figures)) {
    fmt::print(fmt::runtime(layout.row), row.name, grouped(row.figures.bytes), row.figures.seconds,
               per_result(figures, row.figures.bytes), ratio_to_parta(figures, row.figures.bytes));
  }
  print_first_syncs(figures);
  fmt::print(fmt::runtime(layout.targets_header));
  for (const Target& target : targets_of(figures)) {
    fmt::print(fmt::runtime(layout.target), target.met ? layout.pass : layout.fail, target.text);
  }
}

}  // namespace

double floor_seconds(const SyncFigures& figures) {
  const double rtt_seconds = figures.rtt_ms / 1000.0;
  const double seconds_per_byte = 8.0 / (figures.rate_kbit * 1000.0);
  return 2.5 * rtt_seconds + figures.parta_payload_bytes * seconds_per_byte;
}

void print_sync_table(const SyncFigures& figures, bool markdown) {
  fmt::print("Sync of one school day through linksim ({} kbit/s, {} ms round trip)\n",
             figures.rate_kbit, figures.rtt_ms);
  fmt::print("workload: {}\n", figures.workload);
  fmt::print("machine:  {}\n\n", figures.machine);
  print_with(figures, markdown ? kMarkdown : kPlain);
}

}  // namespace parta::bench
