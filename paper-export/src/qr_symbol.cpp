// QR codes with libqrencode; see qr_symbol.h.
#include "qr_symbol.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <bit>
#include <cassert>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "cairo_handles.h"

namespace parta::paper {
namespace {

struct QrRelease {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrSymbol> encode_qr(std::string_view payload) {
  std::string text(payload);
  errno = 0;
  std::unique_ptr<QRcode, QrRelease> code(QRcode_encodeString(
      text.c_str(), /*version=*/0, QR_ECLEVEL_M, QR_MODE_8, /*casesensitive=*/1));
  if (!code) {
    if (errno == ERANGE) {
      return Status::invalid(fmt::format("\"{}\" is too long for a QR code", payload));
    }
    return Status::io(fmt::format("could not make a QR code: {}", std::strerror(errno)));
  }
  QrSymbol symbol{std::move(text), code->width, {}};
  const size_t modules = static_cast<size_t>(code->width) * static_cast<size_t>(code->width);
  symbol.dark.resize(modules);
  for (size_t i = 0; i < modules; ++i) symbol.dark[i] = code->data[i] & 1;
  return symbol;
}

Status draw_qr(cairo_t* cr, const QrSymbol& symbol, double x, double y, double size) {
  const int width = symbol.width;
  assert(width > 0 && symbol.dark.size() == static_cast<size_t>(width) * width);
  SurfacePtr modules(cairo_image_surface_create(CAIRO_FORMAT_A1, width, width));
  if (cairo_surface_status(modules.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::io("could not draw a QR code: out of memory");
  }
  cairo_surface_flush(modules.get());
  unsigned char* bits = cairo_image_surface_get_data(modules.get());
  const int stride = cairo_image_surface_get_stride(modules.get());
  for (int row = 0; row < width; ++row) {
    auto* words = reinterpret_cast<uint32_t*>(bits + row * stride);
    for (int column = 0; column < width; ++column) {
      // A1 pixels are bits of native-endian 32-bit words, the first pixel in the lowest bit
      // on a little-endian machine and the highest on a big-endian one.
      const uint32_t bit = std::endian::native == std::endian::little
                               ? uint32_t{1} << (column % 32)
                               : uint32_t{0x80000000} >> (column % 32);
      if (symbol.dark[static_cast<size_t>(row) * width + column]) words[column / 32] |= bit;
    }
  }
  cairo_surface_mark_dirty(modules.get());
  PatternPtr stencil(cairo_pattern_create_for_surface(modules.get()));
  // Modules stay sharp squares however far the page is scaled: no smoothing between them.
  cairo_pattern_set_filter(stencil.get(), CAIRO_FILTER_NEAREST);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, size / width, size / width);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_mask(cr, stencil.get());
  cairo_restore(cr);
  return Status::ok();
}

}  // namespace parta::paper
