// Decoding task images; see image_decode.h.
#include "image_decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "jpeg_codec.h"
#include "parta/paper/packet_pdf.h"
#include "png_decode.h"

namespace parta::paper {
namespace {

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";
constexpr int kJpegQuality = 85;  // photos on paper: no visible loss, a fraction of the bytes

Status not_readable(std::string_view why) {
  return Status::invalid(fmt::format("the file {}", why));
}

Status too_large(uint64_t width, uint64_t height) {
  return not_readable(fmt::format("is {}×{} pixels; an image may have at most {} "
                                        "megapixels: make it smaller",
                                        width, height, kImagePixelsMax / 1'000'000));
}

// The largest of 1, 2, 4, 8 that decoding may divide by and still have the pixels wanted.
unsigned jpeg_divisor(unsigned width, unsigned height, int width_max, int height_max) {
  unsigned divisor = 1;
  while (divisor < 8 && width / (divisor * 2) >= static_cast<unsigned>(width_max) &&
         height / (divisor * 2) >= static_cast<unsigned>(height_max)) {
    divisor *= 2;
  }
  return divisor;
}

// Decodes a JPEG, upright, into an RGB24 surface; `as_stored` when the file's own bytes show
// exactly its pixels (jpeg_codec.h).
Result<DecodedImage> decode_jpeg_image(std::string_view bytes, int width_max, int height_max,
                                       bool* as_stored) {
  auto jpeg = decode_jpeg(bytes, JpegPixels::kBgrx,
                          [&](uint32_t width, uint32_t height) -> Result<unsigned> {
                            if (uint64_t{width} * height > kImagePixelsMax) {
                              return too_large(width, height);
                            }
                            return jpeg_divisor(width, height, width_max, height_max);
                          });
  if (!jpeg) return jpeg.status();
  *as_stored = jpeg->as_stored;
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, jpeg->width, jpeg->height));
  unsigned char* pixels = cairo_image_surface_get_data(surface.get());
  if (!pixels) {  // cairo could not have the memory
    return Status::io(fmt::format("no memory for a {}×{} image", jpeg->width, jpeg->height));
  }
  const int stride = cairo_image_surface_get_stride(surface.get());
  const size_t row_bytes = static_cast<size_t>(jpeg->width) * 4;
  cairo_surface_flush(surface.get());
  for (int y = 0; y < jpeg->height; ++y) {
    std::memcpy(pixels + static_cast<size_t>(y) * stride, jpeg->pixels.data() + y * row_bytes,
                row_bytes);
  }
  cairo_surface_mark_dirty(surface.get());
  return DecodedImage{std::move(surface), jpeg->width, jpeg->height};
}

Result<DecodedImage> decode_png_image(std::string_view bytes) {
  auto surface = decode_png(bytes, [](uint64_t width, uint64_t height) {
    return width * height > kImagePixelsMax ? too_large(width, height) : Status::ok();
  });
  if (!surface) return surface.status();
  int width = cairo_image_surface_get_width(surface->get());
  int height = cairo_image_surface_get_height(surface->get());
  return DecodedImage{std::move(*surface), width, height};
}

// A smaller copy of the image, `width` × `height` pixels; cairo's GOOD filter averages the
// pixels each new one covers rather than picking one (no moiré in a downscaled diagram).
DecodedImage scaled(const DecodedImage& image, int width, int height) {
  cairo_format_t format = cairo_image_surface_get_format(image.surface.get());
  SurfacePtr target(cairo_image_surface_create(format, width, height));
  ContextPtr cr(cairo_create(target.get()));
  cairo_scale(cr.get(), static_cast<double>(width) / image.width_px,
              static_cast<double>(height) / image.height_px);
  cairo_set_source_surface(cr.get(), image.surface.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr.get()), CAIRO_FILTER_GOOD);
  cairo_set_operator(cr.get(), CAIRO_OPERATOR_SOURCE);
  cairo_paint(cr.get());
  cr.reset();
  cairo_surface_flush(target.get());
  return DecodedImage{std::move(target), width, height};
}

// The RGB24 surface as a JPEG file for the PDF to embed as it is; empty when encoding failed
// (out of memory: cairo then embeds the pixels losslessly).
std::string jpeg_of(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  return encode_jpeg(cairo_image_surface_get_data(surface), cairo_image_surface_get_width(surface),
                     cairo_image_surface_get_height(surface),
                     cairo_image_surface_get_stride(surface), kJpegQuality);
}

void attach_jpeg(cairo_surface_t* surface, std::string jpeg) {
  if (jpeg.empty()) return;
  auto* copy = new std::string(std::move(jpeg));
  cairo_surface_set_mime_data(
      surface, CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()),
      copy->size(), [](void* data) { delete static_cast<std::string*>(data); }, copy);
}

}  // namespace

Result<DecodedImage> decode_image(std::string_view bytes, int width_px_max, int height_px_max) {
  assert(width_px_max > 0 && height_px_max > 0);
  bool jpeg = bytes.starts_with("\xFF\xD8\xFF");
  bool as_stored = false;  // the JPEG file's own bytes show the decoded pixels
  auto image = jpeg ? decode_jpeg_image(bytes, width_px_max, height_px_max, &as_stored)
               : bytes.starts_with(kPngSignature)
                   ? decode_png_image(bytes)
                   : Result<DecodedImage>(not_readable("is not a PNG or JPEG file"));
  if (!image) return image.status();
  double scale = std::min({1.0, static_cast<double>(width_px_max) / image->width_px,
                           static_cast<double>(height_px_max) / image->height_px});
  if (scale < 1.0) {
    int width = std::max(1, static_cast<int>(std::lround(image->width_px * scale)));
    int height = std::max(1, static_cast<int>(std::lround(image->height_px * scale)));
    DecodedImage smaller = scaled(*image, width, height);
    if (jpeg) attach_jpeg(smaller.surface.get(), jpeg_of(smaller.surface.get()));
    return smaller;
  }
  if (jpeg) {
    // A file decoded smaller or turned upright is encoded again: the PDF shows the bytes it
    // embeds as they are stored, and knows nothing of EXIF.
    attach_jpeg(image->surface.get(),
                as_stored ? std::string(bytes) : jpeg_of(image->surface.get()));
  }
  return image;
}

}  // namespace parta::paper
