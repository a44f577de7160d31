// A PDF document built in memory with cairo's PDF surface: A4 pages, fonts embedded as subsets
// (paper-export internal), and the file it goes to (PendingPdf), written unseen and published
// under its name only when the export that made it has succeeded.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "cairo_handles.h"
#include "parta/storage/status.h"

namespace parta::paper {

class PdfOutput {
 public:
  // `title` and `author` go into the document's metadata.
  PdfOutput(std::string_view title, std::string_view author);
  PdfOutput(const PdfOutput&) = delete;
  PdfOutput& operator=(const PdfOutput&) = delete;

  // The page being drawn.
  cairo_t* cr() { return cr_.get(); }
  // Paints a page laid out by PageFlow onto the current page.
  void paint(cairo_surface_t* recorded_page);
  // Ends the current page and starts the next.
  void end_page();
  uint32_t pages() const { return pages_; }
  // Finishes the document; IO if cairo failed at any point.
  Result<std::string> finish();

 private:
  static cairo_status_t append(void* closure, const unsigned char* data, unsigned int length);
  std::string bytes_;
  SurfacePtr surface_;
  ContextPtr cr_;
  uint32_t pages_ = 0;
};

}  // namespace parta::paper

namespace parta::paper {

// A PDF on disk that no one sees until the export that wrote it has recorded its packets
// (paper-export internal). It is an unnamed file in the folder of `out` (O_TMPFILE), so a
// process killed at any point before publish() leaves nothing behind; on a filesystem without
// unnamed files it is "<out>.pending-<pid>", locked (flock) for as long as its process lives,
// and remove_stale_pending() takes away the ones whose process is gone.
class PendingPdf {
 public:
  // Writes and flushes `bytes`. IO naming `out` when the folder cannot take the file.
  static Result<PendingPdf> write(const std::filesystem::path& out, std::string_view bytes);
  PendingPdf(PendingPdf&& other) noexcept;
  PendingPdf& operator=(PendingPdf&&) = delete;
  ~PendingPdf();  // unpublished, the file is gone

  // Gives the file the name `out`, replacing what was there, and flushes the folder; IO if the
  // system refuses (the file is gone then too).
  Status publish();

 private:
  PendingPdf(std::filesystem::path out, std::filesystem::path named, int fd)
      : out_(std::move(out)), named_(std::move(named)), fd_(fd) {}
  std::filesystem::path out_;
  std::filesystem::path named_;  // "" while unnamed
  int fd_ = -1;
};

// Removes what killed exports to `out` left beside it: "<out>.pending…" files no live process
// holds locked. Best effort: a file that cannot be removed is left for the next export.
void remove_stale_pending(const std::filesystem::path& out);

}  // namespace parta::paper
