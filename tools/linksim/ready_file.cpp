// Writing the ready file by rename; see ready_file.h.
#include "ready_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace parta::linksim {

std::error_code write_ready_file(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::error_code(errno, std::generic_category());
  const ssize_t written = ::write(fd, text.data(), text.size());
  std::error_code error;
  if (written < 0) {
    error = std::error_code(errno, std::generic_category());
  } else if (static_cast<size_t>(written) != text.size()) {
    error = std::make_error_code(std::errc::io_error);  // a few bytes to a fresh file: no space
  }
  if (::close(fd) != 0 && !error) error = std::error_code(errno, std::generic_category());
  if (!error && std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = std::error_code(errno, std::generic_category());
  }
  if (error) ::unlink(temporary.c_str());
  return error;
}

}  // namespace parta::linksim
