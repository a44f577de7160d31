// What every page of a student's packet carries around its content: a header naming the
// student and the work (not on the cover), and a footer with the packet's code, the page
// number and the QR code (paper-export internal).
#pragma once

#include <cairo.h>

#include <string>

#include "cairo_handles.h"
#include "layout_cache.h"
#include "parta/paper/qr_payload.h"
#include "qr_symbol.h"

namespace parta::paper {

struct FrameText {
  std::string student_line;  // "Гончаренко-Сабурова Анна-Мария, 1А"
  std::string work_line;     // "Математика. Дроби"
};

// Draws the frame of page `code.page` of `code.pages`, its text from `layouts`, its QR code
// `symbol` (encode_qr of qr_payload(code)); fails as draw_qr does.
Status draw_packet_frame(cairo_t* cr, LayoutCache& layouts, const FrameText& text,
                         const PageCode& code, const QrSymbol& symbol, bool with_header);

// The same frame in two parts, for the pages of a packet after its cover: what they share (the
// header, the footer's rule, caption and packet code), recorded once per packet and painted on
// each of them so that the PDF holds it once, and what is each page's own (its number and QR
// code), drawn on each. Painted and drawn, they look as draw_packet_frame's with the header.
SurfacePtr record_packet_frame(LayoutCache& layouts, const FrameText& text, const PageCode& code);
Status draw_page_marks(cairo_t* cr, LayoutCache& layouts, const PageCode& code,
                       const QrSymbol& symbol);

}  // namespace parta::paper
