// Packet codes: the short code printed on every page of a paper task packet, read back from
// the QR code or typed in by a teacher from the page.
//
// A code is kPacketCodeChars characters of kPacketCodeAlphabet: digits 2-9 and the Latin
// capitals that look the same as Russian ones (A B C E H K M P T X), so a teacher may type it
// on either keyboard layout, and nothing in it can be mistaken for another symbol (no 0/O,
// 1/I, 5/S). It is printed in two halves, "K7MX-3HTA". Codes are drawn at random (18^8, about
// 1.1·10^10 codes); the store refuses a code another packet holds.
//
// How it fails: normalize_packet_code returns Invalid quoting the text and saying what a code
// looks like. Thread safety: free functions without shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

inline constexpr std::string_view kPacketCodeAlphabet = "23456789ABCEHKMPTX";
inline constexpr size_t kPacketCodeChars = 8;
// What a teacher may type: a code with dashes and spaces, Cyrillic letters, a few extra bytes.
inline constexpr size_t kTypedPacketCodeBytesMax = 64;

// The code that `random_bits` names (uniformly distributed bits give uniform codes).
std::string packet_code_from_bits(uint64_t random_bits);

// A code as typed or scanned, in its stored form ("K7MX3HTA"): dashes and spaces dropped,
// lower case and the Cyrillic look-alikes (А В С Е Н К М Р Т Х, and З for 3) taken for the
// code's characters. Invalid for anything else.
Result<std::string> normalize_packet_code(std::string_view typed);

// "K7MX-3HTA", as printed on the pages. `code` must be a stored code.
std::string display_packet_code(std::string_view code);

}  // namespace parta
