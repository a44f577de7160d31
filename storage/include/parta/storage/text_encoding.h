// Text that comes from outside (files exported by school software): brought into UTF-8, and
// trimmed of the blanks spreadsheets leave around values.
//
// Schools' files arrive as UTF-8 (with or without a byte order mark) or as Windows-1251, the
// encoding Excel and 1C use on Russian Windows when saving "CSV". Decoding goes through glibc's
// iconv.
//
// How it fails: to_utf8 returns Status::kInvalid naming the file and the line of the byte that is
// neither UTF-8 nor Windows-1251, or saying the file is not text at all (zero bytes); Status::kIO
// if this system's iconv lacks a converter. trim_whitespace cannot fail.
//
// Thread safety: free functions without shared state; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

// Returns `bytes` as UTF-8 without a byte order mark. Bytes that are valid UTF-8 are kept as
// they are; anything else is decoded as Windows-1251. `source_name` names the file in messages.
Result<std::string> to_utf8(std::string_view bytes, std::string_view source_name);

// `text` without spaces, tabs and no-break spaces (U+00A0, which Excel leaves in cells) at
// either end. `text` must be UTF-8.
std::string_view trim_whitespace(std::string_view text);

}  // namespace parta
