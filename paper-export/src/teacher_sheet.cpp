// The teacher's sheet; see teacher_sheet.h.
#include "teacher_sheet.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>

#include "markup_escape.h"
#include "page_flow.h"
#include "page_geometry.h"
#include "parta/storage/packet_code.h"
#include "russian_wording.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kRowHeight = mm(8);
constexpr double kTickBox = mm(4.5);
constexpr double kGridGrey = 0.6;

struct Column {
  const char* title;
  double width;
};
// №, student, class, packet code, pages, handed out, returned: the student's column takes
// what is left of the content width.
constexpr Column kColumns[] = {{"№", mm(9)},           {"Ученик", 0},    {"Класс", mm(13)},
                               {"Код пакета", mm(26)}, {"Стр.", mm(10)}, {"Выдан", mm(14)},
                               {"Сдан", mm(14)}};
constexpr size_t kCodeColumn = 3;
constexpr size_t kTickColumnsFirst = 5;

double column_width(size_t i) {
  if (kColumns[i].width != 0) return kColumns[i].width;
  double fixed = 0;
  for (const Column& column : kColumns) fixed += column.width;
  return kContentWidth - fixed;
}

void place_markup(PageFlow& flow, TextStyle style, const std::string& markup, double space_after) {
  auto layout = markup_layout(style, markup, kContentWidth);
  flow.place_lines(layout.get(), kMarginLeft);
  flow.skip(space_after);
}

std::string field(std::string_view label, std::string_view value) {
  return fmt::format("<b>{}:</b> {}", label, escape_markup(value));
}

void place_summary(PageFlow& flow, const AssignmentSheet& sheet, size_t packets,
                   std::span<const uint32_t> packet_pages) {
  place_markup(flow, TextStyle::kHeading1, "Лист учителя", mm(1));
  place_markup(flow, TextStyle::kBodySmall, "<i>Ученикам не выдаётся.</i>", mm(3));
  uint32_t pages = 0;
  for (uint32_t count : packet_pages) pages += count;
  std::vector<std::string> lines = {
      field("Школа", sheet.school_name),
      field("Предмет", sheet.subject),
      field("Задание", sheet.title),
      field("Класс или группа", sheet.group_name),
      field("Выдано", format_ru(sheet.issue_date)) + "   " +
          field("Сдать до", format_ru(sheet.due_date)),
      field("Время на выполнение", minutes_ru(sheet.expected_minutes)) + "   " +
          field("Наибольший балл", std::to_string(sheet.max_score)),
      field("Пакетов", std::to_string(packets)) + "   " +
          field("Страниц для печати", std::to_string(pages)),
  };
  if (!sheet.teacher_name.empty())
    lines.insert(lines.begin() + 1, field("Учитель", sheet.teacher_name));
  for (const auto& line : lines) place_markup(flow, TextStyle::kBody, line, mm(0.8));
  flow.skip(mm(4));
}

void place_key(PageFlow& flow, const TaskDocument& document) {
  place_markup(flow, TextStyle::kHeading2, "Ключ ответов", mm(2));
  if (document.questions.empty()) {
    place_markup(flow, TextStyle::kBody, "В задании нет пронумерованных вопросов.", mm(4));
    return;
  }
  for (const Question& question : document.questions) {
    std::string answer;
    for (size_t choice : question.correct) {
      answer += (answer.empty() ? "" : ", ") + std::string(choice_letter(choice));
    }
    if (!question.key_markup.empty()) {
      answer += (answer.empty() ? "" : " — ") + question.key_markup;
    }
    if (answer.empty()) answer = "<i>ключ не указан</i>";
    place_markup(flow, TextStyle::kBody, fmt::format("<b>{}.</b>  {}", question.number, answer),
                 mm(0.8));
  }
  flow.skip(mm(4));
}

// One row of the checklist; a long name wraps and makes its row taller.
class ChecklistRow {
 public:
  ChecklistRow(const std::vector<std::string>& cells, bool header) : header_(header) {
    for (size_t i = 0; i < cells.size(); ++i) {
      TextStyle style = header             ? TextStyle::kCaption
                        : i == kCodeColumn ? TextStyle::kCode
                                           : TextStyle::kBodySmall;
      texts_.push_back(text_layout(style, cells[i], column_width(i) - mm(2)));
      height_ = std::max(height_, layout_height(texts_.back().get()) + mm(3));
    }
  }
  double height() const { return height_; }

  void draw(cairo_t* cr, double top) const {
    cairo_set_source_rgb(cr, kGridGrey, kGridGrey, kGridGrey);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, kMarginLeft, top, kContentWidth, height_);
    cairo_stroke(cr);
    double x = kMarginLeft;
    for (size_t i = 0; i < std::size(kColumns); ++i) {
      double width = column_width(i);
      if (!header_ && i >= kTickColumnsFirst) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.7);
        cairo_rectangle(cr, x + (width - kTickBox) / 2, top + (height_ - kTickBox) / 2, kTickBox,
                        kTickBox);
        cairo_stroke(cr);
      } else {
        cairo_set_source_rgb(cr, 0, 0, 0);
        draw_layout(cr, texts_[i].get(), x + mm(1),
                    top + (height_ - layout_height(texts_[i].get())) / 2);
      }
      x += width;
    }
  }

 private:
  const bool header_;
  std::vector<LayoutPtr> texts_;
  double height_ = kRowHeight;
};

// The student's name, and the packets the new one replaces: the teacher takes those back.
std::string student_cell(const StudentPacket& student) {
  std::string cell = student.full_name;
  for (const std::string& code : student.replaces) {
    cell += "\nвместо пакета " + display_packet_code(code);
  }
  return cell;
}

void place_checklist(PageFlow& flow, std::span<const StudentPacket> students,
                     std::span<const uint32_t> packet_pages) {
  place_markup(flow, TextStyle::kHeading2, "Выдача и приём работ", mm(2));
  std::vector<std::string> titles;
  for (const Column& column : kColumns) titles.push_back(column.title);
  ChecklistRow header(titles, true);
  for (size_t i = 0; i < students.size(); ++i) {
    ChecklistRow row(
        {std::to_string(i + 1), student_cell(students[i]), students[i].class_name,
         display_packet_code(students[i].code), std::to_string(packet_pages[i]), "", ""},
        false);
    // The header starts the table on every page it continues on.
    flow.keep((i == 0 ? header.height() : 0) + row.height());
    if (i == 0 || flow.page_is_empty()) {
      flow.place_box(header.height(), [&](cairo_t* cr, double top) { header.draw(cr, top); });
    }
    flow.place_box(row.height(), [&](cairo_t* cr, double top) { row.draw(cr, top); });
  }
  flow.skip(mm(4));
  place_markup(flow, TextStyle::kBodySmall,
               fmt::format("Отметьте выдачу и приём и в Парте: {0}parta paper hand-out КОД{1}, "
                           "{0}parta paper return КОД --score БАЛЛ{1}. Код напечатан внизу "
                           "каждой страницы пакета.",
                           kMonospaceOpen, kMonospaceClose),
               0);
}

}  // namespace

std::vector<SurfacePtr> render_teacher_sheet(const AssignmentSheet& sheet,
                                             const TaskDocument& document,
                                             std::span<const StudentPacket> students,
                                             std::span<const uint32_t> packet_pages) {
  PageFlow flow({kMarginLeft, kContentTop, kContentWidth, kContentBottom});
  place_summary(flow, sheet, students.size(), packet_pages);
  place_key(flow, document);
  place_checklist(flow, students, packet_pages);
  return flow.take_pages();
}

void draw_teacher_footer(cairo_t* cr, uint32_t page, uint32_t pages) {
  auto text = text_layout(TextStyle::kCaption,
                          fmt::format("Лист учителя · страница {} из {}", page, pages), 0);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  draw_layout(cr, text.get(), kMarginLeft, kQrBottom - layout_height(text.get()));
}

}  // namespace parta::paper
