// JSON text written the way Morango's Python side writes it, so the baseline's bytes are the
// bytes Morango would send: Python's json module quotes strings with ensure_ascii (every
// non-ASCII character as \uXXXX, lowercase hex, surrogate pairs beyond the BMP) and separates
// items with ", " and keys with ": "; Django REST framework's renderer writes compact JSON
// (",", ":") with UTF-8 left as it is.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::bench {

struct JsonStyle {
  std::string_view item_separator;  // between array items and object members
  std::string_view key_separator;   // between a key and its value
  bool ascii_only;                  // Python's ensure_ascii
};

// json.dumps(...) with its defaults, and DjangoJSONEncoder().encode(...): what Morango stores
// in a record's `serialized` field and what its client POSTs.
inline constexpr JsonStyle kPythonDumps{", ", ": ", true};
// rest_framework.renderers.JSONRenderer: what a Morango server answers a pull with.
inline constexpr JsonStyle kRestFramework{",", ":", false};

// `text` (UTF-8) as a quoted JSON string in `style`.
std::string quote_json(std::string_view text, const JsonStyle& style);

// The same JSON value as `json` (JSON text, e.g. the compact output of protobuf's JSON printer)
// written again in `style`: whitespace dropped, separators replaced, strings decoded and quoted
// again; numbers and literals are copied as they are. Invalid, saying at which byte, if a
// string in it is malformed (a bad escape, a lone surrogate, a raw control character, no end).
Result<std::string> restyle_json(std::string_view json, const JsonStyle& style);

}  // namespace parta::bench
