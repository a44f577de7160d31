// Cached layouts; see layout_cache.h.
#include "layout_cache.h"

#include <fmt/format.h>

namespace parta::paper {

void LayoutCache::start_packet() {
  if (layouts_.size() > kLayoutsMax) layouts_.clear();
}

PangoLayout* LayoutCache::text(const LayoutSpec& spec, std::string_view text) {
  return find_or_make(spec, text, false);
}

PangoLayout* LayoutCache::markup(const LayoutSpec& spec, std::string_view markup) {
  return find_or_make(spec, markup, true);
}

PangoLayout* LayoutCache::find_or_make(const LayoutSpec& spec, std::string_view content,
                                       bool is_markup) {
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}", static_cast<int>(spec.style), spec.width,
                                static_cast<int>(spec.align), static_cast<int>(spec.ellipsize),
                                spec.lines_max, is_markup, content);
  auto found = layouts_.find(key);
  if (found != layouts_.end()) return found->second.get();
  LayoutPtr layout = is_markup ? markup_layout(spec.style, content, spec.width, spec.align)
                               : text_layout(spec.style, content, spec.width, spec.align);
  pango_layout_set_ellipsize(layout.get(), spec.ellipsize);
  if (spec.lines_max > 0) pango_layout_set_height(layout.get(), -spec.lines_max);
  return layouts_.emplace(std::move(key), std::move(layout)).first->second.get();
}

}  // namespace parta::paper
