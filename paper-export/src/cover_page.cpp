// The packet cover; see cover_page.h.
#include "cover_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layout_cache.h"
#include "markup_escape.h"
#include "page_flow.h"
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

// What one pass over a cover draws: the marks it shares with every cover of the same layout
// (recorded once, painted on each), or the student's own. Both passes lay the cover out alike.
struct Pen {
  cairo_t* cr;
  bool shared;  // else the student's own marks
};

// The value of a row of the table (a student's name wraps when it is long).
PangoLayout* field_value(LayoutCache& layouts, std::string_view text) {
  double value_x = kMarginLeft + kPadding + kLabelWidth;
  double value_width = kPageWidth - kMarginRight - kPadding - value_x;
  return layouts.markup({TextStyle::kBody, value_width},
                        "<span size=\"13pt\">" + escape_markup(text) + "</span>");
}

// A step of the instructions. The step that names the packet code is the same for every
// student but for the code: its layout holds a transparent stand-in as wide as a code, so
// that it is shared, and each student's code is drawn alone over the stand-in.
struct Step {
  std::string markup;
  std::string code;  // the student's code (display form) drawn over the stand-in; or none
};

// The stand-in: as many characters as a code in display form ("K7MX-3HTA"; all of them equally
// wide in monospace) and, unlike a code, no place to break a line (a code may break after its
// hyphen), so that the code drawn over it always has one line.
constexpr std::string_view kStandInCode = "XXXXXXXXX";
static_assert(kStandInCode.size() == kPacketCodeChars + 1);

// The student's code alone, set as the stand-in is in the step.
PangoLayout* code_layout(LayoutCache& layouts, std::string_view code) {
  return layouts.markup({TextStyle::kBody},
                        fmt::format("<b>{}{}{}</b>", kMonospaceOpen, code, kMonospaceClose));
}

PangoLayout* step_layout(LayoutCache& layouts, const Step& step) {
  double text_x = kMarginLeft + kPadding + mm(7);
  return layouts.markup({TextStyle::kBody, kPageWidth - kMarginRight - kPadding - text_x},
                        step.markup);
}

void stroke_box(const Pen& pen, double top, double height) {
  if (!pen.shared) return;
  cairo_t* cr = pen.cr;
  cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
  cairo_set_line_width(cr, 0.7);
  cairo_rectangle(cr, kMarginLeft, top, kContentWidth, height);
  cairo_stroke(cr);
}

// Draws a centred layout at `y` (a shared mark) and returns the y below it.
double centred(const Pen& pen, PangoLayout* layout, double y, double grey = 0) {
  if (pen.shared) {
    cairo_set_source_rgb(pen.cr, grey, grey, grey);
    draw_layout(pen.cr, layout, kMarginLeft, y);
  }
  return y + layout_height(layout);
}

// All shared: the school is in the shared recording's key.
double draw_title_block(const Pen& pen, LayoutCache& layouts, const AssignmentSheet& sheet,
                        const StudentPacket& student) {
  const LayoutSpec centred_line{TextStyle::kSubtitle, kContentWidth, PANGO_ALIGN_CENTER};
  double y = kCoverTop;
  y = centred(pen, layouts.text(centred_line, student.school_name), y) + mm(3);
  if (pen.shared) {
    cairo_set_source_rgb(pen.cr, kBoxGrey, kBoxGrey, kBoxGrey);
    cairo_set_line_width(pen.cr, 0.5);
    cairo_move_to(pen.cr, kMarginLeft, y);
    cairo_line_to(pen.cr, kPageWidth - kMarginRight, y);
    cairo_stroke(pen.cr);
  }
  y += mm(10);
  PangoLayout* kind = layouts.markup({TextStyle::kLabel, kContentWidth, PANGO_ALIGN_CENTER},
                                     "<span letter_spacing=\"1500\">ЗАДАНИЕ ДЛЯ САМОСТОЯТЕЛЬНОЙ "
                                     "РАБОТЫ</span>");
  y = centred(pen, kind, y, kGrey) + mm(5);
  y = centred(pen, layouts.text(centred_line, sheet.subject), y) + mm(2);
  // At most three lines, so that the cover keeps its layout; the title is on every page too.
  PangoLayout* title = layouts.text(
      {TextStyle::kTitle, kContentWidth, PANGO_ALIGN_CENTER, PANGO_ELLIPSIZE_END, 3}, sheet.title);
  return centred(pen, title, y) + mm(9);
}

// The table of who, what and when; returns the y below it.
double draw_fields(const Pen& pen, LayoutCache& layouts, const AssignmentSheet& sheet,
                   const StudentPacket& student, double top) {
  cairo_t* cr = pen.cr;
  constexpr size_t kOwnRows = 2;  // the student's name and class
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
    PangoLayout* value = field_value(layouts, rows[i].second);
    double row_height = std::max(layout_height(value), mm(6)) + mm(3.5);
    double baseline = y + mm(1.5) + layout_baseline(value);
    if (pen.shared) {
      cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
      draw_layout(cr, label, kMarginLeft + kPadding, baseline - layout_baseline(label));
    }
    if (pen.shared == (i >= kOwnRows)) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      draw_layout(cr, value, value_x, y + mm(1.5));
    }
    if (pen.shared == (i >= kOwnRows) && rows[i].second.empty()) {  // a line to write on
      cairo_set_source_rgb(cr, kBoxGrey, kBoxGrey, kBoxGrey);
      cairo_set_line_width(cr, 0.5);
      cairo_move_to(cr, value_x, baseline + mm(1));
      cairo_line_to(cr, value_x + value_width, baseline + mm(1));
      cairo_stroke(cr);
    }
    y += row_height;
    if (pen.shared && i + 1 < rows.size()) {
      cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
      cairo_set_line_width(cr, 0.4);
      cairo_move_to(cr, kMarginLeft + kPadding, y);
      cairo_line_to(cr, kPageWidth - kMarginRight - kPadding, y);
      cairo_stroke(cr);
    }
  }
  y += mm(2);
  stroke_box(pen, top, y - top);
  return y;
}

// The steps as Pango markup (their words are ours; dates and codes need no escaping).
std::vector<Step> instructions(const AssignmentSheet& sheet, const StudentPacket& student,
                               const PacketPlan& plan) {
  Address you(student.grade);
  std::vector<Step> steps;
  if (plan.task_first != 0) {
    steps.push_back(Step{fmt::format("{} задания {}.", you.pick("Выполните", "Выполни"),
                                     on_pages_ru(plan.task_first, plan.task_last))});
  }
  std::string answers = fmt::format("{} ответы в бланк ответов {}.", you.pick("Запишите", "Запиши"),
                                    on_pages_ru(plan.answers_first, plan.answers_last));
  if (plan.has_choices) {
    answers += fmt::format(" В заданиях с выбором ответа {} кружок с буквой верного ответа.",
                           you.pick("закрасьте", "закрась"));
  }
  steps.push_back(Step{answers});
  // fgalpha 1 of 65535: cairo draws nothing for the stand-in (0 would mean opaque to Pango).
  steps.push_back(Step{
      fmt::format(
          "{} листы: на каждом из них есть код пакета <b>{}<span fgalpha=\"1\">{}</span>{}</b>.",
          you.pick("Не разделяйте", "Не разделяй"), kMonospaceOpen, kStandInCode, kMonospaceClose),
      display_packet_code(student.code)});
  steps.push_back(Step{fmt::format("{} все листы учителю до {}.", you.pick("Сдайте", "Сдай"),
                                   format_ru(sheet.due_date))});
  return steps;
}

// Draws `code` where `step`, drawn at (x, y), has the stand-in: on the stand-in's line, from
// its first character, on the line's baseline.
void draw_code_over_stand_in(cairo_t* cr, LayoutCache& layouts, PangoLayout* step,
                             std::string_view code, double x, double y) {
  const char* text = pango_layout_get_text(step);
  const char* stand_in = std::strstr(text, kStandInCode.data());
  assert(stand_in != nullptr && code.size() == kStandInCode.size());
  const int first = static_cast<int>(stand_in - text);
  int line = 0, line_x = 0, last_line = 0, last_x = 0;
  pango_layout_index_to_line_x(step, first, /*trailing=*/false, &line, &line_x);
  pango_layout_index_to_line_x(step, first + static_cast<int>(kStandInCode.size()) - 1,
                               /*trailing=*/true, &last_line, &last_x);
  assert(last_line == line && "the stand-in never breaks");
  (void)last_line;
  PangoLayoutIter* lines = pango_layout_get_iter(step);
  for (int i = 0; i < line; ++i) pango_layout_iter_next_line(lines);
  double baseline = static_cast<double>(pango_layout_iter_get_baseline(lines)) / PANGO_SCALE;
  pango_layout_iter_free(lines);
  PangoLayout* alone = code_layout(layouts, code);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_layout(cr, alone, x + static_cast<double>(line_x) / PANGO_SCALE,
              y + baseline - layout_baseline(alone));
}

double draw_instructions(const Pen& pen, LayoutCache& layouts, const std::vector<Step>& steps,
                         double top) {
  cairo_t* cr = pen.cr;
  double y = top + kPadding;
  PangoLayout* heading =
      layouts.text({TextStyle::kHeading3, kContentWidth - 2 * kPadding}, "Как работать с заданием");
  cairo_set_source_rgb(cr, 0, 0, 0);
  if (pen.shared) draw_layout(cr, heading, kMarginLeft + kPadding, y);
  y += layout_height(heading) + mm(2);
  double text_x = kMarginLeft + kPadding + mm(7);
  for (size_t i = 0; i < steps.size(); ++i) {
    PangoLayout* number = layouts.text({TextStyle::kLabel}, fmt::format("{}.", i + 1));
    PangoLayout* step = step_layout(layouts, steps[i]);
    if (pen.shared) {
      draw_layout(cr, number, kMarginLeft + kPadding,
                  y + layout_baseline(step) - layout_baseline(number));
      draw_layout(cr, step, text_x, y);
    } else if (!steps[i].code.empty()) {
      draw_code_over_stand_in(cr, layouts, step, steps[i].code, text_x, y);
    }
    y += layout_height(step) + mm(1.5);
  }
  y += mm(2.5);
  stroke_box(pen, top, y - top);
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
  stroke_box({cr, true}, top, height);
}

void draw_marks(const Pen& pen, LayoutCache& layouts, const AssignmentSheet& sheet,
                const StudentPacket& student, const PacketPlan& plan) {
  cairo_save(pen.cr);
  double y = draw_title_block(pen, layouts, sheet, student);
  y = draw_fields(pen, layouts, sheet, student, y) + mm(8);
  draw_instructions(pen, layouts, instructions(sheet, student, plan), y);
  if (pen.shared) draw_teacher_box(pen.cr, layouts);
  cairo_restore(pen.cr);
}

// Where a layout of the student's own puts what is shared around it: its height and first
// baseline.
std::string placement(PangoLayout* layout) {
  return fmt::format("{}/{}", layout_height(layout), layout_baseline(layout));
}

// What the shared marks of `student`'s cover depend on beyond the class set's sheet: the
// school, the way the student is addressed, the packet's pages and where the student's own
// text puts them (a long name wraps and moves what is below it; the code never does).
std::string shared_key(LayoutCache& layouts, const StudentPacket& student,
                       const PacketPlan& plan) {
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", student.school_name,
                                Address(student.grade).informal(), plan.task_first, plan.task_last,
                                plan.answers_first, plan.answers_last, plan.has_choices,
                                placement(field_value(layouts, student.full_name)),
                                placement(field_value(layouts, student.class_name)));
  return key;
}

}  // namespace

void CoverPainter::draw(cairo_t* cr, LayoutCache& layouts, const StudentPacket& student,
                        const PacketPlan& plan) {
  std::string key = shared_key(layouts, student, plan);
  auto found = shared_.find(key);
  if (found == shared_.end()) {
    if (shared_.size() >= kSharedCoversMax) shared_.clear();
    SurfacePtr recording = new_recorded_page();
    ContextPtr recorder(cairo_create(recording.get()));
    draw_marks({recorder.get(), true}, layouts, sheet_, student, plan);
    found = shared_.emplace(std::move(key), std::move(recording)).first;
  }
  cairo_save(cr);
  cairo_set_source_surface(cr, found->second.get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  draw_marks({cr, false}, layouts, sheet_, student, plan);
}

}  // namespace parta::paper
