// Reading PNG files; see png_decode.h.
#include "png_decode.h"

#include <fmt/format.h>

#include <cstring>

namespace parta::paper {
namespace {

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

}  // namespace

Result<SurfacePtr> decode_png(std::string_view bytes, const PngSizeCheck& check_size) {
  // The header chunk comes first: its size is checked before cairo allocates the pixels.
  if (bytes.size() < 33 || bytes.substr(12, 4) != "IHDR") {
    return Status::invalid("the file is a damaged PNG file (no header)");
  }
  PARTA_RETURN_IF_ERROR(check_size(big_endian(bytes, 16), big_endian(bytes, 20)));
  PngReader reader{bytes};
  SurfacePtr surface(cairo_image_surface_create_from_png_stream(read_png, &reader));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::invalid(
        fmt::format("the file is a damaged PNG file ({})",
                    cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  return surface;
}

}  // namespace parta::paper
