// Texts of a changeset body in a single-byte code (docs/changeset-format.md "Values"): a
// Russian school's texts are mostly Cyrillic, two bytes a letter in UTF-8 and one in
// Windows-1251, and zstd finds more and longer repeats in the shorter form. A column of texts
// that is shorter so carries them in it; the decoder writes them back as they were.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parta::changeset {

// The byte that escapes one byte of a character the code lacks: 0x98, the one byte Windows-1251
// leaves unassigned.
inline constexpr char kEscape = '\x98';

// `bytes` in Windows-1251: each character of the code that `bytes` holds in shortest-form
// UTF-8 as its one byte, every other byte of 0x80 or more as kEscape and that byte. Writing the
// result back with append_utf8 gives `bytes` again (nullopt, were it ever not so).
std::optional<std::string> to_single_byte(std::string_view bytes);

// Appends `single_byte`, the result of to_single_byte, as UTF-8: at most 3 bytes for each of
// its bytes. False, having appended part of it, when it ends inside an escape.
bool append_utf8(std::string_view single_byte, std::string* out);

}  // namespace parta::changeset
