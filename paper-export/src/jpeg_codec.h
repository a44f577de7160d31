// JPEG in and out of memory with libjpeg-turbo (paper-export internal): decoding for the
// export's task images (cairo's pixel layout) and `parta paper scan` (grey), turned upright by
// the file's EXIF orientation (exif_orientation.h); encoding for the photos the PDF embeds.
// Why libjpeg-turbo and not gdk-pixbuf: image_decode.h.
//
// libjpeg reports errors by a jump back (longjmp) to where it was called: here only over
// frames that hold nothing to destroy, so a damaged file is a Status, never a crash or a leak.
// Thread safety: free functions over values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"

namespace parta::paper {

enum class JpegPixels {
  kGray,  // 1 byte a pixel, 0 black to 255 white
  kBgrx,  // 4 bytes a pixel, blue green red unused: cairo's RGB24 on a little-endian machine
};

struct JpegImage {
  int width = 0;  // as seen upright
  int height = 0;
  std::vector<uint8_t> pixels;  // rows top to bottom, without padding
  // Decoded at full size and not turned: the file's own bytes show exactly these pixels.
  bool as_stored = false;
  // libjpeg's warning when the image data ran out before the image did (a file cut short in
  // transfer, or data lost inside it): the pixels after that point are grey, not the image's.
  // Empty when the data was whole.
  std::string ended_early;
};

// What the caller decides from the image's upright size once the header is read, before any
// pixel is decoded: the denominator to decode at (1, 2, 4 or 8), or the Status to refuse the
// image with (more pixels than the caller allows).
using JpegPlan = std::function<Result<unsigned>(uint32_t width_px, uint32_t height_px)>;

// The JPEG file in `bytes` as `pixels`, upright. Invalid, saying what is wrong with the file,
// for bytes that are not a JPEG file or a damaged one (with libjpeg's reason) and for a CMYK
// JPEG; the plan's Status for an image the caller refuses. A file whose image data ends early
// still decodes (JpegImage::ended_early says so): the caller decides whether a part will do.
Result<JpegImage> decode_jpeg(std::string_view bytes, JpegPixels pixels, const JpegPlan& plan);

// A JPEG file of `width` × `height` kBgrx pixels (rows `stride_bytes` apart) at `quality`
// (1..100); empty when libjpeg fails (out of memory).
std::string encode_jpeg(const uint8_t* bgrx, int width, int height, int stride_bytes, int quality);

}  // namespace parta::paper
