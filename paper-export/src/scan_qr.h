// Finding a scanned page's QR code with zbar and, from the symbol's corners, where the A4 page
// lies in the image (paper-export internal). The QR code is printed at a known place and size
// (page_geometry.h), so its four corners give the page-to-image transform: the scale of a
// "fit to page" print or another paper size, a turn of a few degrees, a page upside down.
//
// An image may hold more than one page's code (pages photographed side by side): all are found,
// and the caller decides what to do with them.
//
// How it fails: Invalid saying what was seen: no QR code, a QR code that is not a Parta
// packet's, a later payload version, a payload that breaks the grammar (docs/qr-payload.md).
// Thread safety: free functions; zbar state is per call.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/paper/qr_payload.h"
#include "parta/paper/scan_layout.h"
#include "parta/storage/status.h"
#include "scan_image.h"

namespace parta::paper {

// image = linear · page + offset; page in points, image in pixels.
struct PageTransform {
  double xx = 1, xy = 0, yx = 0, yy = 1;  // image.x = xx·x + xy·y + dx; image.y = yx·x + yy·y + dy
  double dx = 0, dy = 0;

  PagePoint map(PagePoint page) const {
    return {xx * page.x + xy * page.y + dx, yx * page.x + yy * page.y + dy};
  }
  // A page-size vector (no offset).
  PagePoint map_vector(PagePoint page) const {
    return {xx * page.x + xy * page.y, yx * page.x + yy * page.y};
  }
  // Pixels per point, averaged over both axes.
  double scale() const;
};

// The payload (docs/qr-payload.md, version 1) as printed: ids come back in lower case.
Result<PageCode> parse_qr_payload(std::string_view payload);

struct FoundCode {
  std::string payload;
  PageCode page;
  PageTransform transform;
};

// Every Parta page's QR code in the image whose place on the page is known, each page once:
// one for a page scanned alone, more for pages photographed side by side or printed two to a
// sheet. Invalid, saying what was seen, when there is none.
Result<std::vector<FoundCode>> find_page_codes(const GrayImage& image);

}  // namespace parta::paper
