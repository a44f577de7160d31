// The QR payload; see qr_payload.h and docs/qr-payload.md.
#include "parta/paper/qr_payload.h"

#include <fmt/format.h>

#include <cassert>
#include <cctype>

namespace parta::paper {

std::string qr_payload(const PageCode& page) {
  assert(page.code.size() == kPacketCodeChars);
  assert(page.student_id.size() <= kIdBytesMax && page.assignment_id.size() <= kIdBytesMax);
  assert(page.page >= 1 && page.page <= page.pages && page.pages <= kPacketPagesMax);
  std::string payload = fmt::format("{}{}:{}:{}:{}/{}", kQrPayloadPrefix, page.code,
                                    page.student_id, page.assignment_id, page.page, page.pages);
  for (char& c : payload) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  assert(payload.size() <= kQrPayloadBytesMax);
  return payload;
}

}  // namespace parta::paper
