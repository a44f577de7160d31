// What every page of a student's packet carries around its content: a header naming the
// student and the work (not on the cover), and a footer with the packet's code, the page
// number and the QR code (paper-export internal).
#pragma once

#include <cairo.h>

#include <map>
#include <string>
#include <utility>

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

// Draws the frames of the pages after the covers of a class set, each looking as
// draw_packet_frame's with the header, in three parts so that the PDF holds each as few times
// as it can: what the pages of every packet share (the work's line in the header, the rules,
// the footer's caption), recorded once for the class set (once for each place the header's
// text takes: the student's line sets it) and painted on each page; what is the packet's own
// (the student's line, the packet code), recorded once per packet and painted on each of its
// pages; and what is the page's own (its number and QR code), drawn on each.
//
// Memory: at most kSharedFramesMax shared recordings, and the packet's.
// Thread safety: one thread, like the layouts it draws.
class PageFramer {
 public:
  static constexpr size_t kSharedFramesMax = 16;

  // Records the frame of the pages of the packet of `text` and `code`.
  void start_packet(LayoutCache& layouts, const FrameText& text, const PageCode& code);
  // Draws the frame of page `code.page` of `code.pages` of the packet started last; fails as
  // draw_qr does.
  Status draw(cairo_t* cr, LayoutCache& layouts, const PageCode& code, const QrSymbol& symbol);

 private:
  // By the work's line and the top of the header's text.
  std::map<std::pair<std::string, double>, SurfacePtr> shared_;
  cairo_surface_t* shared_frame_ = nullptr;  // the packet's, in shared_
  SurfacePtr packet_frame_;
};

}  // namespace parta::paper
