// Options: linksim's command line, read and checked. Every value has its unit in its name; the
// defaults are a typical school link (500 kbit/s, 300 ms round trip).
//
// Thread safety: a value, and a pure parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "connection_faults.h"
#include "link_model.h"
#include "parta/net/host_port.h"

namespace parta::linksim {

struct Options {
  net::HostPort listen;
  net::HostPort target;
  uint64_t rate_kbit = 500;
  uint64_t rtt_ms = 300;
  uint64_t jitter_ms = 0;
  std::optional<uint64_t> cut_after_bytes;
  std::optional<uint64_t> cut_random_mean_bytes;
  std::optional<uint64_t> stall_after_bytes;
  uint64_t stall_ms = 0;
  uint64_t seed = 1;
  std::string ready_file;  // empty: none

  // One direction of the link these options describe (the two directions are alike).
  LinkShape link_shape() const;
  // The faults of a connection whose random cut point, if any, has been drawn.
  FaultPlan fault_plan(std::optional<uint64_t> random_cut_after_bytes) const;
};

struct ParsedOptions {
  std::optional<Options> options;  // nullopt: exit at once with exit_code
  int exit_code = 0;
};

// Reads the command line. --help prints the help and gives exit code 0 without options; a
// malformed command line prints what is wrong to stderr and gives exit code 2.
ParsedOptions parse_options(int argc, char** argv);

}  // namespace parta::linksim
