// The teacher's sheet at the end of a class set: the assignment, the answer key, and a
// checklist of who received which packet, to tick when it is handed out and when it comes
// back (paper-export internal). It carries no QR code: it is not part of any packet.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "cairo_handles.h"
#include "parta/paper/packet_pdf.h"
#include "parta/paper/task_document.h"

namespace parta::paper {

// The sheet's pages, content only; `packet_pages[i]` is the page count of students[i].
std::vector<SurfacePtr> render_teacher_sheet(const AssignmentSheet& sheet,
                                             const TaskDocument& document,
                                             std::span<const StudentPacket> students,
                                             std::span<const uint32_t> packet_pages);

// Draws the footer of teacher's page `page` of `pages`.
void draw_teacher_footer(cairo_t* cr, uint32_t page, uint32_t pages);

}  // namespace parta::paper
