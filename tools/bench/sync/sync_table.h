// The table tools/bench-sync.sh prints: Parta beside baseline A (Morango's push and pull) and
// baseline B (rsync) moving the same school day over the same emulated link, the floor the
// link itself sets, and issue 5's targets with pass or fail.
//
// The floor is 2.5 round trips (TCP handshake, one handshake round trip, the one-way delay)
// plus Parta's payload at the link rate (8 / rate_kbit ms a byte: 16 µs at 500 kbit/s).
//
// Thread safety: pure formatting.
#pragma once

#include <cstdint>
#include <string>

namespace parta::bench {

struct WireFigures {
  uint64_t bytes = 0;  // both directions, as linksim carried them
  double seconds = 0;
};

struct FirstSync {
  uint64_t ops = 0;  // 0: not measured
  WireFigures wire;
};

struct SyncFigures {
  WireFigures parta;                 // `parta sync` from request to in step
  double partad_seconds = 0;         // the same session in partad's log, from TCP connect
  uint64_t parta_payload_bytes = 0;  // the school's bytes_sent in partad's log
  WireFigures morango_push;
  WireFigures morango_pull;
  WireFigures rsync;
  uint64_t results = 0;  // results the day added (a result: a submission and its review)
  FirstSync first;       // the same school's first sync: its roster and the day before
  FirstSync year;        // a whole year school's first sync (--year)
  uint32_t rate_kbit = 500;
  uint32_t rtt_ms = 300;
  std::string workload;  // what was moved, one line
  std::string machine;   // where it ran, one line
};

// Issue 5's targets: Parta's bytes at most these shares of the baselines'.
inline constexpr double kPushShareMax = 0.20;
inline constexpr double kPullShareMax = 0.05;
inline constexpr double kRsyncShareMax = 0.10;
// ... and a year school's first sync within this many seconds.
inline constexpr double kYearSecondsMax = 180;

double floor_seconds(const SyncFigures& figures);

// The table, then the targets; `markdown` for the README.
void print_sync_table(const SyncFigures& figures, bool markdown);

}  // namespace parta::bench
