// Decoding task images; see image_decode.h.
#include "image_decode.h"

#include <fmt/format.h>
// jpeglib.h needs FILE and size_t declared before it.
#include <cstdio>
#include <jpeglib.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <csetjmp>
#include <cstdlib>
#include <cstring>

#include "parta/paper/packet_pdf.h"

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

// libjpeg reports errors by calling error_exit, which must not return: it jumps back.
struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void jpeg_failed(j_common_ptr info) {
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}

void jpeg_quiet(j_common_ptr, int) {}  // warnings (a truncated file decodes grey)

// The largest of 1, 2, 4, 8 that decoding may divide by and still have the pixels wanted.
unsigned jpeg_divisor(unsigned width, unsigned height, int width_max, int height_max) {
  unsigned divisor = 1;
  while (divisor < 8 && width / (divisor * 2) >= static_cast<unsigned>(width_max) &&
         height / (divisor * 2) >= static_cast<unsigned>(height_max)) {
    divisor *= 2;
  }
  return divisor;
}

// Decodes a JPEG into an RGB24 surface. Only plain C objects live between setjmp and the
// jumps back to it, so the jump skips no destructor.
Result<DecodedImage> decode_jpeg(std::string_view bytes, int width_max,
                                 int height_max, bool* reduced) {
  jpeg_decompress_struct info;
  JpegErrors errors;
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = jpeg_failed;
  errors.manager.emit_message = jpeg_quiet;
  cairo_surface_t* volatile surface = nullptr;  // volatile: read after a jump back
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    if (surface) cairo_surface_destroy(surface);
    return not_readable(fmt::format("is a damaged JPEG file ({})", errors.message));
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(&info, TRUE);
  if (uint64_t{info.image_width} * info.image_height > kImagePixelsMax) {
    jpeg_destroy_decompress(&info);
    return too_large(info.image_width, info.image_height);
  }
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&info);
    return not_readable("is a CMYK JPEG (made for a print shop); save it as RGB");
  }
  info.out_color_space = JCS_EXT_BGRX;  // cairo's RGB24 on a little-endian machine
  info.scale_num = 1;
  info.scale_denom = jpeg_divisor(info.image_width, info.image_height, width_max, height_max);
  *reduced = info.scale_denom > 1;
  jpeg_start_decompress(&info);
  surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(info.output_width),
                                       static_cast<int>(info.output_height));
  unsigned char* pixels = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  if (!pixels) {  // cairo could not have the memory
    jpeg_destroy_decompress(&info);
    cairo_surface_destroy(surface);
    return Status::io(fmt::format("no memory for a {}×{} image", info.output_width,
                                  info.output_height));
  }
  cairo_surface_flush(surface);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = pixels + static_cast<size_t>(info.output_scanline) * stride;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  cairo_surface_mark_dirty(surface);
  DecodedImage image{SurfacePtr(surface), cairo_image_surface_get_width(surface),
                     cairo_image_surface_get_height(surface)};
  return image;
}

struct PngReader {
  std::string_view bytes;
  size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<PngReader*>(closure);
  if (reader->bytes.size() - reader->at < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->bytes.data() + reader->at, length);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

uint32_t big_endian(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

Result<DecodedImage> decode_png(std::string_view bytes) {
  // The header chunk comes first: its size is checked before cairo allocates the pixels.
  if (bytes.size() < 33 || bytes.substr(12, 4) != "IHDR") {
    return not_readable("is a damaged PNG file (no header)");
  }
  uint64_t width = big_endian(bytes, 16), height = big_endian(bytes, 20);
  if (width * height > kImagePixelsMax) return too_large(width, height);
  PngReader reader{bytes};
  SurfacePtr surface(cairo_image_surface_create_from_png_stream(read_png, &reader));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return not_readable(fmt::format("is a damaged PNG file ({})",
                                          cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  int w = cairo_image_surface_get_width(surface.get());
  int h = cairo_image_surface_get_height(surface.get());
  return DecodedImage{std::move(surface), w, h};
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

// Encodes an RGB24 surface as JPEG for the PDF to embed as it is.
std::string encode_jpeg(cairo_surface_t* surface) {
  jpeg_compress_struct info;
  JpegErrors errors;
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = jpeg_failed;
  unsigned char* buffer = nullptr;
  unsigned long length = 0;
  if (setjmp(errors.jump)) {  // out of memory: cairo then embeds the pixels losslessly
    jpeg_destroy_compress(&info);
    std::free(buffer);
    return {};
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &length);
  info.image_width = static_cast<JDIMENSION>(cairo_image_surface_get_width(surface));
  info.image_height = static_cast<JDIMENSION>(cairo_image_surface_get_height(surface));
  info.input_components = 4;
  info.in_color_space = JCS_EXT_BGRX;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, kJpegQuality, TRUE);
  jpeg_start_compress(&info, TRUE);
  unsigned char* pixels = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = pixels + static_cast<size_t>(info.next_scanline) * stride;
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::string jpeg(reinterpret_cast<char*>(buffer), length);
  std::free(buffer);
  return jpeg;
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
  bool reduced = false;  // decoded at a fraction of its size
  auto image = jpeg ? decode_jpeg(bytes, width_px_max, height_px_max, &reduced)
               : bytes.starts_with(kPngSignature)
                   ? decode_png(bytes)
                   : Result<DecodedImage>(not_readable("is not a PNG or JPEG file"));
  if (!image) return image.status();
  double scale = std::min({1.0, static_cast<double>(width_px_max) / image->width_px,
                           static_cast<double>(height_px_max) / image->height_px});
  if (scale < 1.0) {
    int width = std::max(1, static_cast<int>(std::lround(image->width_px * scale)));
    int height = std::max(1, static_cast<int>(std::lround(image->height_px * scale)));
    DecodedImage smaller = scaled(*image, width, height);
    if (jpeg) attach_jpeg(smaller.surface.get(), encode_jpeg(smaller.surface.get()));
    return smaller;
  }
  if (jpeg) {
    attach_jpeg(image->surface.get(),
                reduced ? encode_jpeg(image->surface.get()) : std::string(bytes));
  }
  return image;
}

}  // namespace parta::paper
