// The PDF document; see pdf_output.h.
#include "pdf_output.h"

#include <cairo-pdf.h>
#include <fmt/format.h>

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
