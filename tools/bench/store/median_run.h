// Combines repeated runs of one engine into the figures the report prints: the median of each
// figure on its own, so one run disturbed by other work on the machine does not move them.
#pragma once

#include <span>

#include "child_process.h"

namespace parta::bench {

// `runs` must not be empty. For an even count, the mean of the two middle values.
ChildRun median_run(std::span<const ChildRun> runs);

}  // namespace parta::bench
