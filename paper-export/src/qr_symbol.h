// Draws a QR code as filled cairo rectangles, so that it stays sharp at any printer resolution
// (paper-export internal). libqrencode makes the symbol.
#pragma once

#include <cairo.h>

#include <string_view>

#include "parta/storage/status.h"

namespace parta::paper {

// A QR code of `payload` (alphanumeric mode where the text allows it, byte mode elsewhere;
// error correction level M; the smallest version that holds it) filling the square `size` points
// wide at (x, y); its quiet zone is outside the square and must stay white. IO if libqrencode fails
// (out of memory); Invalid if the payload is too long for a QR code.
Status draw_qr(cairo_t* cr, std::string_view payload, double x, double y, double size);

}  // namespace parta::paper
