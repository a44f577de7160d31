// Forks a child for one engine's run and collects its figures and peak memory; see
// child_process.h.
#include "child_process.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace parta::bench {
namespace {

// What the child writes to the pipe: one tag byte, then the figures (kReportFigures) or the
// Status kind as one byte and its message (kReportStatus).
constexpr char kReportFigures = 'F';
constexpr char kReportStatus = 'S';

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // the parent reports the short message as a dead child
    bytes.remove_prefix(static_cast<size_t>(written));
  }
}

[[noreturn]] void child_main(int fd, const std::function<Result<EngineFigures>()>& body) {
  std::signal(SIGINT, SIG_DFL);  // the parent may ignore it to clean up after an interrupt
  Result<EngineFigures> outcome = body();
  std::string report;
  if (outcome) {
    report.push_back(kReportFigures);
    report.append(reinterpret_cast<const char*>(&*outcome), sizeof(EngineFigures));
  } else {
    report.push_back(kReportStatus);
    report.push_back(static_cast<char>(outcome.status().kind()));
    report.append(outcome.status().message());
  }
  write_all(fd, report);
  ::_exit(0);  // no atexit handlers or static destructors: they belong to the parent
}

std::string read_all(int fd) {
  std::string bytes;
  char buffer[4096];
  for (;;) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return bytes;
    bytes.append(buffer, static_cast<size_t>(got));
  }
}

Status status_of(Status::Kind kind, std::string message) {
  switch (kind) {
    case Status::Kind::kNotFound:
      return Status::not_found(std::move(message));
    case Status::Kind::kInvalid:
      return Status::invalid(std::move(message));
    case Status::Kind::kRefused:
      return Status::refused(std::move(message));
    case Status::Kind::kCorrupt:
      return Status::corrupt(std::move(message));
    default:
      return Status::io(std::move(message));
  }
}

Result<EngineFigures> decode_report(std::string_view what, std::string_view report) {
  if (report.size() == 1 + sizeof(EngineFigures) && report[0] == kReportFigures) {
    EngineFigures figures;
    std::memcpy(&figures, report.data() + 1, sizeof figures);
    return figures;
  }
  if (report.size() >= 2 && report[0] == kReportStatus) {
    return status_of(static_cast<Status::Kind>(report[1]), std::string(report.substr(2)));
  }
  return Status::io(fmt::format("the {} process ended without reporting its figures", what));
}

}  // namespace

Result<ChildRun> run_in_child(std::string_view what,
                              const std::function<Result<EngineFigures>()>& body) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Status::io(fmt::format("cannot make a pipe: {}", std::strerror(errno)));
  }
  std::fflush(nullptr);  // or the child would print the parent's buffered output again
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::io(fmt::format("cannot start the {} process: {}", what, std::strerror(errno)));
  }
  if (child == 0) {
    ::close(fds[0]);
    child_main(fds[1], body);
  }
  ::close(fds[1]);
  std::string report = read_all(fds[0]);
  ::close(fds[0]);
  int wait_status = 0;
  struct rusage usage {};
  while (::wait4(child, &wait_status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(wait_status)) {
    return Status::io(fmt::format("the {} process died of signal {} ({})", what,
                                  WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status))));
  }
  auto figures = decode_report(what, report);
  if (!figures) return figures.status();
  return ChildRun{*figures, usage.ru_maxrss};
}

}  // namespace parta::bench
