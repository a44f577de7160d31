// PageFlow: lays content down the content area of a run of pages, breaking to a new page
// where the next line or box does not fit (paper-export internal). Pages are cairo recording
// surfaces: the same task pages are replayed into every student's packet, and a packet's page
// count is known before its first page is drawn.
#pragma once

#include <functional>
#include <vector>

#include "cairo_handles.h"

namespace parta::paper {

// A new, empty A4 page recorded to be painted later, as many times as needed: what PageFlow
// lays content on, and what covers and frames record their shared marks on.
SurfacePtr new_recorded_page();

struct FlowArea {
  double left;
  double top;
  double width;
  double bottom;
};

class PageFlow {
 public:
  explicit PageFlow(FlowArea area) : area_(area) {}

  // The current page, started when first asked for.
  cairo_t* cr();
  const FlowArea& area() const { return area_; }
  double y() const { return y_; }
  double room() const { return area_.bottom - y_; }
  bool page_is_empty() const { return !page_ || y_ == area_.top; }

  void new_page();
  // A new page unless `height` fits on this one; a page that is empty keeps whatever comes.
  void keep(double height);
  // Vertical space; dropped at the top of a page.
  void skip(double height);

  // Called for every line placed, with the line's top, baseline and bottom.
  struct PlacedLine {
    double top;
    double baseline;
    double bottom;
    bool first;
  };
  using LineDecorator = std::function<void(cairo_t*, const PlacedLine&)>;
  // Places the layout's lines with their left edge at `x`, each on the page it fits on.
  void place_lines(PangoLayout* layout, double x, const LineDecorator& decorate = {});
  // Places something `height` points tall at the current position, after keep(height).
  void place_box(double height, const std::function<void(cairo_t*, double top)>& draw);

  // The pages laid so far; the flow is empty afterwards.
  std::vector<SurfacePtr> take_pages();

 private:
  const FlowArea area_;
  std::vector<SurfacePtr> pages_;
  SurfacePtr page_;
  ContextPtr cr_;
  double y_ = 0;
};

}  // namespace parta::paper
