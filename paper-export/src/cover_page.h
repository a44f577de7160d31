// The cover of a student's packet: whose it is, what it is, by when, and how to work with it
// (paper-export internal).
#pragma once

#include <cairo.h>

#include <cstdint>

#include "layout_cache.h"
#include "parta/paper/packet_pdf.h"

namespace parta::paper {

// Where the parts of this packet are; task pages 0 when the task is its title alone.
struct PacketPlan {
  uint32_t task_first = 0;
  uint32_t task_last = 0;
  uint32_t answers_first = 0;
  uint32_t answers_last = 0;
  uint32_t pages = 0;        // filler included
  bool has_choices = false;  // some question is answered by filling a bubble
};

// Draws the cover's content (the frame is drawn by draw_packet_frame).
// Layouts come from `layouts`, shared by the class set's covers.
void draw_cover(cairo_t* cr, LayoutCache& layouts, const AssignmentSheet& sheet,
                const StudentPacket& student, const PacketPlan& plan);

}  // namespace parta::paper
