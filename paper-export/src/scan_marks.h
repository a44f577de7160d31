// Reading what a student marked on a scanned answer sheet page (paper-export internal): which
// bubbles are filled, whether an open answer box holds writing.
//
// Each row is first found exactly: the page's map (scan_page_map.h: the QR code and the printed
// rules), fitted again with each row found, puts it within a few millimetres, then the row is
// moved to where its printed circles (or its box's corners) match the image best. A bubble is
// filled when its inside is much darker than the paper just around it; the printed letter inside an
// empty bubble, blur and noise stay far below that. In between, a bubble is "unclear" and the
// teacher decides: nothing in doubt is taken for an answer, and an empty bubble or box is never
// read as one.
//
// Thread safety: free functions over values.
#pragma once

#include <span>
#include <vector>

#include "parta/paper/scan_layout.h"
#include "scan_image.h"
#include "scan_qr.h"

namespace parta::paper {

// How much darker than the paper around it a bubble's inside is: 0 white, 1 black.
inline constexpr double kBubbleFilledDarkness = 0.40;
inline constexpr double kBubbleUnclearDarkness = 0.18;

enum class BubbleMark { kEmpty, kUnclear, kFilled };

struct RowReading {
  int question = 0;
  bool found = false;               // its printed circles or box were found where the layout says
  double print_contrast = 0;        // how clearly they stood out where they were looked for
  std::vector<BubbleMark> bubbles;  // per choice; empty for an open question
  std::vector<double> darkness;     // per choice, for the record
  bool written = false;             // an open question's box holds writing
};

// The rows of one answer sheet page (all with the same sheet_page).
std::vector<RowReading> read_answer_rows(const GrayImage& image, const PageTransform& transform,
                                         std::span<const AnswerRow> rows);

}  // namespace parta::paper
