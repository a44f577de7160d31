// Runs one engine's workload in a forked child process, so that each engine's peak memory
// (ru_maxrss from wait4) is its own and neither inherits the other's caches or heap.
//
// Call only while the calling process has a single thread and no open database: the child is a
// copy of it. The child reports its figures, or its Status, through a pipe and ends with _exit.
// It restores the default action of SIGINT, so a caller that ignores SIGINT sees Ctrl-C end the
// child (reported as an IO error) and can still clean up.
#pragma once

#include <functional>
#include <string_view>

#include "engines.h"
#include "parta/storage/status.h"

namespace parta::bench {

struct ChildRun {
  EngineFigures figures;
  long max_rss_kib = 0;
};

// The body's figures and the child's peak resident set; the body's own Status when it fails
// (same kind and message); IO when the child dies without reporting.
Result<ChildRun> run_in_child(std::string_view what,
                              const std::function<Result<EngineFigures>()>& body);

}  // namespace parta::bench
