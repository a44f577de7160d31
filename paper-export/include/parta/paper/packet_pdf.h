// Rendering a class set of paper task packets as one A4 PDF (DESIGN.md §7), from values: no
// store is read here (export_packets.h does that).
//
// For each student, in the order given: a cover (school, class, student, teacher, subject,
// title, issue and due date, expected time), the task pages, an answer sheet with numbered
// answer boxes and bubbles for multiple-choice questions, and a blank filler page when the
// count is odd, so that duplex printing never puts two students on one sheet. Every page of a
// packet carries a QR code (qr_payload.h) and the packet's code, page n of N. After the
// packets, the teacher's sheet: the answer key and a checklist of who received which packet.
// Text is Russian, set in DejaVu (fonts embedded as subsets) with Pango.
//
// How it fails: Invalid for a task body the paper convention refuses (task_document.h) or a
// packet longer than kPacketPagesMax pages (nothing is drawn then); IO when a DejaVu font is
// missing or cairo fails. Thread safety: one call at a time per process (fontconfig and Pango's
// font map are shared).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/status.h"

namespace parta::paper {

// What every packet of the set shows about the assignment.
struct AssignmentSheet {
  std::string assignment_id;  // "a40-3fa2c1d0", in every QR code
  std::string subject;
  std::string title;
  std::string body_markdown;
  std::string group_name;    // «7Б», or a distance group's name
  std::string teacher_name;  // "" when the assignment names no teacher
  std::string school_name;   // the node's school, on the teacher's sheet
  Date issue_date{};         // the day the packets are printed
  Date due_date{};
  uint32_t expected_minutes = 0;
  uint32_t max_score = 0;
};

// One student's packet.
struct StudentPacket {
  std::string code;  // stored form (packet_code.h)
  std::string student_id;
  std::string full_name;
  std::string class_name;
  std::string school_name;
  int grade = 0;  // 1..11; 0 if unknown. Grades 1-4 are addressed as «ты»
};

struct RenderedClassSet {
  std::string pdf;
  std::vector<uint32_t> packet_pages;  // per student, in order; each even
  uint32_t teacher_pages = 0;
};

Result<RenderedClassSet> render_class_set(const AssignmentSheet& sheet,
                                          std::span<const StudentPacket> students);

}  // namespace parta::paper
