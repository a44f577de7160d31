// JSON text in Python's and Django REST framework's styles; see python_json.h.
#include "python_json.h"

#include <fmt/format.h>

#include <cstdint>

namespace parta::bench {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// The code point starting at text[at], advancing `at`; U+FFFD for a byte that starts no valid
// UTF-8 sequence (protobuf's strings are valid UTF-8, so none occurs in practice).
char32_t next_code_point(std::string_view text, size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at++]);
  if (lead < 0x80) return lead;
  const int continuation = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (continuation == 0 || at + continuation > text.size()) return kReplacement;
  char32_t code = lead & (0x3F >> continuation);
  for (int i = 0; i < continuation; ++i) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if ((byte & 0xC0) != 0x80) return kReplacement;
    code = (code << 6) | (byte & 0x3F);
    ++at;
  }
  return code;
}

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// As Python's encoders do: the short escapes, \u00XX for other control characters, and with
// ensure_ascii \uXXXX (a surrogate pair beyond the BMP) for everything past ASCII.
void append_quoted_code_point(std::string& out, char32_t code, bool ascii_only) {
  switch (code) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
  }
  if (code < 0x20) {
    out += fmt::format("\\u{:04x}", static_cast<uint32_t>(code));
  } else if (code < 0x80 || !ascii_only) {
    append_utf8(out, code);
  } else if (code < 0x10000) {
    out += fmt::format("\\u{:04x}", static_cast<uint32_t>(code));
  } else {
    const char32_t offset = code - 0x10000;
    out += fmt::format("\\u{:04x}\\u{:04x}", static_cast<uint32_t>(0xD800 + (offset >> 10)),
                       static_cast<uint32_t>(0xDC00 + (offset & 0x3FF)));
  }
}

Status malformed(size_t at, std::string_view what) {
  return Status::invalid(fmt::format("JSON text at byte {}: {}", at, what));
}

int hex_digit_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  return -1;
}

Result<char32_t> read_hex4(std::string_view json, size_t& at) {
  if (at + 4 > json.size()) return malformed(at, "\\u needs four hex digits");
  char32_t code = 0;
  for (int i = 0; i < 4; ++i, ++at) {
    const int value = hex_digit_value(json[at]);
    if (value < 0) return malformed(at, "\\u needs four hex digits");
    code = (code << 4) | static_cast<char32_t>(value);
  }
  return code;
}

// After a backslash at json[at - 1]: the code point it escapes (a surrogate pair as one).
Result<char32_t> read_escape(std::string_view json, size_t& at) {
  if (at >= json.size()) return malformed(at, "the text ends inside a string");
  switch (json[at++]) {
    case '"':
      return U'"';
    case '\\':
      return U'\\';
    case '/':
      return U'/';
    case 'b':
      return U'\b';
    case 'f':
      return U'\f';
    case 'n':
      return U'\n';
    case 'r':
      return U'\r';
    case 't':
      return U'\t';
    case 'u':
      break;
    default:
      return malformed(at - 1, "unknown escape");
  }
  auto high = read_hex4(json, at);
  if (!high) return high.status();
  if (*high < 0xD800 || *high > 0xDBFF) return *high;
  if (json.substr(at, 2) != "\\u") return malformed(at, "a lone high surrogate");
  at += 2;
  auto low = read_hex4(json, at);
  if (!low) return low.status();
  if (*low < 0xDC00 || *low > 0xDFFF) return malformed(at, "a high surrogate without its low");
  return 0x10000 + ((*high - 0xD800) << 10) + (*low - 0xDC00);
}

// The string opening at json[at] ('"'), decoded and quoted again in `style`.
Status restyle_string(std::string_view json, size_t& at, const JsonStyle& style, std::string& out) {
  out.push_back('"');
  ++at;
  while (at < json.size() && json[at] != '"') {
    char32_t code;
    if (json[at] == '\\') {
      ++at;
      auto escaped = read_escape(json, at);
      if (!escaped) return escaped.status();
      code = *escaped;
    } else if (static_cast<unsigned char>(json[at]) < 0x20) {
      return malformed(at, "a control character inside a string");
    } else {
      code = next_code_point(json, at);
    }
    append_quoted_code_point(out, code, style.ascii_only);
  }
  if (at >= json.size()) return malformed(at, "the text ends inside a string");
  ++at;
  out.push_back('"');
  return Status::ok();
}

}  // namespace

std::string quote_json(std::string_view text, const JsonStyle& style) {
  std::string out = "\"";
  size_t at = 0;
  while (at < text.size())
    append_quoted_code_point(out, next_code_point(text, at), style.ascii_only);
  out.push_back('"');
  return out;
}

Result<std::string> restyle_json(std::string_view json, const JsonStyle& style) {
  std::string out;
  out.reserve(json.size() * 2);
  size_t at = 0;
  while (at < json.size()) {
    const char c = json[at];
    if (c == '"') {
      PARTA_RETURN_IF_ERROR(restyle_string(json, at, style, out));
      continue;
    }
    if (c == ',') {
      out += style.item_separator;
    } else if (c == ':') {
      out += style.key_separator;
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out.push_back(c);  // brackets, numbers, true, false, null
    }
    ++at;
  }
  return out;
}

}  // namespace parta::bench
