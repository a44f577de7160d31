// Packet page frames; see page_frame.h.
#include "page_frame.h"

#include <fmt/format.h>

#include "page_geometry.h"
#include "qr_symbol.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kRuleGrey = 0.6;
constexpr double kCaptionGrey = 0.35;

void draw_rule(cairo_t* cr, double y) {
  cairo_set_source_rgb(cr, kRuleGrey, kRuleGrey, kRuleGrey);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMarginLeft, y);
  cairo_line_to(cr, kPageWidth - kMarginRight, y);
  cairo_stroke(cr);
}

void draw_header(cairo_t* cr, const FrameText& text) {
  double half = kContentWidth / 2 - mm(3);
  LayoutPtr student = text_layout(cr, TextStyle::kCaption, text.student_line, half);
  LayoutPtr work = text_layout(cr, TextStyle::kCaption, text.work_line, half, PANGO_ALIGN_RIGHT);
  pango_layout_set_ellipsize(student.get(), PANGO_ELLIPSIZE_END);
  pango_layout_set_ellipsize(work.get(), PANGO_ELLIPSIZE_END);
  double y = kHeaderRule - mm(1.5) - layout_height(student.get());
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, student.get(), kMarginLeft, y);
  cairo_set_source_rgb(cr, kCaptionGrey, kCaptionGrey, kCaptionGrey);
  draw_layout(cr, work.get(), kPageWidth - kMarginRight - half, y);
  draw_rule(cr, kHeaderRule);
}

void draw_footer_text(cairo_t* cr, const PageCode& code) {
  LayoutPtr caption = text_layout(cr, TextStyle::kCaption, "Код пакета", 0);
  LayoutPtr packet = text_layout(cr, TextStyle::kPacketCode, display_packet_code(code.code), 0);
  LayoutPtr page = text_layout(cr, TextStyle::kCaption,
                               fmt::format("Страница {} из {}", code.page, code.pages), 0);
  double y = kQrTop;
  cairo_set_source_rgb(cr, kCaptionGrey, kCaptionGrey, kCaptionGrey);
  draw_layout(cr, caption.get(), kMarginLeft, y);
  y += layout_height(caption.get());
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, packet.get(), kMarginLeft, y);
  y += layout_height(packet.get()) + mm(1);
  draw_layout(cr, page.get(), kMarginLeft, y);
}

}  // namespace

Status draw_packet_frame(cairo_t* cr, const FrameText& text, const PageCode& code,
                         bool with_header) {
  cairo_save(cr);
  if (with_header) draw_header(cr, text);
  draw_rule(cr, kFooterRule);
  draw_footer_text(cr, code);
  Status drawn = draw_qr(cr, qr_payload(code), kQrLeft, kQrTop, kQrSize);
  cairo_restore(cr);
  return drawn;
}

}  // namespace parta::paper
