// Peer names from school names; see peer_name.h.
#include "peer_name.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace parta {
namespace {

// Russian letters а..я (U+0430..U+044F) in Latin, as Russian passports spell names (ICAO,
// with "kh", "ts", "shch"); ъ and ь vanish.
constexpr std::array<std::string_view, 32> kRussianLowercaseLatin = {
    "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "y",    "k", "l", "m", "n", "o",  "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};

// The next code point of UTF-8 `text` at `*at`, advancing past it; U+FFFD for a broken sequence.
char32_t next_code_point(std::string_view text, size_t* at) {
  const auto lead = static_cast<uint8_t>(text[(*at)++]);
  if (lead < 0x80) return lead;
  const size_t extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (extra == 0) return U'\uFFFD';
  char32_t point = lead & (0x3F >> extra);
  for (size_t i = 0; i < extra; ++i) {
    if (*at >= text.size() || (static_cast<uint8_t>(text[*at]) & 0xC0) != 0x80) return U'\uFFFD';
    point = (point << 6) | (static_cast<uint8_t>(text[(*at)++]) & 0x3F);
  }
  return point;
}

// `point` as [a-z0-9] text: "" for a letter that vanishes (ъ, ь), nullopt for a separator.
std::optional<std::string> latin_of(char32_t point) {
  if ((point >= U'a' && point <= U'z') || (point >= U'0' && point <= U'9')) {
    return std::string(1, static_cast<char>(point));
  }
  if (point >= U'A' && point <= U'Z') return std::string(1, static_cast<char>(point - U'A' + U'a'));
  if (point == U'ё' || point == U'Ё') return "e";
  if (point >= U'А' && point <= U'Я') return std::string(kRussianLowercaseLatin[point - U'А']);
  if (point >= U'а' && point <= U'я') return std::string(kRussianLowercaseLatin[point - U'а']);
  return std::nullopt;
}

}  // namespace

bool is_peer_name(std::string_view name) {
  if (name.empty() || name.size() > kPeerNameBytesMax || name.front() == '-') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string peer_name_from(std::string_view school_name) {
  std::string name;
  bool separator_pending = false;
  for (size_t at = 0; at < school_name.size() && name.size() <= kPeerNameBytesMax;) {
    std::optional<std::string> latin = latin_of(next_code_point(school_name, &at));
    if (!latin) {
      separator_pending = !name.empty();
    } else if (!latin->empty()) {
      if (separator_pending) name += '-';
      separator_pending = false;
      name += *latin;
    }
  }
  if (name.size() > kPeerNameBytesMax) name.resize(kPeerNameBytesMax);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name.empty() ? "school" : name;
}

}  // namespace parta
