// The cover of a student's packet: whose it is, what it is, by when, and how to work with it
// (paper-export internal).
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "cairo_handles.h"
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

// Draws the covers of a class set. Most of a cover is the same from student to student (the
// title, the labels, the instructions, the teacher's box): those marks are recorded once for
// each way a cover lays out and painted onto every cover like it, so that the PDF holds them
// once; the student's own (name, class, packet code) are drawn on each. A cover looks as if it
// were drawn whole.
//
// Memory: at most kSharedCoversMax recordings (one per school, way of address, packet plan and
// place of the student's own text, which a long name moves; a class set has one or a few).
// Thread safety: one thread, like the layouts it draws.
class CoverPainter {
 public:
  static constexpr size_t kSharedCoversMax = 16;

  // `sheet` outlives the painter.
  explicit CoverPainter(const AssignmentSheet& sheet) : sheet_(sheet) {}

  // Draws `student`'s cover (the frame is drawn by draw_packet_frame) with layouts from
  // `layouts`, shared by the class set's covers.
  void draw(cairo_t* cr, LayoutCache& layouts, const StudentPacket& student,
            const PacketPlan& plan);

 private:
  const AssignmentSheet& sheet_;
  std::unordered_map<std::string, SurfacePtr> shared_;
};

}  // namespace parta::paper
