// The packet cover; see cover_page.h.
#include "cover_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "layout_cache.h"
#include "markup_escape.h"
#include "page_geometry.h"
#include "parta/storage/packet_code.h"
#include "russian_wording.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kGrey = 0.35;
constexpr double kBoxGrey = 0.55;
constexpr double kLabelWidth = mm(52);
constexpr double kPadding = mm(4);

void stroke_box(cairo_t* cr, double top, double height) {
  cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
  cairo_set_line_width(cr, 0.7);
  cairo_rectangle(cr, kMarginLeft, top, kContentWidth, height);
  cairo_stroke(cr);
}

// Draws a centred layout at `y` and returns the y below it.
double centred(cairo_t* cr, PangoLayout* layout, double y, double grey = 0) {
  cairo_set_source_rgb(cr, grey, grey, grey);
  draw_layout(cr, layout, kMarginLeft, y);
  return y + layout_height(layout);
}

double draw_title_block(cairo_t* cr, LayoutCache& layouts, const AssignmentSheet& sheet,
                        const StudentPacket& student) {
  const LayoutSpec centred_line{TextStyle::kSubtitle, kContentWidth, PANGO_ALIGN_CENTER};
  double y = kCoverTop;
  y = centred(cr, layouts.text(centred_line, student.school_name), y) + mm(3);
  cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMarginLeft, y);
  cairo_line_to(cr, kPageWidth - kMarginRight, y);
  cairo_stroke(cr);
  y += mm(10);
  PangoLayout* kind = layouts.markup({TextStyle::kLabel, kContentWidth, PANGO_ALIGN_CENTER},
                                     "<span letter_spacing=\"1500\">ЗАДАНИЕ ДЛЯ САМОСТОЯТЕЛЬНОЙ "
                                     "РАБОТЫ</span>");
  y = centred(cr, kind, y, kGrey) + mm(5);
  y = centred(cr, layouts.text(centred_line, sheet.subject), y) + mm(2);
  // At most three lines, so that the cover keeps its layout; the title is on every page too.
  PangoLayout* title = layouts.text(
      {TextStyle::kTitle, kContentWidth, PANGO_ALIGN_CENTER, PANGO_ELLIPSIZE_END, 3}, sheet.title);
  return centred(cr, title, y) + mm(9);
}

// The table of who, what and when; returns the y below it.
double draw_fields(cairo_t* cr, LayoutCache& layouts, const AssignmentSheet& sheet,
                   const StudentPacket& student, double top) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Ученик", student.full_name},
      {"Класс", student.class_name},
      {"Учитель", sheet.teacher_name},
      {"Выдано", format_ru(sheet.issue_date)},
      {"Сдать до", format_ru(sheet.due_date)},
      {"Время на выполнение", minutes_ru(sheet.expected_minutes)},
  };
  double value_x = kMarginLeft + kPadding + kLabelWidth;
  double value_width = kPageWidth - kMarginRight - kPadding - value_x;
  double y = top + mm(2);
  for (size_t i = 0; i < rows.size(); ++i) {
    PangoLayout* label = layouts.text({TextStyle::kBodySmall, kLabelWidth}, rows[i].first);
    PangoLayout* value =
        layouts.markup({TextStyle::kBody, value_width},
                       "<span size=\"13pt\">" + escape_markup(rows[i].second) + "</span>");
    double row_height = std::max(layout_height(value), mm(6)) + mm(3.5);
    double baseline = y + mm(1.5) + layout_baseline(value);
    cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
    draw_layout(cr, label, kMarginLeft + kPadding, baseline - layout_baseline(label));
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_layout(cr, value, value_x, y + mm(1.5));
    if (rows[i].second.empty()) {  // a line to write on
      cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
      cairo_set_line_width(cr, 0.5);
      cairo_move_to(cr, value_x, baseline + mm(1));
      cairo_line_to(cr, value_x + value_width, baseline + mm(1));
      cairo_stroke(cr);
    }
    y += row_height;
    if (i + 1 < rows.size()) {
      cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
      cairo_set_line_width(cr, 0.4);
      cairo_move_to(cr, kMarginLeft + kPadding, y);
      cairo_line_to(cr, kPageWidth - kMarginRight - kPadding, y);
      cairo_stroke(cr);
    }
  }
  y += mm(2);
  stroke_box(cr, top, y - top);
  return y;
}

// The steps as Pango markup (their words are ours; dates and codes need no escaping).
std::vector<std::string> instructions(const AssignmentSheet& sheet, const StudentPacket& student,
                                      const PacketPlan& plan) {
  Address you(student.grade);
  std::vector<std::string> steps;
  if (plan.task_first != 0) {
    steps.push_back(fmt::format("{} задания {}.", you.pick("Выполните", "Выполни"),
                                on_pages_ru(plan.task_first, plan.task_last)));
  }
  std::string answers = fmt::format("{} ответы в бланк ответов {}.", you.pick("Запишите", "Запиши"),
                                    on_pages_ru(plan.answers_first, plan.answers_last));
  if (plan.has_choices) {
    answers += fmt::format(" В заданиях с выбором ответа {} кружок с буквой верного ответа.",
                           you.pick("закрасьте", "закрась"));
  }
  steps.push_back(answers);
  steps.push_back(fmt::format("{} листы: на каждом из них есть код пакета <b>{}{}{}</b>.",
                              you.pick("Не разделяйте", "Не разделяй"), kMonospaceOpen,
                              display_packet_code(student.code), kMonospaceClose));
  steps.push_back(fmt::format("{} все листы учителю до {}.", you.pick("Сдайте", "Сдай"),
                              format_ru(sheet.due_date)));
  return steps;
}

double draw_instructions(cairo_t* cr, LayoutCache& layouts, const std::vector<std::string>& steps,
                         double top) {
  double y = top + kPadding;
  PangoLayout* heading =
      layouts.text({TextStyle::kHeading3, kContentWidth - 2 * kPadding}, "Как работать с заданием");
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, heading, kMarginLeft + kPadding, y);
  y += layout_height(heading) + mm(2);
  double text_x = kMarginLeft + kPadding + mm(7);
  for (size_t i = 0; i < steps.size(); ++i) {
    PangoLayout* number = layouts.text({TextStyle::kLabel}, fmt::format("{}.", i + 1));
    PangoLayout* step =
        layouts.markup({TextStyle::kBody, kPageWidth - kMarginRight - kPadding - text_x}, steps[i]);
    draw_layout(cr, number, kMarginLeft + kPadding,
                y + layout_baseline(step) - layout_baseline(number));
    draw_layout(cr, step, text_x, y);
    y += layout_height(step) + mm(1.5);
  }
  y += mm(2.5);
  stroke_box(cr, top, y - top);
  return y;
}

// A box the teacher fills in when the work comes back.
void draw_teacher_box(cairo_t* cr, LayoutCache& layouts) {
  double height = mm(26);
  double top = kContentBottom - height;
  cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
  draw_layout(cr, layouts.text({TextStyle::kCaption}, "Заполняет учитель"), kMarginLeft + kPadding,
              top + mm(2.5));
  const char* fields[] = {"Работа сдана", "Отметка", "Подпись учителя"};
  const double widths[] = {mm(70), mm(35), 0};
  double x = kMarginLeft + kPadding;
  double line_y = top + height - mm(7);
  for (size_t i = 0; i < std::size(fields); ++i) {
    double width = widths[i] != 0 ? widths[i] : kPageWidth - kMarginRight - kPadding - x;
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_layout(cr, layouts.text({TextStyle::kBodySmall}, fields[i]), x, line_y - mm(7));
    cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x, line_y);
    cairo_line_to(cr, x + width - mm(6), line_y);
    cairo_stroke(cr);
    x += width;
  }
  stroke_box(cr, top, height);
}

}  // namespace

void draw_cover(cairo_t* cr, LayoutCache& layouts, const AssignmentSheet& sheet,
                const StudentPacket& student, const PacketPlan& plan) {
  cairo_save(cr);
  double y = draw_title_block(cr, layouts, sheet, student);
  y = draw_fields(cr, layouts, sheet, student, y) + mm(8);
  draw_instructions(cr, layouts, instructions(sheet, student, plan), y);
  draw_teacher_box(cr, layouts);
  cairo_restore(cr);
}

}  // namespace parta::paper
