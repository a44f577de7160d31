// The type styles of a packet and how text becomes a Pango layout in them (paper-export
// internal). All text is DejaVu (fonts-dejavu-core): Serif for what students read, Sans for
// headings, labels and forms, Sans Mono for codes. Sizes are in points: layouts are made at
// 72 dpi so that one Pango point is one PDF point, without metric hinting so that a layout
// measures the same on a recording surface and in the PDF.
//
// Thread safety: the layouts a thread makes share a Pango context of that thread's: draw a
// layout on the thread that made it.
#pragma once

#include <string>
#include <string_view>

#include "cairo_handles.h"
#include "parta/storage/status.h"

namespace parta::paper {

enum class TextStyle {
  kBody,       // task text, choices
  kBodySmall,  // instructions, notes
  kHeading1,
  kHeading2,
  kHeading3,
  kLabel,         // question numbers, form labels
  kCode,          // preformatted task text
  kTitle,         // the assignment's title on the cover
  kSubtitle,      // the subject on the cover, sheet titles
  kCaption,       // small grey text in the header and footer
  kPacketCode,    // "K7MX-3HTA"
  kBubbleLetter,  // the letter inside an answer bubble
};

// Unavailable when a DejaVu family is not installed (fontconfig would silently substitute a
// font that may lack Cyrillic letters): the message names the Debian package.
Status check_fonts();

// A layout of Pango `markup` (escaped text, <b>, <i>, monospace spans) `width` points wide (0: one
// line, never wrapped). Body text is hyphenated (hyphenation_ru.h); a word that still does not
// fit breaks between letters (PANGO_WRAP_WORD_CHAR).
LayoutPtr markup_layout(TextStyle style, std::string_view markup, double width,
                        PangoAlignment align = PANGO_ALIGN_LEFT);
// The same for plain text (names from records: "<" or "&" print as themselves).
LayoutPtr text_layout(TextStyle style, std::string_view text, double width,
                      PangoAlignment align = PANGO_ALIGN_LEFT);

// Logical height and width in points.
double layout_height(PangoLayout* layout);
double layout_width(PangoLayout* layout);
// Distance from the layout's top to its first baseline, in points.
double layout_baseline(PangoLayout* layout);
// Draws the layout with its top left corner at (x, y).
void draw_layout(cairo_t* cr, PangoLayout* layout, double x, double y);

}  // namespace parta::paper
