// Whole-file replacement; see atomic_file.h.
#include "parta/storage/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace parta {
namespace {

Status io_error(std::string_view what, const std::filesystem::path& path) {
  return Status::io(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

// Makes a rename or unlink in `path`'s directory survive a power cut.
Status flush_directory_of(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir_fd < 0) return io_error("flush the directory", dir);
  bool flushed = ::fsync(dir_fd) == 0;
  ::close(dir_fd);
  return flushed ? Status::ok() : io_error("flush the directory", dir);
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             mode_t mode) {
  // A name of its own per writer, so two processes replacing the same file (partad and
  // `parta`) never write into each other's temporary file; the last rename wins whole.
  static std::atomic<uint64_t> writes{0};
  std::filesystem::path temporary = path;
  temporary += fmt::format(".partial-{}-{}", ::getpid(), writes++);
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) return io_error("write", temporary);
  bool written = true;
  for (size_t at = 0; written && at < bytes.size();) {
    ssize_t wrote = ::write(fd, bytes.data() + at, bytes.size() - at);
    written = wrote > 0 || (wrote < 0 && errno == EINTR);
    if (wrote > 0) at += static_cast<size_t>(wrote);
  }
  Status status = written && ::fsync(fd) == 0 ? Status::ok() : io_error("write", temporary);
  ::close(fd);
  if (status.is_ok() && ::rename(temporary.c_str(), path.c_str()) != 0) {
    status = io_error("replace", path);
  }
  if (!status.is_ok()) {
    ::unlink(temporary.c_str());
    return status;
  }
  return flush_directory_of(path);
}

Status remove_file_durably(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0) return errno == ENOENT ? Status::ok() : io_error("remove", path);
  return flush_directory_of(path);
}

}  // namespace parta
