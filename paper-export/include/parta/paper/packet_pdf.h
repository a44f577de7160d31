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
// Images the task shows (`![caption](name)`) are asked of the sheet's ImageResolver by name,
// once each, decoded (PNG or JPEG), and downscaled to at most kImageDotsPerInch at the size
// they print, so that a photo does not make every packet megabytes long.
//
// How it fails: Invalid for a task body the paper convention refuses (task_document.h) or a
// packet longer than kPacketPagesMax pages (nothing is drawn then); for an image, the
// resolver's error (NotFound when there is no such material) or Invalid for one that is not a
// readable PNG or JPEG, with the assignment, the image's name and its Markdown line; IO when a
// DejaVu font is missing or cairo fails. Thread safety: one call at a time per process (fontconfig and Pango's
// font map are shared).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/status.h"

namespace parta::paper {

// An image's bytes (PNG or JPEG) by the name the task gives it; NotFound when the assignment
// has no such material. The material store of the assignment gives them; `parta export
// --materials-dir` gives them from a folder (images_from_directory).
using ImageResolver = std::function<Result<std::string>(std::string_view name)>;

// Limits on an image: what a file may hold, and how finely it is printed.
inline constexpr size_t kImageFileBytesMax = size_t{16} << 20;
inline constexpr uint64_t kImagePixelsMax = 48'000'000;  // a 48-megapixel photo decodes
inline constexpr double kImageDotsPerInch = 150;         // pixels per inch as printed, at most

// Reads `name` as a file under `dir`. Invalid for a name that leaves the folder (absolute, or
// with ".."), an address ("https://…") or a file over kImageFileBytesMax; NotFound naming the
// folder when there is no such file; IO when it cannot be read.
ImageResolver images_from_directory(std::filesystem::path dir);

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
  ImageResolver images;  // empty: the task may show no images
};

// One student's packet.
struct StudentPacket {
  std::string code;  // stored form (packet_code.h)
  std::string student_id;
  std::string full_name;
  std::string class_name;
  std::string school_name;
  int grade = 0;  // 1..11; 0 if unknown. Grades 1-4 are addressed as «ты»
  std::vector<std::string> replaces;  // codes (stored form) of earlier packets this one replaces
};

struct RenderedClassSet {
  std::string pdf;
  std::vector<uint32_t> packet_pages;  // per student, in order; each even
  std::vector<uint32_t> answers_first_pages;  // per student: the packet page its answer sheet starts on
  uint32_t teacher_pages = 0;
};

Result<RenderedClassSet> render_class_set(const AssignmentSheet& sheet,
                                          std::span<const StudentPacket> students);

}  // namespace parta::paper
