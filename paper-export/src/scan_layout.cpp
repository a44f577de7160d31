// Where a printed packet's answer sheet is; see scan_layout.h.
#include "parta/paper/scan_layout.h"

#include "task_pages.h"
#include "text_style.h"

namespace parta::paper {

Result<PacketLayout> packet_layout(std::string_view body_markdown) {
  PARTA_RETURN_IF_ERROR(check_fonts());
  auto document = parse_task_markdown(body_markdown);
  if (!document) return document.status();
  PacketLayout layout;
  layout.sheet = answer_sheet_layout(*document);
  // As the class set is printed (packet_pdf.cpp): the cover, the task pages, the answer sheet,
  // and a filler page when that makes an odd count.
  auto task_pages = static_cast<uint32_t>(render_task_pages(*document).size());
  layout.answers_first = 2 + task_pages;
  uint32_t answers_last = layout.answers_first + static_cast<uint32_t>(layout.sheet.pages) - 1;
  layout.pages = answers_last + answers_last % 2;
  layout.document = std::move(*document);
  return layout;
}

}  // namespace parta::paper
