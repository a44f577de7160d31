// An exclusive lock on a directory (flock), held from acquire() until the lock is destroyed:
// it serialises a check-then-write on the directory's files between threads and processes.
// The kernel drops it if the process dies, so a crash never leaves it held. Sync-internal.
#pragma once

#include <filesystem>

#include "parta/storage/status.h"

namespace parta {

class DirectoryLock {
 public:
  // Waits until the lock is free. IO naming the directory if it cannot be opened or locked.
  static Result<DirectoryLock> acquire(const std::filesystem::path& dir);

  DirectoryLock(DirectoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;  // its own open file description, so threads of one process exclude each other too
};

}  // namespace parta
