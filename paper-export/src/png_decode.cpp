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

// libpng allocates a chunk's declared length before it reads the chunk, so a damaged file whose
// text chunk claims 1.6 GB would take that much memory: every chunk up to IEND must fit in the
// file first. A file that ends early is left to libpng, which says so.
Status check_chunk_lengths(std::string_view bytes) {
  for (size_t at = 8; at + 12 <= bytes.size();) {
    const uint32_t length = big_endian(bytes, at);
    if (length > bytes.size() - at - 12) {
      return Status::invalid(
          "the file is a damaged PNG file (a chunk runs past the end of the file)");
    }
    if (bytes.substr(at + 4, 4) == "IEND") break;
    at += 12 + size_t{length};
  }
  return Status::ok();
}

}  // namespace

Result<SurfacePtr> decode_png(std::string_view bytes, const PngSizeCheck& check_size) {
  // The header chunk comes first: its size is checked before cairo allocates the pixels.
  if (bytes.size() < 33 || bytes.substr(12, 4) != "IHDR") {
    return Status::invalid("the file is a damaged PNG file (no header)");
  }
  PARTA_RETURN_IF_ERROR(check_size(big_endian(bytes, 16), big_endian(bytes, 20)));
  PARTA_RETURN_IF_ERROR(check_chunk_lengths(bytes));
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
