// The answer sheet; see answer_sheet.h.
#include "answer_sheet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

#include "page_flow.h"
#include "page_geometry.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kNumberWidth = mm(10);
constexpr double kBubbleDiameter = mm(6);
constexpr double kBubblePitch = mm(13);
constexpr double kChoiceRowHeight = mm(10);
constexpr double kWritingLine = mm(8);
constexpr int kOpenAnswerLines = 3;
constexpr double kOpenAnswerHeight = kOpenAnswerLines * kWritingLine + mm(2);
constexpr double kRowGap = mm(3);
// The heading («Бланк ответов» and how to answer) fills its band whatever the wording, so the
// rows below it are where answer_sheet_layout says (scan_layout.h).
constexpr double kHeadingBand = mm(30);
constexpr double kLineGrey = 0.7;
constexpr double kBoxGrey = 0.45;
static_assert(kChoiceRowHeight > kBubbleDiameter + mm(2) && kBubblePitch > 2 * kBubbleDiameter,
              "the scanner finds paper all round every bubble");

void draw_number(cairo_t* cr, int number, double top) {
  auto label = text_layout(TextStyle::kLabel, fmt::format("{}.", number), 0);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, label.get(), kMarginLeft + kNumberWidth - mm(2) - layout_width(label.get()), top);
}

// Strokes the path as it is; the PDF gets its curves. cairo flattens a stroke only to find
// what part of the page it covers, on every page the sheet is painted on: a coarse flattening
// (a point where the default is a tenth) does that several times faster for a bubble, and its
// extents are rounded out to whole points anyway. The path is made before, at the default
// tolerance, so its curves are as they were.
void stroke_coarsely(cairo_t* cr) {
  cairo_save(cr);
  cairo_set_tolerance(cr, 1.0);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_choice_row(cairo_t* cr, const AnswerRow& row) {
  draw_number(cr, row.question, row.top + kChoiceRowHeight / 2 - mm(2.2));
  for (size_t i = 0; i < row.bubbles.size(); ++i) {
    const PagePoint& centre = row.bubbles[i];
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.9);
    cairo_new_sub_path(cr);
    cairo_arc(cr, centre.x, centre.y, row.bubble_radius, 0, 2 * G_PI);
    stroke_coarsely(cr);
    auto letter = text_layout(TextStyle::kBubbleLetter, choice_letter(i), 0);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    draw_layout(cr, letter.get(), centre.x - layout_width(letter.get()) / 2,
                centre.y - layout_height(letter.get()) / 2);
  }
}

void draw_open_box(cairo_t* cr, const AnswerRow& row) {
  draw_number(cr, row.question, row.top + mm(1.5));
  double left = row.box_left;
  double right = row.box_right;
  double top = row.top;
  cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, left, top, right - left, kOpenAnswerHeight);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, kLineGrey, kLineGrey, kLineGrey);
  cairo_set_line_width(cr, 0.4);
  for (int line = 1; line < kOpenAnswerLines; ++line) {
    double y = top + mm(1) + line * kWritingLine;
    cairo_move_to(cr, left + mm(2), y);
    cairo_line_to(cr, right - mm(2), y);
  }
  cairo_stroke(cr);
}

// Ruled lines down to the bottom of the page, for a task without numbered questions.
void draw_ruled_page(PageFlow& flow) {
  double top = flow.y();
  int lines = static_cast<int>(flow.room() / kWritingLine);
  flow.place_box(lines * kWritingLine, [&](cairo_t* cr, double) {
    cairo_set_source_rgb(cr, kLineGrey, kLineGrey, kLineGrey);
    cairo_set_line_width(cr, 0.4);
    for (int line = 1; line <= lines; ++line) {
      cairo_move_to(cr, kMarginLeft, top + line * kWritingLine);
      cairo_line_to(cr, kPageWidth - kMarginRight, top + line * kWritingLine);
    }
    cairo_stroke(cr);
  });
}

void place_heading(PageFlow& flow, const TaskDocument& document, const Address& you) {
  auto title = text_layout(TextStyle::kHeading1, "Бланк ответов", kContentWidth);
  flow.place_lines(title.get(), kMarginLeft);
  flow.skip(mm(2));
  std::string how;
  if (document.questions.empty()) {
    how = fmt::format("{} ответы и решения на линиях ниже.", you.pick("Запишите", "Запиши"));
  } else {
    how = fmt::format("{} ответ каждого задания рядом с его номером.",
                      you.pick("Запишите", "Запиши"));
    bool choices = false;
    for (const Question& question : document.questions) choices |= question.choices > 0;
    if (choices) {
      how += fmt::format(" В заданиях с выбором {} кружок с буквой верного ответа полностью.",
                         you.pick("закрасьте", "закрась"));
    }
  }
  auto text = text_layout(TextStyle::kBodySmall, how, kContentWidth);
  flow.place_lines(text.get(), kMarginLeft);
  flow.skip(mm(5));
}

// A row of `height` at the current place, or at the top of the next page when it does not fit
// (as PageFlow::place_box), then the gap below it (as PageFlow::skip).
AnswerRow place_row(const Question& question, double height, size_t& page, double& y) {
  if (y + height > kContentBottom && y != kContentTop) {
    ++page;
    y = kContentTop;
  }
  AnswerRow row{.question = question.number,
                .sheet_page = page,
                .choices = question.choices,
                .top = y,
                .height = height};
  y += height;
  if (y != kContentTop) y = std::min(y + kRowGap, kContentBottom);
  return row;
}

}  // namespace

AnswerSheetLayout answer_sheet_layout(const TaskDocument& document) {
  AnswerSheetLayout layout;
  size_t page = 0;
  double y = kContentTop + kHeadingBand;
  for (const Question& question : document.questions) {
    if (question.choices > 0) {
      AnswerRow row = place_row(question, kChoiceRowHeight, page, y);
      row.bubble_radius = kBubbleDiameter / 2;
      for (size_t i = 0; i < question.choices; ++i) {
        row.bubbles.push_back({kMarginLeft + kNumberWidth + kBubbleDiameter / 2 + i * kBubblePitch,
                               row.top + kChoiceRowHeight / 2});
      }
      layout.rows.push_back(std::move(row));
    } else {
      AnswerRow row = place_row(question, kOpenAnswerHeight, page, y);
      row.box_left = kMarginLeft + kNumberWidth;
      row.box_right = kPageWidth - kMarginRight;
      layout.rows.push_back(std::move(row));
    }
  }
  layout.pages = page + 1;
  return layout;
}

std::vector<SurfacePtr> render_answer_sheet(const TaskDocument& document, const Address& you) {
  PageFlow flow({kMarginLeft, kContentTop, kContentWidth, kContentBottom});
  place_heading(flow, document, you);
  if (document.questions.empty()) {
    draw_ruled_page(flow);
    return flow.take_pages();
  }
  assert(flow.y() <= kContentTop + kHeadingBand);
  size_t page = 0;
  for (const AnswerRow& row : answer_sheet_layout(document).rows) {
    for (; page < row.sheet_page; ++page) flow.new_page();
    if (row.choices > 0) {
      draw_choice_row(flow.cr(), row);
    } else {
      draw_open_box(flow.cr(), row);
    }
  }
  return flow.take_pages();
}

}  // namespace parta::paper
