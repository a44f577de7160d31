// A task's table laid out for print (paper-export internal): ruled cells, the header row bold
// on grey, column widths from the cells' content, text wrapping (and hyphenated) inside cells,
// and room to write by hand in a cell left empty.
// The table is laid out once; TaskPages places it row by row, so that a table longer than
// the room left breaks between rows and repeats its header row on the next page.
#pragma once

#include <vector>

#include "cairo_handles.h"
#include "parta/paper/task_document.h"

namespace parta::paper {

class TableLayout {
 public:
  // `table` at most `width_max` points wide; it is as narrow as its content allows.
  TableLayout(const TaskTable& table, double width_max);
  TableLayout(const TableLayout&) = delete;
  TableLayout& operator=(const TableLayout&) = delete;

  // Row 0 is the header; rows 1…rows()-1 the body.
  size_t rows() const { return row_heights_.size(); }
  double row_height(size_t row) const { return row_heights_[row]; }
  double width() const;
  double height() const;
  // Draws row `row` with its top left corner at (x, top).
  void draw_row(cairo_t* cr, size_t row, double x, double top) const;

 private:
  std::vector<double> column_widths_;
  std::vector<double> row_heights_;
  std::vector<std::vector<LayoutPtr>> cells_;  // [row][column]
};

}  // namespace parta::paper
