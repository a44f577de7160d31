// Escaping text for Pango markup and the one tag whose font is named here (paper-export
// internal).
#pragma once

#include <string>
#include <string_view>

namespace parta::paper {

// Appends `text` with the characters that markup gives a meaning to (& < >) escaped.
inline void append_markup_escaped(std::string* out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      default:
        *out += c;
    }
  }
}

// Monospaced text. Not <tt>: that asks fontconfig for "monospace", which may not be DejaVu.
inline constexpr std::string_view kMonospaceOpen = "<span font_family=\"DejaVu Sans Mono\">";
inline constexpr std::string_view kMonospaceClose = "</span>";

inline std::string escape_markup(std::string_view text) {
  std::string out;
  append_markup_escaped(&out, text);
  return out;
}

}  // namespace parta::paper
