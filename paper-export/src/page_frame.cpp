// Packet page frames; see page_frame.h.
#include "page_frame.h"

#include <fmt/format.h>

#include <cassert>

#include "page_flow.h"
#include "page_geometry.h"
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

void draw_header(cairo_t* cr, LayoutCache& layouts, const FrameText& text) {
  double half = kContentWidth / 2 - mm(3);
  PangoLayout* student = layouts.text(
      {TextStyle::kCaption, half, PANGO_ALIGN_LEFT, PANGO_ELLIPSIZE_END}, text.student_line);
  PangoLayout* work = layouts.text(
      {TextStyle::kCaption, half, PANGO_ALIGN_RIGHT, PANGO_ELLIPSIZE_END}, text.work_line);
  double y = kHeaderRule - mm(1.5) - layout_height(student);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, student, kMarginLeft, y);
  cairo_set_source_rgb(cr, kCaptionGrey, kCaptionGrey, kCaptionGrey);
  draw_layout(cr, work, kPageWidth - kMarginRight - half, y);
  draw_rule(cr, kHeaderRule);
}

// The footer's caption and packet code, the same on every page of a packet.
void draw_footer_code(cairo_t* cr, LayoutCache& layouts, const PageCode& code) {
  PangoLayout* caption = layouts.text({TextStyle::kCaption}, "Код пакета");
  PangoLayout* packet = layouts.text({TextStyle::kPacketCode}, display_packet_code(code.code));
  cairo_set_source_rgb(cr, kCaptionGrey, kCaptionGrey, kCaptionGrey);
  draw_layout(cr, caption, kMarginLeft, kQrTop);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, packet, kMarginLeft, kQrTop + layout_height(caption));
}

// What the pages of a packet share: the header (when asked), the footer's rule, caption and
// packet code.
void draw_shared_marks(cairo_t* cr, LayoutCache& layouts, const FrameText& text,
                       const PageCode& code, bool with_header) {
  cairo_save(cr);
  if (with_header) draw_header(cr, layouts, text);
  draw_rule(cr, kFooterRule);
  draw_footer_code(cr, layouts, code);
  cairo_restore(cr);
}

}  // namespace

SurfacePtr record_packet_frame(LayoutCache& layouts, const FrameText& text, const PageCode& code) {
  SurfacePtr recording = new_recorded_page();
  ContextPtr cr(cairo_create(recording.get()));
  draw_shared_marks(cr.get(), layouts, text, code, true);
  return recording;
}

Status draw_page_marks(cairo_t* cr, LayoutCache& layouts, const PageCode& code,
                       const QrSymbol& symbol) {
  assert(symbol.payload == qr_payload(code) && "the symbol of this page");
  // Below the packet code, where draw_footer_code leaves off.
  double y = kQrTop + layout_height(layouts.text({TextStyle::kCaption}, "Код пакета")) +
             layout_height(layouts.text({TextStyle::kPacketCode}, display_packet_code(code.code))) +
             mm(1);
  PangoLayout* page =
      layouts.text({TextStyle::kCaption}, fmt::format("Страница {} из {}", code.page, code.pages));
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, page, kMarginLeft, y);
  Status drawn = draw_qr(cr, symbol, kQrLeft, kQrTop, kQrSize);
  cairo_restore(cr);
  return drawn;
}

Status draw_packet_frame(cairo_t* cr, LayoutCache& layouts, const FrameText& text,
                         const PageCode& code, const QrSymbol& symbol, bool with_header) {
  draw_shared_marks(cr, layouts, text, code, with_header);
  return draw_page_marks(cr, layouts, code, symbol);
}

}  // namespace parta::paper
