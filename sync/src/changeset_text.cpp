// Windows-1251 for the texts of a changeset body; see changeset_text.h.
#include "changeset_text.h"

#include <array>
#include <cstdint>
#include <optional>

namespace parta::changeset {
namespace {

// The code points of bytes 0x80-0xff in Windows-1251; 0 for 0x98, which it leaves unassigned
// (kEscape).
constexpr std::array<uint16_t, 128> kHighHalf = {
    0x0402, 0x0403, 0x201a, 0x0453, 0x201e, 0x2026, 0x2020, 0x2021, 0x20ac, 0x2030, 0x0409, 0x2039,
    0x040a, 0x040c, 0x040b, 0x040f, 0x0452, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x0000, 0x2122, 0x0459, 0x203a, 0x045a, 0x045c, 0x045b, 0x045f, 0x00a0, 0x040e, 0x045e, 0x0408,
    0x00a4, 0x0490, 0x00a6, 0x00a7, 0x0401, 0x00a9, 0x0404, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x0407,
    0x00b0, 0x00b1, 0x0406, 0x0456, 0x0491, 0x00b5, 0x00b6, 0x00b7, 0x0451, 0x2116, 0x0454, 0x00bb,
    0x0458, 0x0405, 0x0455, 0x0457, 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041a, 0x041b, 0x041c, 0x041d, 0x041e, 0x041f, 0x0420, 0x0421, 0x0422, 0x0423,
    0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042a, 0x042b, 0x042c, 0x042d, 0x042e, 0x042f,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043a, 0x043b,
    0x043c, 0x043d, 0x043e, 0x043f, 0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
    0x0448, 0x0449, 0x044a, 0x044b, 0x044c, 0x044d, 0x044e, 0x044f};
constexpr uint8_t kFirstLetterByte = 0xc0;  // А; the 64 letters А..я follow in order
constexpr uint16_t kFirstLetter = 0x0410;
static_assert(kHighHalf[kFirstLetterByte - 0x80] == kFirstLetter);
static_assert(kHighHalf[0xff - 0x80] == kFirstLetter + 63);
static_assert(kHighHalf[static_cast<uint8_t>(kEscape) - 0x80] == 0);

// The Windows-1251 byte of the character `bytes` starts with, when it is one of the code's
// above 0x7f, written in UTF-8 in its shortest form (2 or 3 bytes); else nullopt.
std::optional<char> single_byte_at(std::string_view bytes) {
  auto lead = static_cast<uint8_t>(bytes[0]);
  size_t length = (lead & 0xe0) == 0xc0 ? 2 : (lead & 0xf0) == 0xe0 ? 3 : 0;
  if (length == 0 || bytes.size() < length) return std::nullopt;
  uint32_t code_point = lead & (length == 2 ? 0x1f : 0x0f);
  for (size_t i = 1; i < length; ++i) {
    auto next = static_cast<uint8_t>(bytes[i]);
    if ((next & 0xc0) != 0x80) return std::nullopt;
    code_point = (code_point << 6) | (next & 0x3f);
  }
  if (code_point < (length == 2 ? 0x80u : 0x800u)) return std::nullopt;  // longer than needed
  if (code_point >= kFirstLetter && code_point < kFirstLetter + 64u) {
    return static_cast<char>(kFirstLetterByte + (code_point - kFirstLetter));
  }
  for (size_t i = 0; i < kFirstLetterByte - 0x80; ++i) {
    if (kHighHalf[i] == code_point) return static_cast<char>(0x80 + i);
  }
  return std::nullopt;
}

void append_code_point(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xe0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
  }
}

}  // namespace

std::optional<std::string> to_single_byte(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t at = 0; at < bytes.size();) {
    auto lead = static_cast<uint8_t>(bytes[at]);
    if (lead < 0x80) {
      out.push_back(static_cast<char>(lead));
      ++at;
      continue;
    }
    if (auto byte = single_byte_at(bytes.substr(at))) {
      out.push_back(*byte);
      at += (lead & 0xf0) == 0xe0 ? 3 : 2;
      continue;
    }
    out.push_back(kEscape);
    out.push_back(static_cast<char>(lead));
    ++at;
  }
  std::string back;
  back.reserve(bytes.size());
  if (!append_utf8(out, &back) || back != bytes) return std::nullopt;
  return out;
}

bool append_utf8(std::string_view single_byte, std::string* out) {
  for (size_t at = 0; at < single_byte.size(); ++at) {
    auto value = static_cast<uint8_t>(single_byte[at]);
    if (value == static_cast<uint8_t>(kEscape)) {
      if (++at == single_byte.size()) return false;
      out->push_back(single_byte[at]);
    } else if (value < 0x80) {
      out->push_back(static_cast<char>(value));
    } else {
      append_code_point(kHighHalf[value - 0x80], out);
    }
  }
  return true;
}

}  // namespace parta::changeset
