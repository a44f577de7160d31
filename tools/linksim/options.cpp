// linksim's command line with CLI11; see options.h.
#include "options.h"

#include <CLI/CLI.hpp>
#include <algorithm>

namespace parta::linksim {
namespace {

// Limits on what the command line may ask for: beyond them the emulation means nothing (or the
// arithmetic of the model would overflow).
constexpr uint64_t kRateKbitMax = 100'000'000;  // 100 Gbit/s
constexpr uint64_t kRttMsMax = 600'000;         // ten minutes
constexpr uint64_t kJitterMsMax = 60'000;
constexpr uint64_t kStallMsMax = 3'600'000;                   // an hour
constexpr uint64_t kCutMeanBytesMax = 1'000'000'000'000'000;  // keeps every draw in 64 bits

std::string check_host_port(const std::string& text) {
  auto parsed = net::parse_host_port(text);
  return parsed ? "" : parsed.status().message();
}

void add_link_options(CLI::App& app, Options& options) {
  app.add_option("--rate-kbit", options.rate_kbit,
                 "link rate in each direction, kbit/s (1 kbit = 1000 bit), shared by all "
                 "connections")
      ->type_name("KBIT")
      ->check(CLI::Range(uint64_t{1}, kRateKbitMax))
      ->capture_default_str();
  app.add_option("--rtt-ms", options.rtt_ms, "round-trip time; each direction delays by half")
      ->type_name("MS")
      ->check(CLI::Range(uint64_t{0}, kRttMsMax))
      ->capture_default_str();
  app.add_option("--jitter-ms", options.jitter_ms,
                 "random extra delay per packet, uniform in [0, this]; never reorders a "
                 "connection's bytes")
      ->type_name("MS")
      ->check(CLI::Range(uint64_t{0}, kJitterMsMax))
      ->capture_default_str();
}

void add_fault_options(CLI::App& app, Options& options, uint64_t& cut_after_bytes,
                       uint64_t& cut_random_mean_bytes, uint64_t& stall_after_bytes) {
  app.add_option("--cut-after-bytes", cut_after_bytes,
                 "reset each connection once N bytes crossed it (both directions together)")
      ->type_name("N");
  app.add_option("--cut-random-mean-bytes", cut_random_mean_bytes,
                 "reset each connection at a random point, exponential with mean N bytes")
      ->type_name("N")
      ->check(CLI::Range(uint64_t{1}, kCutMeanBytesMax));
  CLI::Option* stall_after = app.add_option(
      "--stall-after-bytes", stall_after_bytes,
      "after N bytes crossed a connection, deliver nothing for --stall-ms (it stays open)");
  stall_after->type_name("N");
  CLI::Option* stall_ms = app.add_option("--stall-ms", options.stall_ms, "length of the stall")
                              ->type_name("MS")
                              ->check(CLI::Range(uint64_t{0}, kStallMsMax));
  stall_after->needs(stall_ms);
  stall_ms->needs(stall_after);
  app.add_option("--seed", options.seed, "seed of the jitter and of the random cut points")
      ->type_name("N")
      ->capture_default_str();
}

}  // namespace

LinkShape Options::link_shape() const {
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  return LinkShape{rate_kbit, microseconds(milliseconds(rtt_ms)) / 2,
                   microseconds(milliseconds(jitter_ms))};
}

FaultPlan Options::fault_plan(std::optional<uint64_t> random_cut_after_bytes) const {
  FaultPlan plan{cut_after_bytes, stall_after_bytes, std::chrono::milliseconds(stall_ms)};
  if (random_cut_after_bytes) {
    plan.cut_after_bytes =
        std::min(plan.cut_after_bytes.value_or(UINT64_MAX), *random_cut_after_bytes);
  }
  return plan;
}

ParsedOptions parse_options(int argc, char** argv) {
  Options options;
  std::string listen;
  std::string target;
  uint64_t cut_after_bytes = 0;
  uint64_t cut_random_mean_bytes = 0;
  uint64_t stall_after_bytes = 0;
  CLI::App app{
      "linksim: a TCP proxy that emulates a school's link for tests, benchmarks and rehearsals. "
      "All connections through it share one link with the given rate, delay and jitter; "
      "faults (cuts, stalls) strike each connection. SIGINT or SIGTERM stops it and prints "
      "the bytes carried each way."};
  app.add_option("--listen", listen,
                 "accept connections on HOST:PORT; port 0 picks a free port (printed, and "
                 "written to --ready-file)")
      ->required()
      ->type_name("HOST:PORT")
      ->check(check_host_port);
  app.add_option("--target", target, "relay each connection to HOST:PORT")
      ->required()
      ->type_name("HOST:PORT")
      ->check(check_host_port);
  add_link_options(app, options);
  add_fault_options(app, options, cut_after_bytes, cut_random_mean_bytes, stall_after_bytes);
  app.add_option("--ready-file", options.ready_file,
                 "once listening, write HOST:PORT to this file (atomically, by rename)")
      ->type_name("PATH");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return ParsedOptions{std::nullopt, app.exit(error) == 0 ? 0 : 2};
  }
  options.listen = *net::parse_host_port(listen);
  options.target = *net::parse_host_port(target);
  if (app.count("--cut-after-bytes") > 0) options.cut_after_bytes = cut_after_bytes;
  if (app.count("--cut-random-mean-bytes") > 0) {
    options.cut_random_mean_bytes = cut_random_mean_bytes;
  }
  if (app.count("--stall-after-bytes") > 0) options.stall_after_bytes = stall_after_bytes;
  return ParsedOptions{options, 0};
}

}  // namespace parta::linksim
