// Packet page frames; see page_frame.h.
#include "page_frame.h"

#include <fmt/format.h>

#include <cassert>
#include <utility>

#include "page_flow.h"
#include "page_geometry.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kRuleGrey = 0.6;
constexpr double kCaptionGrey = 0.35;
constexpr double kHeaderHalfWidth = kContentWidth / 2 - mm(3);

void draw_rule(cairo_t* cr, double y) {
  cairo_set_source_rgb(cr, kRuleGrey, kRuleGrey, kRuleGrey);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMarginLeft, y);
  cairo_line_to(cr, kPageWidth - kMarginRight, y);
  cairo_stroke(cr);
}

PangoLayout* student_layout(LayoutCache& layouts, const FrameText& text) {
  return layouts.text(
      {TextStyle::kCaption, kHeaderHalfWidth, PANGO_ALIGN_LEFT, PANGO_ELLIPSIZE_END},
      text.student_line);
}

// The top of the header's text: the student's line stands on the header's rule.
double header_top(PangoLayout* student) { return kHeaderRule - mm(1.5) - layout_height(student); }

void draw_student_line(cairo_t* cr, PangoLayout* student) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, student, kMarginLeft, header_top(student));
}

// The header's work line, at `top` beside the student's, and its rule.
void draw_work_line(cairo_t* cr, LayoutCache& layouts, const FrameText& text, double top) {
  PangoLayout* work =
      layouts.text({TextStyle::kCaption, kHeaderHalfWidth, PANGO_ALIGN_RIGHT, PANGO_ELLIPSIZE_END},
                   text.work_line);
  cairo_set_source_rgb(cr, kCaptionGrey, kCaptionGrey, kCaptionGrey);
  draw_layout(cr, work, kPageWidth - kMarginRight - kHeaderHalfWidth, top);
  draw_rule(cr, kHeaderRule);
}

PangoLayout* caption_layout(LayoutCache& layouts) {
  return layouts.text({TextStyle::kCaption}, "Код пакета");
}

PangoLayout* packet_code_layout(LayoutCache& layouts, const PageCode& code) {
  return layouts.text({TextStyle::kPacketCode}, display_packet_code(code.code));
}

// The footer's rule and the caption above the packet code.
void draw_footer_caption(cairo_t* cr, LayoutCache& layouts) {
  draw_rule(cr, kFooterRule);
  cairo_set_source_rgb(cr, kCaptionGrey, kCaptionGrey, kCaptionGrey);
  draw_layout(cr, caption_layout(layouts), kMarginLeft, kQrTop);
}

// The footer's packet code, below its caption.
void draw_footer_code(cairo_t* cr, LayoutCache& layouts, const PageCode& code) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, packet_code_layout(layouts, code), kMarginLeft,
              kQrTop + layout_height(caption_layout(layouts)));
}

// Each page's own: its number below the packet code, and its QR code.
Status draw_page_marks(cairo_t* cr, LayoutCache& layouts, const PageCode& code,
                       const QrSymbol& symbol) {
  assert(symbol.payload == qr_payload(code) && "the symbol of this page");
  double y = kQrTop + layout_height(caption_layout(layouts)) +
             layout_height(packet_code_layout(layouts, code)) + mm(1);
  PangoLayout* page =
      layouts.text({TextStyle::kCaption}, fmt::format("Страница {} из {}", code.page, code.pages));
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, page, kMarginLeft, y);
  return draw_qr(cr, symbol, kQrLeft, kQrTop, kQrSize);
}

}  // namespace

Status draw_packet_frame(cairo_t* cr, LayoutCache& layouts, const FrameText& text,
                         const PageCode& code, const QrSymbol& symbol, bool with_header) {
  cairo_save(cr);
  if (with_header) {
    PangoLayout* student = student_layout(layouts, text);
    draw_student_line(cr, student);
    draw_work_line(cr, layouts, text, header_top(student));
  }
  draw_footer_caption(cr, layouts);
  draw_footer_code(cr, layouts, code);
  Status drawn = draw_page_marks(cr, layouts, code, symbol);
  cairo_restore(cr);
  return drawn;
}

void PageFramer::start_packet(LayoutCache& layouts, const FrameText& text, const PageCode& code) {
  PangoLayout* student = student_layout(layouts, text);
  double top = header_top(student);
  auto key = std::make_pair(text.work_line, top);
  auto found = shared_.find(key);
  if (found == shared_.end()) {
    if (shared_.size() >= kSharedFramesMax) shared_.clear();
    SurfacePtr recording = new_recorded_page();
    ContextPtr recorder(cairo_create(recording.get()));
    draw_work_line(recorder.get(), layouts, text, top);
    draw_footer_caption(recorder.get(), layouts);
    found = shared_.emplace(std::move(key), std::move(recording)).first;
  }
  shared_frame_ = found->second.get();
  packet_frame_ = new_recorded_page();
  ContextPtr recorder(cairo_create(packet_frame_.get()));
  draw_student_line(recorder.get(), student);
  draw_footer_code(recorder.get(), layouts, code);
}

Status PageFramer::draw(cairo_t* cr, LayoutCache& layouts, const PageCode& code,
                        const QrSymbol& symbol) {
  assert(packet_frame_ && "start_packet came first");
  cairo_save(cr);
  cairo_set_source_surface(cr, packet_frame_.get(), 0, 0);
  cairo_paint(cr);
  cairo_set_source_surface(cr, shared_frame_, 0, 0);
  cairo_paint(cr);
  Status drawn = draw_page_marks(cr, layouts, code, symbol);
  cairo_restore(cr);
  return drawn;
}

}  // namespace parta::paper
