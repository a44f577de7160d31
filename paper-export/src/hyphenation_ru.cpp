// Russian hyphenation; see hyphenation_ru.h.
#include "hyphenation_ru.h"

#include <hyphen.h>

#include <array>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "markup_escape.h"

namespace parta::paper {
namespace {

constexpr std::string_view kSoftHyphen = "\u00AD";

HyphenDict* patterns() {
  static HyphenDict* dict = nullptr;
  static std::once_flag loaded;
  std::call_once(loaded, [] { dict = hnj_hyphen_load(std::string(kRussianPatternsFile).c_str()); });
  return dict;
}

// hyph_ru_RU.dic is in KOI8-R: one byte a letter. Lower-case letters а…я in code point order
// map to these bytes; ё is 0xA3.
constexpr std::array<unsigned char, 32> kKoi8Lower = {
    0xC1, 0xC2, 0xD7, 0xC7, 0xC4, 0xC5, 0xD6, 0xDA, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0,
    0xD2, 0xD3, 0xD4, 0xD5, 0xC6, 0xC8, 0xC3, 0xDE, 0xDB, 0xDD, 0xDF, 0xD9, 0xD8, 0xDC, 0xC0, 0xD1};

// The KOI8-R byte of a Cyrillic letter, lower-cased; 0 for anything else.
unsigned char koi8_lower(char32_t letter) {
  if (letter >= U'А' && letter <= U'Я') letter += U'а' - U'А';
  if (letter >= U'а' && letter <= U'я') return kKoi8Lower[letter - U'а'];
  if (letter == U'ё' || letter == U'Ё') return 0xA3;
  return 0;
}

// Decodes the UTF-8 character at `text[at]`; `bytes` is set to its length (1 for a stray byte).
char32_t decode(std::string_view text, size_t at, size_t* bytes) {
  unsigned char lead = static_cast<unsigned char>(text[at]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
  if (at + length > text.size() || length == 1) {
    *bytes = 1;
    return lead;
  }
  char32_t code = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) code = (code << 6) | (text[at + i] & 0x3F);
  *bytes = length;
  return code;
}

// Appends `word` (UTF-8, Cyrillic letters only, `letters` of them) with its soft hyphens.
void append_hyphenated(std::string* out, std::string_view word, const std::string& koi8) {
  size_t letters = koi8.size();
  HyphenDict* dict = patterns();
  if (!dict || letters < kHyphenatedLettersMin || letters > kHyphenatedLettersMax) {
    *out += word;
    return;
  }
  std::vector<char> hyphens(letters + 5, '0');
  char** replacements = nullptr;
  int* positions = nullptr;
  int* cuts = nullptr;
  int failed = hnj_hyphen_hyphenate3(dict, koi8.data(), static_cast<int>(letters), hyphens.data(),
                                     nullptr, &replacements, &positions, &cuts, 2, 2, 2, 2);
  if (replacements) {  // non-standard breaks (none in the Russian patterns): not used
    for (size_t i = 0; i < letters; ++i) std::free(replacements[i]);
    std::free(replacements);
    std::free(positions);
    std::free(cuts);
  }
  size_t at = 0;
  for (size_t i = 0; i < letters; ++i) {
    size_t bytes;
    decode(word, at, &bytes);
    *out += word.substr(at, bytes);
    at += bytes;
    if (!failed && i + 1 < letters && (hyphens[i] & 1)) *out += kSoftHyphen;
  }
}

}  // namespace

bool russian_hyphenation_available() { return patterns() != nullptr; }

std::string hyphenate_markup(std::string_view markup) {
  std::string out;
  out.reserve(markup.size() + markup.size() / 8);
  std::vector<bool> spans;  // open <span> tags: true for a monospaced one
  size_t monospaced = 0;
  size_t word_start = std::string_view::npos;
  std::string koi8;
  auto flush = [&](size_t end) {
    if (word_start == std::string_view::npos) return;
    append_hyphenated(&out, markup.substr(word_start, end - word_start), koi8);
    word_start = std::string_view::npos;
    koi8.clear();
  };
  for (size_t at = 0; at < markup.size();) {
    char c = markup[at];
    if (c == '<' || c == '&') {
      flush(at);
      size_t end = markup.find(c == '<' ? '>' : ';', at);
      end = end == std::string_view::npos ? markup.size() : end + 1;
      std::string_view piece = markup.substr(at, end - at);
      if (piece.starts_with("<span")) {
        spans.push_back(piece == kMonospaceOpen);
        monospaced += spans.back();
      } else if (piece == "</span>" && !spans.empty()) {
        monospaced -= spans.back();
        spans.pop_back();
      }
      out += piece;
      at = end;
      continue;
    }
    size_t bytes;
    unsigned char koi8_letter = koi8_lower(decode(markup, at, &bytes));
    if (koi8_letter != 0 && monospaced == 0) {
      if (word_start == std::string_view::npos) word_start = at;
      koi8 += static_cast<char>(koi8_letter);
    } else {
      flush(at);
      out += markup.substr(at, bytes);
    }
    at += bytes;
  }
  flush(markup.size());
  return out;
}

}  // namespace parta::paper
