// parta-bench-store: Parta's store beside SQLite (WAL, synchronous=FULL) doing the same work on
// the same data, printed as one table. Run by tools/bench.sh, never by the test suite.
//
// Each engine runs in a child process of its own (peak memory is then its own) on the same
// file system, in a scratch directory that is removed afterwards; runs are repeated, the
// engines taking turns, and the median of each figure is printed. Exit status 1 on any error,
// with its message on stderr.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "bench_options.h"
#include "child_process.h"
#include "engines.h"
#include "machine_facts.h"
#include "median_run.h"
#include "report.h"

namespace parta::bench {
namespace {

// A fresh directory under `parent`, removed with everything in it when this goes away.
class ScratchDir {
 public:
  ~ScratchDir() {
    std::error_code ignored;  // nothing useful to do if removal fails at exit
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  static Result<std::unique_ptr<ScratchDir>> create(const std::filesystem::path& parent) {
    std::string pattern = (parent / "parta-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::io(fmt::format("cannot make a scratch directory in {}: {}", parent.string(),
                                    std::strerror(errno)));
    }
    return std::unique_ptr<ScratchDir>(new ScratchDir(pattern));
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit ScratchDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

using EngineFactory = std::unique_ptr<Engine> (*)(const BenchOptions&,
                                                  const std::filesystem::path&);

// One run of one engine in a child process of its own; its databases are removed afterwards
// so that repeated runs do not add up on disk.
Result<ChildRun> run_engine(std::string_view name, EngineFactory make_engine,
                            const BenchOptions& options, const std::filesystem::path& root,
                            const std::filesystem::path& ops_file) {
  fmt::print(stderr, "running {}...\n", name);
  const std::filesystem::path work_dir = root / name;
  auto run = run_in_child(
      name, [&] { return run_phases(options, *make_engine(options, work_dir), ops_file); });
  std::error_code ignored;  // only disk space is at stake
  std::filesystem::remove_all(work_dir, ignored);
  return run;
}

Status make_ops_file(const BenchOptions& options, const std::filesystem::path& root,
                     const std::filesystem::path& ops_file) {
  fmt::print(stderr, "making the peer's ops ({} results)...\n", options.remote_results);
  auto made = run_in_child("op source", [&]() -> Result<EngineFigures> {
    PARTA_RETURN_IF_ERROR(make_remote_ops(options, root / "source", ops_file));
    return EngineFigures{};
  });
  std::error_code ignored;  // only disk space is at stake
  std::filesystem::remove_all(root / "source", ignored);
  return made.status();
}

Result<BenchOutcome> run_engines(const BenchOptions& options, const std::filesystem::path& root) {
  const std::filesystem::path ops_file = root / "remote-ops.pb";
  PARTA_RETURN_IF_ERROR(make_ops_file(options, root, ops_file));
  std::vector<ChildRun> parta_runs;
  std::vector<ChildRun> sqlite_runs;
  for (size_t run = 0; run < options.runs; ++run) {
    // Alternate which engine goes first, so a change in the machine's load falls on both.
    for (bool parta_turn : {run % 2 == 0, run % 2 != 0}) {
      auto outcome = parta_turn ? run_engine("Parta", make_parta_engine, options, root, ops_file)
                                : run_engine("SQLite", make_sqlite_engine, options, root, ops_file);
      if (!outcome) return outcome.status();
      (parta_turn ? parta_runs : sqlite_runs).push_back(*outcome);
    }
  }
  return BenchOutcome{median_run(parta_runs), median_run(sqlite_runs)};
}

Status run(const BenchOptions& options) {
  // Ctrl-C then ends only the running child; its error brings us back here to remove the
  // scratch directory.
  std::signal(SIGINT, SIG_IGN);
  auto scratch = ScratchDir::create(options.dir);
  if (!scratch) return scratch.status();
  const MachineFacts machine = machine_facts((*scratch)->path());
  auto outcome = run_engines(options, (*scratch)->path());
  if (!outcome) return outcome.status();
  print_report(options, machine, *outcome);
  if (options.markdown) print_markdown(options, machine, *outcome);
  return Status::ok();
}

}  // namespace
}  // namespace parta::bench

int main(int argc, char** argv) {
  auto options = parta::bench::parse_options(argc, argv);
  if (!options) {
    fmt::print(stderr, "parta-bench-store: {}\n", options.status().message());
    return 1;
  }
  if (options->help) {
    fmt::print("{}", parta::bench::options_help());
    return 0;
  }
  parta::Status status = parta::bench::run(*options);
  if (!status.is_ok()) {
    fmt::print(stderr, "parta-bench-store: {}\n", status.message());
    return 1;
  }
  return 0;
}
