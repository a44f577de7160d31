// What the linksim tests need around the real binary: a LinksimProcess started with posix_spawn
// on 127.0.0.1:0 (its port read from --ready-file), TestServer (a plain-socket server on
// 127.0.0.1:0 with a thread per connection), and blocking client sockets.
//
// Every wait is bounded: sockets time out after kSocketTimeout, and waiting for the process
// gives up after kProcessTimeout (then it is killed), so a broken linksim fails a test instead
// of hanging the suite. Bounds are generous: a slow machine must not fail a test.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "temp_dir.h"

extern char** environ;

namespace parta::linksim::testing {

using Clock = std::chrono::steady_clock;

inline constexpr std::chrono::seconds kSocketTimeout{15};
inline constexpr std::chrono::seconds kProcessTimeout{15};

// Closes the descriptor it owns.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

inline void set_timeouts(int fd) {
  timeval timeout{static_cast<time_t>(kSocketTimeout.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

inline sockaddr_in loopback(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// A listening socket on 127.0.0.1 (port 0: any free port); invalid on failure.
inline Fd listen_on_loopback(uint16_t port = 0) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address = loopback(port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd.get(), 16) != 0) {
    return Fd();
  }
  return fd;
}

inline uint16_t local_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
inline uint16_t closed_port() { return local_port(listen_on_loopback().get()); }

// A connected client socket with timeouts; invalid if the connection failed.
inline Fd connect_to(uint16_t port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  set_timeouts(fd.get());
  sockaddr_in address = loopback(port);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return Fd();
  return fd;
}

inline bool send_all(int fd, const std::string& bytes) {
  for (size_t sent = 0; sent < bytes.size();) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// `size` bytes that are unlikely to line up with themselves: a shift or a lost chunk shows.
inline std::string pattern_bytes(size_t size, uint32_t seed = 1) {
  std::string bytes(size, '\0');
  uint32_t state = seed;
  for (char& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

// What one side read from a connection until it ended, and when each part came.
struct Received {
  struct Arrival {
    Clock::time_point at;
    size_t total_bytes;  // bytes received up to and including this part
  };
  std::string bytes;
  std::vector<Arrival> arrivals;
  int end_error = 0;  // 0: EOF; else errno (ECONNRESET for a reset, EAGAIN for a timeout)

  // When the byte at `index` (0-based) arrived; it must have.
  Clock::time_point arrival_of(size_t index) const {
    for (const Arrival& arrival : arrivals) {
      if (arrival.total_bytes > index) return arrival.at;
    }
    return Clock::time_point::max();
  }
};

// Reads `fd` until EOF, an error or, if `bytes_max` is given, that many bytes.
inline Received receive_until_end(int fd, size_t bytes_max = SIZE_MAX) {
  Received received;
  char buffer[64 * 1024];
  while (received.bytes.size() < bytes_max) {
    ssize_t n = ::recv(fd, buffer, std::min(sizeof buffer, bytes_max - received.bytes.size()), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      received.end_error = n == 0 ? 0 : errno;
      break;
    }
    received.bytes.append(buffer, static_cast<size_t>(n));
    received.arrivals.push_back({Clock::now(), received.bytes.size()});
  }
  return received;
}

// Hands results from server threads to the test.
template <typename T>
class ResultQueue {
 public:
  void push(T value) {
    std::lock_guard<std::mutex> lock(mutex_);
    values_.push_back(std::move(value));
    ready_.notify_all();
  }
  std::optional<T> pop(std::chrono::milliseconds timeout = kSocketTimeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !values_.empty(); })) return std::nullopt;
    T value = std::move(values_.front());
    values_.pop_front();
    return value;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> values_;
};

// A server on 127.0.0.1:0 that runs `handle(fd)` on a thread per connection, then closes it.
class TestServer {
 public:
  explicit TestServer(std::function<void(int fd)> handle)
      : handle_(std::move(handle)), listener_(listen_on_loopback()) {
    accepter_ = std::thread([this] { accept_all(); });
  }
  ~TestServer() {
    ::shutdown(listener_.get(), SHUT_RDWR);  // wakes accept()
    accepter_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::thread& connection : connections_) connection.join();
  }
  uint16_t port() const { return local_port(listener_.get()); }

 private:
  void accept_all() {
    for (;;) {
      int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;  // shut down by the destructor
      set_timeouts(fd);
      std::lock_guard<std::mutex> lock(mutex_);
      connections_.emplace_back([this, fd] {
        Fd connection(fd);
        handle_(connection.get());
      });
    }
  }

  const std::function<void(int fd)> handle_;
  Fd listener_;
  std::thread accepter_;
  std::mutex mutex_;
  std::vector<std::thread> connections_;
};

// The usual command line: listen on a free port of 127.0.0.1, report it in TEMP/linksim.ready,
// relay to 127.0.0.1:`target_port`; then `more`.
inline std::vector<std::string> linksim_arguments(const parta::testing::TempDir& temp,
                                                  uint16_t target_port,
                                                  std::vector<std::string> more) {
  std::vector<std::string> args{"--listen",     "127.0.0.1:0",
                                "--target",     "127.0.0.1:" + std::to_string(target_port),
                                "--ready-file", (temp / "linksim.ready").string()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// linksim as a real process with `args` (usually linksim_arguments). Its stdout is a pipe read
// by the test; its stderr goes to TEMP/linksim.stderr.
class LinksimProcess {
 public:
  LinksimProcess(const parta::testing::TempDir& temp, std::vector<std::string> args)
      : ready_file_(temp / "linksim.ready"), stderr_file_(temp / "linksim.stderr") {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    stdout_ = Fd(out[0]);
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file_.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv{const_cast<char*>(LINKSIM_BIN)};
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, LINKSIM_BIN, &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
  }

  ~LinksimProcess() {
    if (pid_ > 0 && exit_status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Waits for "linksim: listening on HOST:PORT" and reads the port from the ready file, which
  // linksim writes before that line. 0 if it did not come up.
  uint16_t wait_until_listening() {
    std::string line = read_stdout_line();
    const std::string prefix = "linksim: listening on 127.0.0.1:";
    if (line.rfind(prefix, 0) != 0) return 0;
    std::string ready = slurp(ready_file_);
    if ("linksim: listening on " + ready + "\n" != line) return 0;
    return static_cast<uint16_t>(std::stoi(ready.substr(ready.rfind(':') + 1)));
  }

  // SIGTERM, then waits for the exit (killing it after kProcessTimeout). The exit code, or -1.
  int stop() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
    return wait_for_exit();
  }
  // Waits for the process to exit by itself; the exit code, or -1.
  int wait_for_exit() {
    if (pid_ <= 0) return -1;
    read_stdout_until_eof();
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Everything linksim wrote to stdout so far (all of it after stop()), and to stderr.
  const std::string& out() const { return out_; }
  std::string err() const { return slurp(stderr_file_); }

 private:
  static std::string slurp(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    std::string text;
    char buffer[4096];
    for (ssize_t n; fd.valid() && (n = ::read(fd.get(), buffer, sizeof buffer)) > 0;) {
      text.append(buffer, static_cast<size_t>(n));
    }
    return text;
  }

  // Reads more of stdout into out_, waiting until the deadline; false at EOF or timeout.
  bool read_stdout(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd readable{stdout_.get(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
      return false;
    }
    char buffer[4096];
    ssize_t n = ::read(stdout_.get(), buffer, sizeof buffer);
    if (n <= 0) return false;
    out_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  std::string read_stdout_line() {
    const auto deadline = Clock::now() + kProcessTimeout;
    while (out_.find('\n') == std::string::npos && read_stdout(deadline)) {
    }
    size_t end = out_.find('\n');
    return end == std::string::npos ? out_ : out_.substr(0, end + 1);
  }

  void read_stdout_until_eof() {
    const auto deadline = Clock::now() + kProcessTimeout;
    while (read_stdout(deadline)) {
    }
    if (Clock::now() >= deadline) ::kill(pid_, SIGKILL);
  }

  const std::string ready_file_;
  const std::string stderr_file_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
  Fd stdout_;
  std::string out_;
};

}  // namespace parta::linksim::testing
