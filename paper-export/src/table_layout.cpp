// Tables; see table_layout.h.
#include "table_layout.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "page_geometry.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kCellPaddingX = mm(1.5);
constexpr double kCellPaddingY = mm(1.2);
constexpr double kRuleWidth = 0.6;
constexpr double kHeaderGrey = 0.9;
constexpr TextStyle kCellStyle = TextStyle::kBodySmall;
// A cell left empty is for the student to write in: its column and row get room for a word or
// a number written by hand.
constexpr double kWritingWidthNatural = mm(35);
constexpr double kWritingWidthMin = mm(20);
constexpr double kWritingHeight = mm(8);

std::string cell_markup(const std::string& markup, bool header) {
  return header ? "<b>" + markup + "</b>" : markup;
}

PangoAlignment pango_alignment(CellAlign align) {
  switch (align) {
    case CellAlign::kCenter:
      return PANGO_ALIGN_CENTER;
    case CellAlign::kRight:
      return PANGO_ALIGN_RIGHT;
    default:
      return PANGO_ALIGN_LEFT;
  }
}

struct ColumnExtent {
  double narrowest = 0;  // the widest word or syllable: less only by breaking inside one
  double natural = 0;    // the longest line unwrapped
};

ColumnExtent measure(const std::string& markup) {
  ColumnExtent extent;
  LayoutPtr natural = markup_layout(kCellStyle, markup, 0);
  extent.natural = layout_width(natural.get());
  // At a width of nothing, word wrapping leaves one word, or a syllable up to a soft hyphen,
  // on each line.
  LayoutPtr narrow = markup_layout(kCellStyle, markup, 1);
  pango_layout_set_wrap(narrow.get(), PANGO_WRAP_WORD);
  extent.narrowest = layout_width(narrow.get());
  return extent;
}

// The widths of the columns: their natural widths when they fit, else the room shared so that
// every column keeps its narrowest width and the rest goes where the text is longest; when
// even the narrowest widths do not fit, in proportion to them (words then break inside).
std::vector<double> column_widths(const std::vector<ColumnExtent>& columns, double width_max) {
  double narrowest = 0, natural = 0;
  for (const ColumnExtent& column : columns) {
    narrowest += column.narrowest;
    natural += column.natural;
  }
  std::vector<double> widths;
  for (const ColumnExtent& column : columns) {
    if (natural <= width_max) {
      widths.push_back(column.natural);
    } else if (narrowest <= width_max) {
      double share = (width_max - narrowest) / (natural - narrowest);
      widths.push_back(column.narrowest + (column.natural - column.narrowest) * share);
    } else {
      widths.push_back(width_max * column.narrowest / narrowest);
    }
  }
  return widths;
}

}  // namespace

TableLayout::TableLayout(const TaskTable& table, double width_max) {
  assert(!table.columns.empty() && !table.rows.empty());
  std::vector<ColumnExtent> extents(table.columns.size());
  for (size_t row = 0; row < table.rows.size(); ++row) {
    assert(table.rows[row].size() == table.columns.size());
    for (size_t column = 0; column < table.columns.size(); ++column) {
      ColumnExtent cell = measure(cell_markup(table.rows[row][column], row == 0));
      if (row > 0 && table.rows[row][column].empty()) {
        cell = {kWritingWidthMin - 2 * kCellPaddingX, kWritingWidthNatural - 2 * kCellPaddingX};
      }
      extents[column].narrowest =
          std::max(extents[column].narrowest, cell.narrowest + 2 * kCellPaddingX);
      extents[column].natural = std::max(extents[column].natural, cell.natural + 2 * kCellPaddingX);
    }
  }
  column_widths_ = column_widths(extents, width_max);
  for (size_t row = 0; row < table.rows.size(); ++row) {
    std::vector<LayoutPtr>& cells = cells_.emplace_back();
    double height = 0;
    bool to_write_in = false;
    for (size_t column = 0; column < table.columns.size(); ++column) {
      double text_width = std::max(1.0, column_widths_[column] - 2 * kCellPaddingX);
      cells.push_back(markup_layout(kCellStyle, cell_markup(table.rows[row][column], row == 0),
                                    text_width, pango_alignment(table.columns[column])));
      height = std::max(height, layout_height(cells.back().get()));
      to_write_in |= row > 0 && table.rows[row][column].empty();
    }
    row_heights_.push_back(std::max(height + 2 * kCellPaddingY, to_write_in ? kWritingHeight : 0));
  }
}

double TableLayout::width() const {
  return std::accumulate(column_widths_.begin(), column_widths_.end(), 0.0);
}

double TableLayout::height() const {
  return std::accumulate(row_heights_.begin(), row_heights_.end(), 0.0);
}

void TableLayout::draw_row(cairo_t* cr, size_t row, double x, double top) const {
  double height = row_heights_[row];
  if (row == 0) {
    cairo_set_source_rgb(cr, kHeaderGrey, kHeaderGrey, kHeaderGrey);
    cairo_rectangle(cr, x, top, width(), height);
    cairo_fill(cr);
  }
  double left = x;
  for (size_t column = 0; column < column_widths_.size(); ++column) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    PangoLayout* cell = cells_[row][column].get();
    draw_layout(cr, cell, left + kCellPaddingX, top + kCellPaddingY);
    cairo_set_line_width(cr, kRuleWidth);
    cairo_rectangle(cr, left, top, column_widths_[column], height);
    cairo_stroke(cr);
    left += column_widths_[column];
  }
}

}  // namespace parta::paper
