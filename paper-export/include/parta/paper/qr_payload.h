// The text in the QR code on every page of a paper packet (docs/qr-payload.md, version 1):
//
//   PARTA:1:<code>:<student id>:<assignment id>:<page>/<pages>
//   PARTA:1:K7MX3HTA:S17-3FA2C1D0:A40-3FA2C1D0:2/6
//
// It names the packet (its short code, packet_code.h), the student and the assignment by their
// ids, and the page among the packet's pages, so that a returned page can be matched without
// the store that printed it. It is all upper case: every character is then in the QR code's
// alphanumeric mode (5.5 bits a character instead of 8), so the symbol needs fewer, larger
// modules and reads from blurred scans. Ids read back are the printed ids in upper case.
// Thread safety: values and free functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parta/storage/packet_code.h"

namespace parta::paper {

inline constexpr std::string_view kQrPayloadPrefix = "PARTA:1:";
// A packet's pages; a task that needs more is refused before anything is printed.
inline constexpr uint32_t kPacketPagesMax = 60;
// Student and assignment ids: the prefix "s" or "a", a counter (at most 20 digits), '-' and
// the origin's 8 hex digits.
inline constexpr size_t kIdBytesMax = 1 + 20 + 1 + 8;
inline constexpr size_t kQrPayloadBytesMax =
    kQrPayloadPrefix.size() + kPacketCodeChars + 1 + kIdBytesMax + 1 + kIdBytesMax + 1 + 5;
// Version 4 at error correction level M holds 90 alphanumeric characters: at most 33 modules
// across, 0.85 mm each in the 28 mm symbol, about 5 pixels at 150 dpi.
static_assert(kQrPayloadBytesMax <= 90, "the payload fits a version 4-M QR code");

struct PageCode {
  std::string code;           // stored form, "K7MX3HTA"
  std::string student_id;     // "s17-3fa2c1d0"
  std::string assignment_id;  // "a40-3fa2c1d0"
  uint32_t page = 0;          // 1-based
  uint32_t pages = 0;
};

// The payload of `page` (upper-cased); its fields must be as documented (asserted).
std::string qr_payload(const PageCode& page);

}  // namespace parta::paper
