// partad as a real process for the daemon tests: started with posix_spawn on a node
// directory, its stderr (the log) going to DIR.log, stopped with a signal and waited for.
//
// Every wait is bounded by kProcessTimeout, so a broken partad fails a test instead of hanging
// the suite; waiting for the log polls the file (partad's own output is the event).
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

inline constexpr std::chrono::seconds kProcessTimeout{30};

class PartadProcess {
 public:
  // Its log goes to `log`, DIR.log by default.
  explicit PartadProcess(const std::filesystem::path& dir, std::string log = "")
      : dir_(dir), log_(log.empty() ? dir.string() + ".log" : std::move(log)) {
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::string dir_text = dir.string();
    std::vector<char*> argv{const_cast<char*>(PARTAD_BIN), const_cast<char*>("--dir"),
                            dir_text.data(), nullptr};
    if (::posix_spawn(&pid_, PARTAD_BIN, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    ::posix_spawn_file_actions_destroy(&actions);
  }
  ~PartadProcess() {
    if (pid_ > 0 && exit_code_ == kRunning) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  PartadProcess(const PartadProcess&) = delete;
  PartadProcess& operator=(const PartadProcess&) = delete;

  // Waits until the log holds `text`; the log so far, or "" after kProcessTimeout.
  std::string wait_for_log(const std::string& text) const {
    const auto deadline = std::chrono::steady_clock::now() + kProcessTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string log = slurp(log_);
      if (log.find(text) != std::string::npos) return log;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return "";
  }
  // The port of "listening for schools on 127.0.0.1:PORT"; 0 if it never came.
  uint16_t wait_for_port() const {
    const std::string prefix = "listening for schools on 127.0.0.1:";
    std::string log = wait_for_log(prefix);
    if (log.empty()) return 0;
    return static_cast<uint16_t>(std::stoi(log.substr(log.find(prefix) + prefix.size())));
  }
  // Sends `signal` and waits for the exit; the exit code, or -1 if killed or timed out.
  int stop(int signal = SIGTERM) {
    if (pid_ > 0) ::kill(pid_, signal);
    return wait_for_exit();
  }
  // Waits for the process to exit by itself (killing it after kProcessTimeout).
  int wait_for_exit() {
    if (pid_ <= 0) return -1;
    const auto deadline = std::chrono::steady_clock::now() + kProcessTimeout;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }
  std::string log() const { return slurp(log_); }

 private:
  static constexpr int kRunning = -2;
  const std::filesystem::path dir_;
  const std::string log_;
  pid_t pid_ = -1;
  int exit_code_ = kRunning;
};

}  // namespace parta::testing
