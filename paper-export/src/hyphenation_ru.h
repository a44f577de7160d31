// Russian hyphenation for the text of a packet (paper-export internal): soft hyphens (U+00AD)
// go into long Cyrillic words where libhyphen's patterns (hyphen-ru, hyph_ru_RU.dic, the TeX
// patterns that OpenOffice uses) allow a break. Pango breaks a line at a soft hyphen only when
// it must, and then prints a hyphen; unbroken, the soft hyphen prints nothing and pdftotext
// gives the word back as it was written. PANGO_WRAP_WORD_CHAR stays the last resort for words
// the patterns cannot break.
//
// Without the patterns file the text is returned unchanged (long words then break between any
// two letters). Thread safety: the patterns are loaded once, on first use, and only read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parta::paper {

inline constexpr std::string_view kRussianPatternsFile = "/usr/share/hyphen/hyph_ru_RU.dic";
// Shorter words are never broken: a break in them saves too little to be worth the hyphen.
inline constexpr size_t kHyphenatedLettersMin = 6;
// Longer runs of letters are no words; they are left to PANGO_WRAP_WORD_CHAR.
inline constexpr size_t kHyphenatedLettersMax = 64;

// `markup` (Pango markup made by the renderer: escaped text, tags, monospace spans) with soft
// hyphens in its Russian words. Tags, entities and monospaced text are copied as they are.
std::string hyphenate_markup(std::string_view markup);

// True when the patterns are loaded (hyphen-ru is installed).
bool russian_hyphenation_available();

}  // namespace parta::paper
