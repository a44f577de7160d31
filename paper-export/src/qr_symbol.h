// Draws a QR code (paper-export internal). libqrencode makes the symbol; it goes into the PDF
// as a one-bit stencil image (an /ImageMask, one bit a module, drawn without smoothing), which
// stays sharp at any printer resolution and costs a page a few hundred bytes, where a
// rectangle per run of modules cost the renderer a thousand printed numbers a page. Encoding
// is apart from drawing so that a class set encodes its pages' symbols on a second core
// (qr_ahead.h).
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"

namespace parta::paper {

// A QR symbol: `width` × `width` modules, row by row, 1 for dark.
struct QrSymbol {
  std::string payload;
  int width = 0;
  std::vector<uint8_t> dark;
};

// The QR symbol of `payload` (alphanumeric mode where the text allows it, byte mode elsewhere;
// error correction level M; the smallest version that holds it). IO if libqrencode fails (out
// of memory); Invalid if the payload is too long for a QR code. Thread safe.
Result<QrSymbol> encode_qr(std::string_view payload);

// Draws `symbol` filling the square `size` points wide at (x, y); its quiet zone is outside the
// square and must stay white. IO when cairo cannot make the symbol's image (out of memory).
Status draw_qr(cairo_t* cr, const QrSymbol& symbol, double x, double y, double size);

}  // namespace parta::paper
