// Owner-only directories and files; see private_files.h.
#include "private_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "parta/storage/atomic_file.h"

namespace parta {

Status ensure_private_directory(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || (errno == EEXIST && std::filesystem::is_directory(dir))) {
    return Status::ok();
  }
  return Status::io(
      fmt::format("cannot create the directory {}: {}", dir.string(), std::strerror(errno)));
}

Status write_private_file(const std::filesystem::path& path, std::string_view bytes) {
  return write_file_atomically(path, bytes, 0600);
}

}  // namespace parta
