// The answer sheet; see answer_sheet.h.
#include "answer_sheet.h"

#include <fmt/format.h>

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
constexpr double kLineGrey = 0.7;
constexpr double kBoxGrey = 0.45;

void draw_number(cairo_t* cr, int number, double top) {
  auto label = text_layout(cr, TextStyle::kLabel, fmt::format("{}.", number), 0);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, label.get(), kMarginLeft + kNumberWidth - mm(2) - layout_width(label.get()), top);
}

void draw_choice_row(cairo_t* cr, const Question& question, double top) {
  draw_number(cr, question.number, top + kChoiceRowHeight / 2 - mm(2.2));
  double centre_y = top + kChoiceRowHeight / 2;
  for (size_t i = 0; i < question.choices; ++i) {
    double centre_x = kMarginLeft + kNumberWidth + kBubbleDiameter / 2 + i * kBubblePitch;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.9);
    cairo_new_sub_path(cr);
    cairo_arc(cr, centre_x, centre_y, kBubbleDiameter / 2, 0, 2 * G_PI);
    cairo_stroke(cr);
    auto letter = text_layout(cr, TextStyle::kBubbleLetter, choice_letter(i), 0);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    draw_layout(cr, letter.get(), centre_x - layout_width(letter.get()) / 2,
                centre_y - layout_height(letter.get()) / 2);
  }
}

void draw_open_box(cairo_t* cr, const Question& question, double top) {
  draw_number(cr, question.number, top + mm(1.5));
  double left = kMarginLeft + kNumberWidth;
  double right = kPageWidth - kMarginRight;
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
  auto title = text_layout(flow.cr(), TextStyle::kHeading1, "Бланк ответов", kContentWidth);
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
  auto text = text_layout(flow.cr(), TextStyle::kBodySmall, how, kContentWidth);
  flow.place_lines(text.get(), kMarginLeft);
  flow.skip(mm(5));
}

}  // namespace

std::vector<SurfacePtr> render_answer_sheet(const TaskDocument& document, const Address& you) {
  PageFlow flow({kMarginLeft, kContentTop, kContentWidth, kContentBottom});
  place_heading(flow, document, you);
  if (document.questions.empty()) {
    draw_ruled_page(flow);
    return flow.take_pages();
  }
  for (const Question& question : document.questions) {
    if (question.choices > 0) {
      flow.place_box(kChoiceRowHeight,
                     [&](cairo_t* cr, double top) { draw_choice_row(cr, question, top); });
    } else {
      flow.place_box(kOpenAnswerHeight,
                     [&](cairo_t* cr, double top) { draw_open_box(cr, question, top); });
    }
    flow.skip(kRowGap);
  }
  return flow.take_pages();
}

}  // namespace parta::paper
