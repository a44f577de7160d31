// Laying content down pages; see page_flow.h.
#include "page_flow.h"

#include <algorithm>
#include <utility>

#include "page_geometry.h"

namespace parta::paper {

SurfacePtr new_recorded_page() {
  cairo_rectangle_t extents{0, 0, kPageWidth, kPageHeight};
  return SurfacePtr(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
}

cairo_t* PageFlow::cr() {
  if (!page_) new_page();
  return cr_.get();
}

void PageFlow::new_page() {
  if (page_) {
    cr_.reset();
    pages_.push_back(std::move(page_));
  }
  page_ = new_recorded_page();
  cr_.reset(cairo_create(page_.get()));
  y_ = area_.top;
}

void PageFlow::keep(double height) {
  if (!page_) new_page();
  if (height > room() && !page_is_empty()) new_page();
}

void PageFlow::skip(double height) {
  if (!page_is_empty()) y_ = std::min(y_ + height, area_.bottom);
}

void PageFlow::place_lines(PangoLayout* layout, double x, const LineDecorator& decorate) {
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  double layout_top = 0;  // where the layout's top would be on the current page
  bool first = true;
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
    double line_height = static_cast<double>(logical.height) / PANGO_SCALE;
    double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
    keep(line_height);
    if (first || y_ == area_.top) layout_top = y_ - line_top;
    cairo_t* context = cr();
    cairo_set_source_rgb(context, 0, 0, 0);
    double top = layout_top + line_top;
    cairo_move_to(context, x + static_cast<double>(logical.x) / PANGO_SCALE, layout_top + baseline);
    pango_cairo_show_layout_line(context, pango_layout_iter_get_line_readonly(iter));
    if (decorate) decorate(context, {top, layout_top + baseline, top + line_height, first});
    y_ = top + line_height;
    first = false;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

void PageFlow::place_box(double height, const std::function<void(cairo_t*, double top)>& draw) {
  keep(height);
  draw(cr(), y_);
  y_ += height;
}

std::vector<SurfacePtr> PageFlow::take_pages() {
  if (page_) {
    cr_.reset();
    pages_.push_back(std::move(page_));
  }
  return std::exchange(pages_, {});
}

}  // namespace parta::paper
