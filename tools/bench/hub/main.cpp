// parta-bench-hub: a real partad hub taking one school day from many attached schools at once
// (issue: the hub must not be killed for memory when many schools push together). It makes
// the schools once (parta init + parta-gen --size day), then for each count in --schools
// starts a fresh hub, pins that many schools and runs all their sync sessions at the same
// time from this process over loopback, sampling the hub's memory while it works. It prints
// one table: schools, ops, seconds, ops/s applied, the hub's peak private memory (RssAnon:
// what sessions hold) and peak resident memory (VmHWM, which also counts the database pages
// LMDB maps, the kernel's page cache). Run by tools/bench-hub.sh; never part of the tests.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "parta/net/dialer.h"
#include "parta/net/host_port.h"
#include "parta/net/session_connection.h"
#include "parta/storage/store.h"
#include "parta/sync/node_config.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_session.h"

extern char** environ;

namespace {

using parta::Result;
using parta::Status;
namespace fs = std::filesystem;

struct School {
  fs::path dir;
  parta::Identity identity = parta::Identity::generate();
  std::unique_ptr<parta::Store> store;
};

int run_command(const std::string& command) { return std::system(command.c_str()); }

// One /proc/PID/status field in KiB; 0 if absent.
long proc_status_kib(pid_t pid, const std::string& field) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return 0;
}

Status make_schools(const fs::path& root, int count, uint64_t seed, const std::string& tools,
                    std::vector<School>* schools) {
  for (int i = 0; i < count; ++i) {
    School school;
    school.dir = root / fmt::format("school-{:03}", i);
    const std::string dir = school.dir.string();
    if (run_command(fmt::format("{}/parta --dir {} init --name 'Школа №{}' --role school "
                                ">/dev/null && {}/parta-gen --seed {} --size day --fill {} "
                                ">/dev/null",
                                tools, dir, i + 1, tools, seed + i, dir)) != 0) {
      return Status::io("could not make school " + dir + " with parta init and parta-gen");
    }
    auto opened = parta::Store::open(parta::StoreOptions{.dir = school.dir});
    if (!opened) return opened.status();
    school.store = std::move(*opened);
    schools->push_back(std::move(school));
  }
  return Status::ok();
}

struct Run {
  uint64_t ops = 0;
  double seconds = 0;
  long peak_anon_kib = 0;
  long peak_resident_kib = 0;
  int failed = 0;
  std::string first_error;
};

Result<Run> run_hub(const fs::path& root, std::vector<School>& schools, int count,
                    const std::string& partad) {
  const fs::path hub_dir = root / fmt::format("hub-{}", count);
  fs::remove_all(hub_dir);
  auto hub = parta::Store::create(parta::StoreOptions{.dir = hub_dir}, "Опорная школа", "hub");
  if (!hub) return hub.status();
  parta::NodeConfig config{.name = "Опорная школа", .role = "hub", .listen = "127.0.0.1:0"};
  PARTA_RETURN_IF_ERROR(parta::write_node_config(hub_dir, config));
  auto identity = parta::load_or_create_node_identity(hub_dir);
  if (!identity) return identity.status();
  const parta::NodeIdentity hub_node = (*hub)->node();
  hub->reset();  // partad opens it
  parta::PeerDirectory peers(hub_dir);
  std::vector<parta::Peer> hub_for_school;
  for (int i = 0; i < count; ++i) {
    const parta::NodeIdentity& node = schools[i].store->node();
    PARTA_RETURN_IF_ERROR(peers.add(parta::Peer{fmt::format("school-{:03}", i), "school",
                                                schools[i].identity.public_key(), "",
                                                node.school, 0, node.origin}));
  }

  // partad, its log in hub-N.log; its port from "listening for schools on 127.0.0.1:PORT".
  const std::string log = hub_dir.string() + ".log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string dir_text = hub_dir.string();
  std::vector<char*> argv{const_cast<char*>(partad.c_str()), const_cast<char*>("--dir"),
                          dir_text.data(), nullptr};
  pid_t pid = -1;
  if (posix_spawn(&pid, partad.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    return Status::io("cannot start " + partad);
  }
  posix_spawn_file_actions_destroy(&actions);
  std::string port;
  for (int tries = 0; tries < 500 && port.empty(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::smatch match;
    const std::string all = text.str();
    if (std::regex_search(all, match, std::regex("listening for schools on 127\\.0\\.0\\.1:(\\d+)"))) {
      port = match[1];
    }
  }
  if (port.empty()) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return Status::io("partad did not start; see " + log);
  }

  Run run;
  boost::asio::io_context io;
  std::vector<std::unique_ptr<parta::SyncSession>> sessions;
  std::vector<std::shared_ptr<parta::net::SessionConnection>> connections;
  std::vector<std::shared_ptr<parta::net::PendingDial>> dials;
  auto address = parta::net::parse_host_port("127.0.0.1:" + port);
  const auto started = std::chrono::steady_clock::now();
  int running = count;
  for (int i = 0; i < count; ++i) {
    parta::Peer hub_peer{"hub", "hub", identity->public_key(), "127.0.0.1:" + port,
                         hub_node.school, 0, 0};
    sessions.push_back(parta::SyncSession::client(*schools[i].store, schools[i].identity, hub_peer));
    parta::SyncSession* session = sessions.back().get();
    dials.push_back(parta::net::async_dial(
        io, *address, 30'000, [&, session](Result<boost::asio::ip::tcp::socket> socket) {
          auto finish = [&](const Status& outcome, uint64_t ops) {
            run.ops += ops;
            if (!outcome.is_ok() && run.failed++ == 0) run.first_error = outcome.message();
            --running;
          };
          if (!socket) return finish(socket.status(), 0);
          connections.push_back(parta::net::SessionConnection::start(
              std::move(*socket), *session, nullptr, [&, finish](parta::net::SessionReport report) {
                finish(report.outcome, report.stats.ops_sent);
              }));
        }));
  }
  // Sample the hub's memory while the sessions run.
  boost::asio::steady_timer sampler(io);
  std::function<void()> sample = [&] {
    run.peak_anon_kib = std::max(run.peak_anon_kib, proc_status_kib(pid, "RssAnon"));
    if (running == 0) return;
    sampler.expires_after(std::chrono::milliseconds(20));
    sampler.async_wait([&](boost::system::error_code) { sample(); });
  };
  sample();
  io.run();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.peak_anon_kib = std::max(run.peak_anon_kib, proc_status_kib(pid, "RssAnon"));
  run.peak_resident_kib = proc_status_kib(pid, "VmHWM");
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"parta-bench-hub: a partad hub taking one school day from many schools at once"};
  std::vector<int> counts{1, 10, 50, 100};
  uint64_t seed = 1;
  std::string dir = "/tmp/parta-bench-hub";
  std::string tools;
  std::string partad;
  app.add_option("--schools", counts, "school counts to run, one hub each")->capture_default_str();
  app.add_option("--seed", seed, "first school's generator seed")->capture_default_str();
  app.add_option("--dir", dir, "scratch directory (emptied)")->capture_default_str();
  app.add_option("--tools", tools, "directory with parta and parta-gen")->required();
  app.add_option("--partad", partad, "the partad binary")->required();
  CLI11_PARSE(app, argc, argv);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::vector<School> schools;
  const int most = *std::max_element(counts.begin(), counts.end());
  fmt::print("making {} schools with one school day each (parta-gen --size day)...\n", most);
  if (Status made = make_schools(dir, most, seed, tools, &schools); !made.is_ok()) {
    fmt::print(stderr, "parta-bench-hub: {}\n", made.message());
    return 1;
  }
  fmt::print("\n{:>7} {:>9} {:>8} {:>10} {:>18} {:>20}\n", "schools", "ops", "seconds",
             "ops/s", "hub private MiB", "hub resident MiB");
  for (int count : counts) {
    auto run = run_hub(dir, schools, count, partad);
    if (!run) {
      fmt::print(stderr, "parta-bench-hub: {}\n", run.status().message());
      return 1;
    }
    fmt::print("{:>7} {:>9} {:>8.2f} {:>10.0f} {:>18.1f} {:>20.1f}{}\n", count, run->ops,
               run->seconds, run->ops / run->seconds, run->peak_anon_kib / 1024.0,
               run->peak_resident_kib / 1024.0,
               run->failed ? fmt::format("  ({} failed: {})", run->failed, run->first_error) : "");
  }
  fmt::print("\nprivate: the hub's peak RssAnon (heap and stacks: what sessions hold); resident: "
             "VmHWM, which also counts database pages LMDB maps (page cache).\n");
  return 0;
}
