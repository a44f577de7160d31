// A PDF document built in memory with cairo's PDF surface: A4 pages, fonts embedded as subsets
// (paper-export internal). Nothing is written to disk here; the caller writes the bytes when
// the whole document has rendered.
#pragma once

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
