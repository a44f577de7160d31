// Scanned pages as grey images (paper-export internal): each page of a multi-page PDF rendered
// with poppler-glib at 150 dpi, a PNG read with cairo (png_decode.h), a JPEG decoded with
// libjpeg-turbo (jpeg_codec.h) and turned upright by its EXIF orientation (a page photographed
// with a phone held sideways).
//
// libjpeg rather than gdk-pixbuf for JPEG: it decodes straight to grey and scales down by 1/2,
// 1/4 or 1/8 while decoding (a 600 dpi phone photo costs what a 150 dpi one does), with no
// loader modules to find at run time; PNG needs nothing beyond the cairo we already link.
//
// How it fails: a file that cannot be read, is none of the three kinds or is larger than
// kScanImageFileBytesMax gives one Status for the whole file; a page or image that cannot be
// decoded gives a Status for that page alone. Both name the file (and page). Images larger than
// kScanImagePixelsMax are refused before they are decoded.
// Thread safety: free functions; poppler and cairo calls are made from one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"

namespace parta::paper {

// 150 dpi: the QR modules are 5 pixels, a bubble 35; enough, and quick.
inline constexpr double kScanDpi = 150;
// An A4 page at 600 dpi is 35 Mpx; a scan twice that is not a page.
inline constexpr size_t kScanImagePixelsMax = size_t{70} << 20;
inline constexpr size_t kScanFilePagesMax = 2000;
// A PNG or JPEG file is read whole: a 600 dpi colour A4 page is 105 MB even uncompressed.
inline constexpr uint64_t kScanImageFileBytesMax = uint64_t{256} << 20;
// Images whose longer side is above this many pixels are shrunk (by a whole factor) towards it:
// A4 at 150 dpi is 1754 pixels tall.
inline constexpr int kScanLongSidePixels = 1754;

// 8-bit grey, 0 black to 255 white, rows top to bottom without padding.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;

  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// The grey level at a point between pixels (bilinear); a point off the image takes the nearest
// edge's.
inline double sample(const GrayImage& image, double x, double y) {
  x = x < 0 ? 0 : (x > image.width - 1.001 ? image.width - 1.001 : x);
  y = y < 0 ? 0 : (y > image.height - 1.001 ? image.height - 1.001 : y);
  const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  const double fx = x - x0, fy = y - y0;
  const double top = image.at(x0, y0) * (1 - fx) + image.at(x0 + 1, y0) * fx;
  const double bottom = image.at(x0, y0 + 1) * (1 - fx) + image.at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

// A PNG or JPEG scan in memory as a grey image, upright. Invalid, saying what is wrong and
// naming no file (the caller does), for bytes that are neither, a damaged file (a JPEG whose
// image data ends early too: "the file is damaged or cut short"), a CMYK JPEG or an image of
// more than kScanImagePixelsMax pixels.
Result<GrayImage> decode_scanned_image(std::string_view bytes);

// Calls `page` for every page of `file` in order, with its 1-based number in the file and the
// image or why that page could not be read. Returns the Status of a file that cannot be read
// at all (IO, or Invalid for a kind it does not know), after calling `page` for none.
Status for_each_scanned_page(
    const std::filesystem::path& file,
    const std::function<void(uint32_t page_in_file, Result<GrayImage> image)>& page);

// How many pages for_each_scanned_page would give for `file`, without rendering or decoding
// any: a PDF's page count, 1 for a PNG or JPEG. The same Status as for_each_scanned_page for a
// file that cannot be read at all.
Result<uint32_t> count_scanned_pages(const std::filesystem::path& file);

}  // namespace parta::paper
