// What every page of a student's packet carries around its content: a header naming the
// student and the work (not on the cover), and a footer with the packet's code, the page
// number and the QR code (paper-export internal).
#pragma once

#include <cairo.h>

#include <string>

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

}  // namespace parta::paper
