#include "parta/storage/text_encoding.h"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <optional>

namespace parta {
namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kSaveAsUtf8Advice =
    "save it as \"CSV UTF-8\" (Excel: File, Save As) and import that file";

// What iconv made of some bytes: all of them, or the offset of the first it could not decode.
struct Conversion {
  std::string text;
  std::optional<size_t> undecodable_offset;
};

// One iconv conversion descriptor, closed when it goes out of scope.
class IconvToUtf8 {
 public:
  explicit IconvToUtf8(const char* source_encoding)
      : descriptor_(iconv_open("UTF-8", source_encoding)) {}
  ~IconvToUtf8() {
    if (is_open()) iconv_close(descriptor_);
  }
  IconvToUtf8(const IconvToUtf8&) = delete;
  IconvToUtf8& operator=(const IconvToUtf8&) = delete;

  bool is_open() const { return descriptor_ != reinterpret_cast<iconv_t>(-1); }

  Conversion convert(std::string_view bytes) {
    assert(is_open());
    // Windows-1251 takes at most 3 UTF-8 bytes per byte, so one doubling fits any input.
    std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
    char* in_next = const_cast<char*>(bytes.data());  // iconv's signature lacks const
    size_t in_left = bytes.size();
    size_t out_used = 0;
    while (in_left > 0) {
      char* out_next = out.data() + out_used;
      size_t out_left = out.size() - out_used;
      const size_t converted = iconv(descriptor_, &in_next, &in_left, &out_next, &out_left);
      out_used = static_cast<size_t>(out_next - out.data());
      if (converted != static_cast<size_t>(-1)) break;
      if (errno != E2BIG) return Conversion{{}, bytes.size() - in_left};
      out.resize(out.size() * 2);
    }
    out.resize(out_used);
    return Conversion{std::move(out), std::nullopt};
  }

 private:
  iconv_t descriptor_;
};

Result<Conversion> convert_to_utf8(std::string_view bytes, const char* source_encoding) {
  IconvToUtf8 converter(source_encoding);
  if (!converter.is_open()) {
    return Status::io(fmt::format(
        "this system's iconv cannot convert {} to UTF-8: install the glibc gconv modules",
        source_encoding));
  }
  return converter.convert(bytes);
}

Status undecodable_byte(std::string_view bytes, size_t offset, std::string_view source_name) {
  const auto line = 1 + std::count(bytes.begin(), bytes.begin() + offset, '\n');
  return Status::invalid(
      fmt::format("{} line {}: byte 0x{:02X} is neither UTF-8 nor Windows-1251 text: {}",
                  source_name, line, static_cast<unsigned char>(bytes[offset]), kSaveAsUtf8Advice));
}

// How many bytes the space, tab or no-break space at the start of `text` takes; 0 if none.
size_t leading_space_bytes(std::string_view text) {
  if (text.starts_with(' ') || text.starts_with('\t')) return 1;
  if (text.starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
  return 0;
}

size_t trailing_space_bytes(std::string_view text) {
  if (text.ends_with(' ') || text.ends_with('\t')) return 1;
  if (text.ends_with(kNoBreakSpace)) return kNoBreakSpace.size();
  return 0;
}

}  // namespace

Result<std::string> to_utf8(std::string_view bytes, std::string_view source_name) {
  if (bytes.starts_with(kUtf8ByteOrderMark)) bytes.remove_prefix(kUtf8ByteOrderMark.size());
  if (bytes.find('\0') != std::string_view::npos) {
    return Status::invalid(fmt::format(
        "{} is not a text file (it has zero bytes: an .xlsx workbook or UTF-16 text?): {}",
        source_name, kSaveAsUtf8Advice));
  }
  Result<Conversion> as_utf8 = convert_to_utf8(bytes, "UTF-8");
  if (!as_utf8) return as_utf8.status();
  if (!as_utf8->undecodable_offset) return std::move(as_utf8->text);

  Result<Conversion> from_windows_1251 = convert_to_utf8(bytes, "WINDOWS-1251");
  if (!from_windows_1251) return from_windows_1251.status();
  if (const auto offset = from_windows_1251->undecodable_offset) {
    // Point at the byte that most likely broke the file: one that began with valid non-ASCII
    // UTF-8 is UTF-8 with a damaged byte, any other is Windows-1251 with a meaningless byte.
    const size_t utf8_offset = *as_utf8->undecodable_offset;
    const bool began_as_utf8 = std::any_of(bytes.begin(), bytes.begin() + utf8_offset,
                                           [](char c) { return (c & 0x80) != 0; });
    return undecodable_byte(bytes, began_as_utf8 ? utf8_offset : *offset, source_name);
  }
  return std::move(from_windows_1251->text);
}

std::string_view trim_whitespace(std::string_view text) {
  while (const size_t width = leading_space_bytes(text)) text.remove_prefix(width);
  while (const size_t width = trailing_space_bytes(text)) text.remove_suffix(width);
  return text;
}

}  // namespace parta
