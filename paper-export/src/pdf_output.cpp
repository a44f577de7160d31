// The PDF document; see pdf_output.h.
#include "pdf_output.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <utility>

#include "page_geometry.h"

namespace parta::paper {

PdfOutput::PdfOutput(std::string_view title, std::string_view author)
    : surface_(
          cairo_pdf_surface_create_for_stream(&PdfOutput::append, this, kPageWidth, kPageHeight)),
      cr_(cairo_create(surface_.get())) {
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE,
                                 std::string(title).c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_AUTHOR,
                                 std::string(author).c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "Parta");
}

cairo_status_t PdfOutput::append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<PdfOutput*>(closure)->bytes_.append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void PdfOutput::paint(cairo_surface_t* recorded_page) {
  cairo_save(cr_.get());
  cairo_set_source_surface(cr_.get(), recorded_page, 0, 0);
  cairo_paint(cr_.get());
  cairo_restore(cr_.get());
}

void PdfOutput::end_page() {
  cairo_show_page(cr_.get());
  ++pages_;
}

Result<std::string> PdfOutput::finish() {
  cairo_status_t status = cairo_status(cr_.get());
  cr_.reset();
  cairo_surface_finish(surface_.get());
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface_.get());
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status::io(fmt::format("rendering the PDF failed: {}", cairo_status_to_string(status)));
  }
  return std::move(bytes_);
}

}  // namespace parta::paper

namespace parta::paper {
namespace {

constexpr std::string_view kPendingSuffix = ".pending";

Status io_error(std::string_view what, const std::filesystem::path& path) {
  return Status::io(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

std::filesystem::path folder_of(const std::filesystem::path& out) {
  return out.parent_path().empty() ? "." : out.parent_path();
}

std::filesystem::path pending_name(const std::filesystem::path& out) {
  std::filesystem::path named = out;
  named += fmt::format("{}-{}", kPendingSuffix, ::getpid());
  return named;
}

Status write_all(int fd, std::string_view bytes, const std::filesystem::path& out) {
  for (size_t at = 0; at < bytes.size();) {
    ssize_t wrote = ::write(fd, bytes.data() + at, bytes.size() - at);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return io_error("write", out);
    at += static_cast<size_t>(wrote);
  }
  return ::fsync(fd) == 0 ? Status::ok() : io_error("write", out);
}

Status flush_folder(const std::filesystem::path& out) {
  int dir = ::open(folder_of(out).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return io_error("flush the folder of", out);
  bool flushed = ::fsync(dir) == 0;
  ::close(dir);
  return flushed ? Status::ok() : io_error("flush the folder of", out);
}

}  // namespace

Result<PendingPdf> PendingPdf::write(const std::filesystem::path& out, std::string_view bytes) {
  std::filesystem::path named;
  int fd = ::open(folder_of(out).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    named = pending_name(out);  // no unnamed files here: a named one, locked while we live
    fd = ::open(named.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0) return io_error("write", out);
  PendingPdf pending(out, named, fd);
  // Locked at once (an unnamed file before it ever has a name), so that no other export takes
  // it for a stale one.
  if (::flock(fd, LOCK_EX) != 0) return io_error("lock a file beside", out);
  PARTA_RETURN_IF_ERROR(write_all(fd, bytes, out));
  return pending;
}

PendingPdf::PendingPdf(PendingPdf&& other) noexcept
    : out_(std::move(other.out_)),
      named_(std::exchange(other.named_, {})),
      fd_(std::exchange(other.fd_, -1)) {}

PendingPdf::~PendingPdf() {
  if (fd_ < 0) return;
  if (!named_.empty()) ::unlink(named_.c_str());
  ::close(fd_);
}

Status PendingPdf::publish() {
  assert(fd_ >= 0 && "published once");
  if (named_.empty()) {
    // An unnamed file gets a name by linking it; linkat cannot replace a file, so it is linked
    // beside `out` and renamed over it. The lock still holds it against remove_stale_pending.
    std::filesystem::path named = pending_name(out_);
    ::unlink(named.c_str());  // ours: a process of the same id is gone
    std::string proc = fmt::format("/proc/self/fd/{}", fd_);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      return io_error("write", out_);
    }
    named_ = named;
  }
  if (::rename(named_.c_str(), out_.c_str()) != 0) return io_error("write", out_);
  named_.clear();
  ::close(std::exchange(fd_, -1));
  return flush_folder(out_);
}

void remove_stale_pending(const std::filesystem::path& out) {
  std::string prefix = out.filename().string() + std::string(kPendingSuffix);
  std::error_code failed;
  std::filesystem::directory_iterator entries(folder_of(out), failed);
  for (; !failed && entries != std::filesystem::directory_iterator(); entries.increment(failed)) {
    const std::filesystem::path& path = entries->path();
    if (!path.filename().string().starts_with(prefix)) continue;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    // A live export holds its file locked; the lock of a killed one went with its process.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) ::unlink(path.c_str());
    ::close(fd);
  }
}

}  // namespace parta::paper
