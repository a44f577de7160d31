// Layouts made once and drawn many times (paper-export internal). A class set repeats most of
// its covers' and page frames' text from student to student and page to page ("Учитель",
// the school, "Страница 2 из 4"); shaping it again for each is most of what a cover costs.
// A cached layout must not be changed by whoever draws it: what varies is in its key.
//
// Memory: between two calls of start_packet, the layouts of one packet; beyond kLayoutsMax,
// start_packet drops them all.
// Thread safety: one thread at a time, like the Pango context its layouts share.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "text_style.h"

namespace parta::paper {

// How a cached layout is set beyond its text (text_style.h's layouts, plus the two settings
// the covers and frames use).
struct LayoutSpec {
  TextStyle style = TextStyle::kBody;
  double width = 0;  // as in text_layout: 0 is one line, never wrapped
  PangoAlignment align = PANGO_ALIGN_LEFT;
  PangoEllipsizeMode ellipsize = PANGO_ELLIPSIZE_NONE;
  int lines_max = 0;  // with ellipsize: at most this many lines; 0 is any
};

class LayoutCache {
 public:
  static constexpr size_t kLayoutsMax = 512;

  // Called before each packet is drawn: layouts returned before may be gone after it.
  void start_packet();
  // The layout of plain `text`, made on first use; owned by the cache, valid until
  // start_packet.
  PangoLayout* text(const LayoutSpec& spec, std::string_view text);
  // The same for Pango markup (text_style.h's markup_layout).
  PangoLayout* markup(const LayoutSpec& spec, std::string_view markup);

 private:
  PangoLayout* find_or_make(const LayoutSpec& spec, std::string_view content, bool is_markup);

  std::unordered_map<std::string, LayoutPtr> layouts_;
};

}  // namespace parta::paper
