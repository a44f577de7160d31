// linksim as a real process for the integration tests: an emulated school link from a free
// loopback port to a partad hub, its stdout (the bytes it carried) kept in DIR/linksim.out.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"

extern char** environ;

namespace parta::testing {

class LinksimProcess {
 public:
  // Relays 127.0.0.1:<free port> to 127.0.0.1:`hub_port` with `link` options (--rate-kbit…).
  LinksimProcess(const std::filesystem::path& dir, uint16_t hub_port,
                 std::vector<std::string> link)
      : dir_(dir) {
    std::filesystem::create_directories(dir);
    const std::string ready = (dir / "ready").string();
    std::vector<std::string> args{LINKSIM_BIN,   "--listen", "127.0.0.1:0",
                                  "--target",    "127.0.0.1:" + std::to_string(hub_port),
                                  "--ready-file", ready};
    args.insert(args.end(), link.begin(), link.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir / "linksim.out").c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir / "linksim.err").c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (::posix_spawn(&pid_, LINKSIM_BIN, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    ::posix_spawn_file_actions_destroy(&actions);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      address_ = slurp(ready);
      if (!address_.empty()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~LinksimProcess() { stop(); }
  LinksimProcess(const LinksimProcess&) = delete;
  LinksimProcess& operator=(const LinksimProcess&) = delete;

  // HOST:PORT schools dial; empty if linksim did not start.
  const std::string& address() const { return address_; }
  // SIGTERM and wait; what linksim printed ("linksim: carried N bytes ...").
  std::string stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    return slurp(dir_ / "linksim.out");
  }

 private:
  std::filesystem::path dir_;
  std::string address_;
  pid_t pid_ = -1;
};

}  // namespace parta::testing
