// QR codes with libqrencode; see qr_symbol.h.
#include "qr_symbol.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace parta::paper {
namespace {

struct QrRelease {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Status draw_qr(cairo_t* cr, std::string_view payload, double x, double y, double size) {
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
  const int width = code->width;
  const double module = size / width;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  // One rectangle per run of dark modules in a row: no hairline seams between modules when a
  // viewer or printer anti-aliases.
  for (int row = 0; row < width; ++row) {
    for (int column = 0; column < width;) {
      if (!(code->data[row * width + column] & 1)) {
        ++column;
        continue;
      }
      int run_end = column;
      while (run_end < width && (code->data[row * width + run_end] & 1)) ++run_end;
      cairo_rectangle(cr, x + column * module, y + row * module, (run_end - column) * module,
                      module);
      column = run_end;
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
  return Status::ok();
}

}  // namespace parta::paper
