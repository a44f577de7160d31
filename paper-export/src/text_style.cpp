// Type styles and layouts; see text_style.h.
#include "text_style.h"

#include <fmt/format.h>

#include <cassert>
#include <memory>

#include "hyphenation_ru.h"

namespace parta::paper {
namespace {

struct StyleSpec {
  const char* font;     // a Pango font description
  double line_spacing;  // multiple of the font's height; 0 = the font's own
};

StyleSpec spec(TextStyle style) {
  switch (style) {
    case TextStyle::kBody:
      return {"DejaVu Serif 11.5", 1.25};
    case TextStyle::kBodySmall:
      return {"DejaVu Serif 10", 1.2};
    case TextStyle::kHeading1:
      return {"DejaVu Sans Bold 15", 1.1};
    case TextStyle::kHeading2:
      return {"DejaVu Sans Bold 13", 1.1};
    case TextStyle::kHeading3:
      return {"DejaVu Sans Bold 11.5", 1.1};
    case TextStyle::kLabel:
      return {"DejaVu Sans Bold 11", 0};
    case TextStyle::kCode:
      return {"DejaVu Sans Mono 10", 1.15};
    case TextStyle::kTitle:
      return {"DejaVu Serif Bold 20", 1.1};
    case TextStyle::kSubtitle:
      return {"DejaVu Sans 13", 1.1};
    case TextStyle::kCaption:
      return {"DejaVu Sans 8.5", 0};
    case TextStyle::kPacketCode:
      return {"DejaVu Sans Mono Bold 15", 0};
    case TextStyle::kBubbleLetter:
      return {"DejaVu Sans 8.5", 0};
  }
  return {"DejaVu Serif 11.5", 0};
}

constexpr const char* kFamilies[] = {"DejaVu Serif", "DejaVu Sans", "DejaVu Sans Mono"};

// The running text students read; headings, labels, codes and captions are not hyphenated.
bool hyphenated(TextStyle style) {
  return style == TextStyle::kBody || style == TextStyle::kBodySmall;
}

// One Pango context for every layout a thread makes (Pango's default font map is the
// thread's own): making a context per layout (pango_cairo_create_layout) costs more than
// shaping a line of text. At 72 dpi, one point per PDF unit, and with unhinted
// metrics, so that a layout measured on a recording surface lines up exactly when it is
// replayed into the PDF, whatever surface it is drawn on. Released when its thread ends (the
// teacher's sheet is laid out on a thread of its own, one per class set).
PangoContext* shared_context() {
  thread_local const std::unique_ptr<PangoContext, GObjectRelease> context = [] {
    PangoContext* made = pango_font_map_create_context(pango_cairo_font_map_get_default());
    pango_cairo_context_set_resolution(made, 72);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(made, options);
    cairo_font_options_destroy(options);
    return std::unique_ptr<PangoContext, GObjectRelease>(made);
  }();
  return context.get();
}

LayoutPtr new_layout(TextStyle style, double width, PangoAlignment align) {
  LayoutPtr layout(pango_layout_new(shared_context()));

  StyleSpec style_spec = spec(style);
  FontDescriptionPtr font(pango_font_description_from_string(style_spec.font));
  pango_layout_set_font_description(layout.get(), font.get());
  if (style_spec.line_spacing > 0)
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(style_spec.line_spacing));
  if (width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout.get(), align);
  return layout;
}

}  // namespace

Status check_fonts() {
  PangoFontMap* font_map = pango_cairo_font_map_get_default();
  std::unique_ptr<PangoContext, GObjectRelease> context(pango_font_map_create_context(font_map));
  for (const char* family : kFamilies) {
    FontDescriptionPtr wanted(pango_font_description_from_string(family));
    std::unique_ptr<PangoFont, GObjectRelease> font(
        pango_font_map_load_font(font_map, context.get(), wanted.get()));
    FontDescriptionPtr got(font ? pango_font_describe(font.get()) : nullptr);
    const char* got_family = got ? pango_font_description_get_family(got.get()) : nullptr;
    if (!got_family || std::string_view(got_family) != family) {
      return Status::io(fmt::format(
          "the font \"{}\" is not installed, and packets need it for Russian text; install it "
          "with 'apt-get install fonts-dejavu-core'",
          family));
    }
  }
  return Status::ok();
}

LayoutPtr markup_layout(TextStyle style, std::string_view markup, double width,
                        PangoAlignment align) {
  LayoutPtr layout = new_layout(style, width, align);
  std::string with_hyphens;
  if (hyphenated(style) && width > 0) {
    with_hyphens = hyphenate_markup(markup);
    markup = with_hyphens;
  }
  // Markup is built here from escaped text and a few tags: it always parses.
  bool parses = pango_parse_markup(markup.data(), static_cast<int>(markup.size()), 0, nullptr,
                                   nullptr, nullptr, nullptr);
  assert(parses && "markup is made from escaped text");
  (void)parses;
  pango_layout_set_markup(layout.get(), markup.data(), static_cast<int>(markup.size()));
  return layout;
}

LayoutPtr text_layout(TextStyle style, std::string_view text, double width, PangoAlignment align) {
  LayoutPtr layout = new_layout(style, width, align);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

double layout_height(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.height) / PANGO_SCALE;
}

double layout_width(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

double layout_baseline(PangoLayout* layout) {
  return static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
}

void draw_layout(cairo_t* cr, PangoLayout* layout, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

}  // namespace parta::paper
