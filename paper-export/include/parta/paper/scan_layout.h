// Where a packet's answer sheet puts its bubbles and answer boxes, as `parta paper scan` reads
// them back. The answer sheet renderer draws from this same layout (answer_sheet.cpp), so the
// scanner samples exactly the places the printer inked: one source of truth for the numbers.
//
// The layout is a function of the task's questions only (how many, which have choices): the
// sheet's heading sits in a band of fixed height, so the student's age (ты/вы wording) and the
// type styles do not move a bubble. Coordinates are PDF points (1/72 inch) from the top left
// corner of the A4 page, the page's own coordinates before any scanner scaled or turned it.
//
// How it fails: packet_layout returns the task's Invalid (task_document.h) and IO when a DejaVu
// font is missing (the task pages are laid out to count them). Thread safety: as packet_pdf.h
// (one call at a time per process: fontconfig and Pango are shared).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parta/paper/task_document.h"
#include "parta/storage/status.h"

namespace parta::paper {

struct PagePoint {
  double x = 0;  // points from the left edge
  double y = 0;  // points from the top edge
};

// One numbered question's place on the answer sheet.
struct AnswerRow {
  int question = 0;       // 1-based, as printed
  size_t sheet_page = 0;  // 0-based page of the answer sheet
  size_t choices = 0;     // 0: an open question with a ruled box
  double top = 0;         // the row's band on the page
  double height = 0;
  std::vector<PagePoint> bubbles;  // centres, one per choice (а, б, в…), in order
  double bubble_radius = 0;        // the printed circle's radius (its line's centre)
  // The ruled box of an open question (empty for a multiple-choice row).
  double box_left = 0, box_right = 0;
};

struct AnswerSheetLayout {
  size_t pages = 0;             // at least 1 (a ruled page when there are no questions)
  std::vector<AnswerRow> rows;  // in question order
};

// The answer sheet of `document`, where the renderer puts it.
AnswerSheetLayout answer_sheet_layout(const TaskDocument& document);

// A student's packet as the class set printed it: the cover, the task pages, the answer sheet,
// a blank filler page when the count is odd.
struct PacketLayout {
  TaskDocument document;
  AnswerSheetLayout sheet;
  // 1-based packet page of the answer sheet's first page, laid out without the task's images
  // (a scan has none); Packet.answers_first_page, recorded at export, is what was printed.
  uint32_t answers_first = 0;
  uint32_t pages = 0;          // the packet's pages, filler included; even
};

Result<PacketLayout> packet_layout(std::string_view body_markdown);

}  // namespace parta::paper
