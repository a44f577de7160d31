// EXIF orientation; see exif_orientation.h.
#include "exif_orientation.h"

#include <cassert>
#include <cstddef>
#include <cstring>
#include <optional>

namespace parta::paper {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kExifHeader = "Exif\0\0"sv;
constexpr std::string_view kTiffLittleEndian = "II*\0"sv;
constexpr std::string_view kTiffBigEndian = "MM\0*"sv;
constexpr uint32_t kOrientationTag = 0x0112;
constexpr uint32_t kShortType = 3;     // TIFF field type SHORT: an unsigned 16-bit number
constexpr size_t kIfdEntryBytes = 12;  // tag 2, type 2, count 4, value or offset 4

// Numbers of the TIFF structure in its byte order, each read only where it lies whole inside.
struct TiffNumbers {
  std::string_view tiff;
  bool big_endian = false;

  std::optional<uint32_t> read(size_t at, size_t bytes) const {
    if (at > tiff.size() || tiff.size() - at < bytes) return std::nullopt;
    uint32_t value = 0;
    for (size_t i = 0; i < bytes; ++i) {
      size_t byte = big_endian ? at + i : at + bytes - 1 - i;
      value = (value << 8) | static_cast<unsigned char>(tiff[byte]);
    }
    return value;
  }
};

// Where the stored pixel of upright position (x, y) is: start + x · along_x + y · along_y,
// in pixels from the stored image's first.
struct StoredWalk {
  ptrdiff_t start, along_x, along_y;
};

StoredWalk stored_walk(Orientation orientation, ptrdiff_t width, ptrdiff_t height) {
  const ptrdiff_t last_row = (height - 1) * width, last_column = width - 1;
  switch (orientation) {
    case Orientation::kTopLeft:
      return {0, 1, width};
    case Orientation::kTopRight:
      return {last_column, -1, width};
    case Orientation::kBottomRight:
      return {last_row + last_column, -1, -width};
    case Orientation::kBottomLeft:
      return {last_row, 1, -width};
    case Orientation::kLeftTop:
      return {0, width, 1};
    case Orientation::kRightTop:
      return {last_row, -width, 1};
    case Orientation::kRightBottom:
      return {last_row + last_column, -width, -1};
    case Orientation::kLeftBottom:
      return {last_column, width, -1};
  }
  assert(false && "an Orientation is one of the eight");
  return {0, 1, width};
}

}  // namespace

Orientation exif_orientation(std::string_view app1) {
  if (!app1.starts_with(kExifHeader)) return Orientation::kTopLeft;
  const std::string_view tiff = app1.substr(kExifHeader.size());
  if (!tiff.starts_with(kTiffLittleEndian) && !tiff.starts_with(kTiffBigEndian)) {
    return Orientation::kTopLeft;
  }
  const TiffNumbers numbers{tiff, tiff.starts_with(kTiffBigEndian)};
  const std::optional<uint32_t> ifd = numbers.read(4, 4);
  const std::optional<uint32_t> entries = ifd ? numbers.read(*ifd, 2) : std::nullopt;
  if (!entries) return Orientation::kTopLeft;
  // At most 65535 entries, and the walk stops at the segment's end.
  for (size_t entry = size_t{*ifd} + 2, end = entry + *entries * kIfdEntryBytes; entry < end;
       entry += kIfdEntryBytes) {
    const std::optional<uint32_t> tag = numbers.read(entry, 2);
    if (!tag) break;
    if (*tag != kOrientationTag) continue;
    const std::optional<uint32_t> type = numbers.read(entry + 2, 2);
    const std::optional<uint32_t> count = numbers.read(entry + 4, 4);
    const std::optional<uint32_t> value =
        numbers.read(entry + 8, 2);  // a SHORT fills from the left
    if (type != kShortType || count != 1u || !value || *value < 1 || *value > 8) break;
    return static_cast<Orientation>(*value);
  }
  return Orientation::kTopLeft;
}

bool swaps_sides(Orientation orientation) { return orientation >= Orientation::kLeftTop; }

std::vector<uint8_t> turn_upright(const std::vector<uint8_t>& stored, int width, int height,
                                  int pixel_bytes, Orientation orientation) {
  assert(width > 0 && height > 0 && pixel_bytes > 0);
  assert(stored.size() == static_cast<size_t>(width) * height * pixel_bytes);
  const int upright_width = swaps_sides(orientation) ? height : width;
  const int upright_height = swaps_sides(orientation) ? width : height;
  const StoredWalk walk = stored_walk(orientation, width, height);
  std::vector<uint8_t> upright(stored.size());
  uint8_t* to = upright.data();
  for (int y = 0; y < upright_height; ++y) {
    ptrdiff_t from = walk.start + y * walk.along_y;
    for (int x = 0; x < upright_width; ++x, from += walk.along_x, to += pixel_bytes) {
      std::memcpy(to, stored.data() + from * pixel_bytes, static_cast<size_t>(pixel_bytes));
    }
  }
  return upright;
}

}  // namespace parta::paper
