// Decoding a task image for print (paper-export internal): PNG with cairo (png_decode.h),
// JPEG with libjpeg-turbo (jpeg_codec.h) turned upright by its EXIF orientation (a teacher's
// phone photo of a worksheet), and downscaling to the pixels it needs where it prints.
//
// libjpeg-turbo rather than gdk-pixbuf: it is one small library (gdk-pixbuf brings GLib's
// module loader and a loader per format, and decodes whatever format the bytes claim), it
// decodes straight into cairo's pixel layout (JCS_EXT_BGRX), it scales by 1/2, 1/4 or 1/8
// while decoding so a camera photo never exists at full size in memory, and it encodes too:
// a photo is embedded in the PDF as JPEG (DCTDecode), a tenth of the bytes of cairo's
// lossless Flate. `parta paper scan` reads JPEG scans with the same code.
//
// How it fails: Invalid, saying what is wrong with the file, for bytes that are not a PNG or
// JPEG file, a damaged one, a CMYK JPEG, or more than kImagePixelsMax pixels (checked before
// decoding).
// Thread safety: free functions over values.
#pragma once

#include <string>
#include <string_view>

#include "cairo_handles.h"
#include "parta/storage/status.h"

namespace parta::paper {

struct DecodedImage {
  SurfacePtr surface;  // CAIRO_FORMAT_RGB24, or ARGB32 for a PNG with transparency
  int width_px = 0;
  int height_px = 0;
};

// The image in `bytes`, upright, at most `width_px_max` × `height_px_max` pixels (scaled down
// keeping its proportions, never up). A JPEG keeps its bytes for the PDF
// (CAIRO_MIME_TYPE_JPEG): the file's own when it was neither scaled nor turned, re-encoded
// from the upright pixels when it was.
Result<DecodedImage> decode_image(std::string_view bytes, int width_px_max, int height_px_max);

}  // namespace parta::paper
