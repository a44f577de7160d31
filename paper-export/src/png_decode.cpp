// Reading PNG files; see png_decode.h.
#include "png_decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iterator>

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

// The chunks cairo reads (cairo-png.c: header, palette, transparency, pixels, end), copied from
// `bytes` with the PNG signature. libpng, inside cairo where its limits cannot be set, allocates
// a chunk's declared length before reading it: a damaged text chunk claiming 1.6 GB took that
// much memory. So the chunks cairo does not use are left out (nothing in them can cost memory
// or time), and a chunk longer than what is left of the file is refused. A file that ends early
// is left to libpng, which says so.
Result<std::string> pixel_chunks(std::string_view bytes) {
  static constexpr std::string_view kRead[] = {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"};
  std::string kept(bytes.substr(0, 8));
  for (size_t at = 8; at + 12 <= bytes.size();) {
    const uint32_t length = big_endian(bytes, at);
    if (length > bytes.size() - at - 12) {
      return Status::invalid(
          "the file is a damaged PNG file (a chunk runs past the end of the file)");
    }
    const std::string_view type = bytes.substr(at + 4, 4);
    const std::string_view chunk = bytes.substr(at, 12 + size_t{length});
    if (std::find(std::begin(kRead), std::end(kRead), type) != std::end(kRead)) kept += chunk;
    if (type == "IEND") return kept;
    at += chunk.size();
  }
  return kept;
}

}  // namespace

Result<SurfacePtr> decode_png(std::string_view bytes, const PngSizeCheck& check_size) {
  // The header chunk comes first: its size is checked before cairo allocates the pixels.
  if (bytes.size() < 33 || bytes.substr(12, 4) != "IHDR") {
    return Status::invalid("the file is a damaged PNG file (no header)");
  }
  PARTA_RETURN_IF_ERROR(check_size(big_endian(bytes, 16), big_endian(bytes, 20)));
  auto chunks = pixel_chunks(bytes);
  if (!chunks) return chunks.status();
  PngReader reader{*chunks};
  SurfacePtr surface(cairo_image_surface_create_from_png_stream(read_png, &reader));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::invalid(
        fmt::format("the file is a damaged PNG file ({})",
                    cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  return surface;
}

}  // namespace parta::paper
