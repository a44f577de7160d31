// Directory locks with flock; see directory_lock.h.
#include "directory_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace parta {

Result<DirectoryLock> DirectoryLock::acquire(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Status::io(fmt::format("cannot open {}: {}", dir.string(), std::strerror(errno)));
  }
  int locked;
  do {
    locked = ::flock(fd, LOCK_EX);
  } while (locked != 0 && errno == EINTR);
  if (locked != 0) {
    Status status =
        Status::io(fmt::format("cannot lock {}: {}", dir.string(), std::strerror(errno)));
    ::close(fd);
    return status;
  }
  return DirectoryLock(fd);
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

}  // namespace parta
