// Task images from a folder (`parta export --materials-dir`); see packet_pdf.h.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "parta/paper/packet_pdf.h"

namespace parta::paper {
namespace {

// A relative name that stays inside the folder, or why not.
Status check_name(std::string_view name) {
  if (name.find("://") != std::string_view::npos) {
    return Status::invalid(fmt::format(
        "\"{}\" is an address; packets print only images from the assignment's materials",
        name));
  }
  std::filesystem::path path(name);
  std::filesystem::path normal = path.lexically_normal();
  if (path.is_absolute() || normal.empty() || *normal.begin() == "..") {
    return Status::invalid(fmt::format(
        "\"{}\" is outside the materials folder; name images by their path inside it", name));
  }
  return Status::ok();
}

Result<std::string> read_image_file(const std::filesystem::path& dir, std::string_view name) {
  PARTA_RETURN_IF_ERROR(check_name(name));
  std::filesystem::path path = dir / std::filesystem::path(name).lexically_normal();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
    return Status::not_found(
        fmt::format("there is no file \"{}\" in the materials folder {}", name, dir.string()));
  }
  if (fd < 0) return Status::io(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  struct stat info {};
  std::string bytes;
  Status status = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)
                      ? Status::ok()
                      : Status::invalid(fmt::format("{} is not a file", path.string()));
  if (status.is_ok() && static_cast<uint64_t>(info.st_size) > kImageFileBytesMax) {
    status = Status::invalid(fmt::format("{} is {} MiB; an image may have at most {} MiB",
                                         path.string(), info.st_size >> 20,
                                         kImageFileBytesMax >> 20));
  }
  if (status.is_ok()) bytes.resize(static_cast<size_t>(info.st_size));
  for (size_t at = 0; status.is_ok() && at < bytes.size();) {
    ssize_t got = ::read(fd, bytes.data() + at, bytes.size() - at);
    if (got > 0) at += static_cast<size_t>(got);
    if (got == 0) bytes.resize(at);  // shrank while read
    if (got < 0 && errno != EINTR) {
      status = Status::io(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
    }
  }
  ::close(fd);
  if (!status.is_ok()) return status;
  return bytes;
}

}  // namespace

ImageResolver images_from_directory(std::filesystem::path dir) {
  return [dir = std::move(dir)](std::string_view name) { return read_image_file(dir, name); };
}

}  // namespace parta::paper
