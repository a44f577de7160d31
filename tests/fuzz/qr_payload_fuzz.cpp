// Fuzz target: the text of a QR code zbar found on a scanned page (parse_qr_payload): any
// bytes, from another school's code or a shop's barcode to a damaged or hand-made one. A
// refusal quotes at most the start of the text, in whole characters when the text is UTF-8. A
// payload that parses must satisfy what the writer asserts (qr_payload) and print back to a
// payload that parses to the same page.
#include <cstdlib>
#include <string_view>

#include "fuzz_targets.h"
#include "parta/paper/qr_payload.h"
#include "parta/storage/text_encoding.h"
#include "scan_qr.h"

namespace parta::fuzz {

void qr_payload(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto page = paper::parse_qr_payload(text);
  if (!page) {
    // Every refusal says why, in a line a log can hold however long the text was.
    const size_t said = page.status().message().size();
    if (said == 0 || said > 512) std::abort();
    // Quoting UTF-8 text never cuts a character in two (the message stays valid UTF-8).
    const std::string& message = page.status().message();
    auto text_as_utf8 = to_utf8(text, "qr");
    if (text_as_utf8 && *text_as_utf8 == text && to_utf8(message, "message").value() != message) {
      std::abort();
    }
    return;
  }
  auto again = paper::parse_qr_payload(paper::qr_payload(*page));
  if (!again || again->code != page->code || again->student_id != page->student_id ||
      again->assignment_id != page->assignment_id || again->page != page->page ||
      again->pages != page->pages) {
    std::abort();
  }
}

}  // namespace parta::fuzz
