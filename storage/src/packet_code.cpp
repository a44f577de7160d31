// Packet codes; see packet_code.h.
#include "parta/storage/packet_code.h"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <utility>

namespace parta {
namespace {

static_assert(kPacketCodeAlphabet.size() == 18, "the alphabet the docs and pages describe");

// Russian letters (both cases) that look like a code character; typed on a Russian layout.
constexpr std::array<std::pair<std::string_view, char>, 22> kCyrillicLookAlikes = {{
    {"А", 'A'}, {"а", 'A'}, {"В", 'B'}, {"в", 'B'}, {"С", 'C'}, {"с", 'C'}, {"Е", 'E'}, {"е", 'E'},
    {"Н", 'H'}, {"н", 'H'}, {"К", 'K'}, {"к", 'K'}, {"М", 'M'}, {"м", 'M'}, {"Р", 'P'}, {"р", 'P'},
    {"Т", 'T'}, {"т", 'T'}, {"Х", 'X'}, {"х", 'X'}, {"З", '3'}, {"з", '3'},
}};

bool in_alphabet(char c) { return kPacketCodeAlphabet.find(c) != std::string_view::npos; }

Status not_a_code(std::string_view typed) {
  return Status::invalid(fmt::format(
      "\"{}\" is not a packet code: a code is {} characters, digits 2-9 and the letters "
      "A B C E H K M P T X, printed under the QR code on every page (e.g. K7MX-3HTA)",
      typed, kPacketCodeChars));
}

}  // namespace

std::string packet_code_from_bits(uint64_t random_bits) {
  std::string code;
  for (size_t i = 0; i < kPacketCodeChars; ++i) {
    code += kPacketCodeAlphabet[random_bits % kPacketCodeAlphabet.size()];
    random_bits /= kPacketCodeAlphabet.size();
  }
  return code;
}

Result<std::string> normalize_packet_code(std::string_view typed) {
  if (typed.size() > kTypedPacketCodeBytesMax) return not_a_code(typed.substr(0, 32));
  std::string code;
  for (size_t at = 0; at < typed.size();) {
    char c = typed[at];
    if (c == '-' || c == ' ' || c == '\t') {
      ++at;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!in_alphabet(c)) return not_a_code(typed);
      code += c;
      ++at;
      continue;
    }
    bool known = false;
    for (const auto& [letter, meaning] : kCyrillicLookAlikes) {
      if (typed.substr(at).starts_with(letter)) {
        code += meaning;
        at += letter.size();
        known = true;
        break;
      }
    }
    if (!known) return not_a_code(typed);
  }
  if (code.size() != kPacketCodeChars) return not_a_code(typed);
  return code;
}

std::string display_packet_code(std::string_view code) {
  assert(code.size() == kPacketCodeChars);
  return fmt::format("{}-{}", code.substr(0, kPacketCodeChars / 2),
                     code.substr(kPacketCodeChars / 2));
}

}  // namespace parta
