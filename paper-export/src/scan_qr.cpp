// Reading a page's QR code; see scan_qr.h.
#include "scan_qr.h"

#include <fmt/format.h>
#include <zbar.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <memory>
#include <vector>

#include "page_geometry.h"

namespace parta::paper {
namespace {

// A page scanned or photographed alone covers most of the image (94 % of it printed "fit to
// page" on Letter); one of two side by side, or printed two to a sheet, half of it.
constexpr double kPageShareOfImageMin = 0.6;

struct ScannerRelease {
  void operator()(zbar::zbar_image_scanner_t* scanner) const {
    zbar::zbar_image_scanner_destroy(scanner);
  }
};
struct ImageRelease {
  void operator()(zbar::zbar_image_t* image) const { zbar::zbar_image_destroy(image); }
};

struct Symbol {
  std::string text;
  std::array<PagePoint, 4> corners;  // image pixels
  bool has_corners = false;
};

// The QR codes zbar finds in `crop` of the image.
std::vector<Symbol> zbar_symbols(const GrayImage& image, int left, int top, int width, int height) {
  std::unique_ptr<zbar::zbar_image_scanner_t, ScannerRelease> scanner(
      zbar::zbar_image_scanner_create());
  zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  std::unique_ptr<zbar::zbar_image_t, ImageRelease> zimage(zbar::zbar_image_create());
  zbar::zbar_image_set_format(zimage.get(), zbar_fourcc('Y', '8', '0', '0'));
  zbar::zbar_image_set_size(zimage.get(), static_cast<unsigned>(image.width),
                            static_cast<unsigned>(image.height));
  zbar::zbar_image_set_data(zimage.get(), image.pixels.data(), image.pixels.size(), nullptr);
  zbar::zbar_image_set_crop(zimage.get(), static_cast<unsigned>(left), static_cast<unsigned>(top),
                            static_cast<unsigned>(width), static_cast<unsigned>(height));
  std::vector<Symbol> symbols;
  if (zbar::zbar_scan_image(scanner.get(), zimage.get()) <= 0) return symbols;
  for (const zbar::zbar_symbol_t* symbol = zbar::zbar_image_first_symbol(zimage.get()); symbol;
       symbol = zbar::zbar_symbol_next(symbol)) {
    Symbol found;
    found.text.assign(zbar::zbar_symbol_get_data(symbol),
                      zbar::zbar_symbol_get_data_length(symbol));
    // zbar gives a QR symbol's corners in the symbol's own order: top left, bottom left,
    // bottom right, top right, however the image is turned.
    found.has_corners = zbar::zbar_symbol_get_loc_size(symbol) == 4;
    for (unsigned i = 0; found.has_corners && i < 4; ++i) {
      found.corners[i] = {static_cast<double>(zbar::zbar_symbol_get_loc_x(symbol, i)),
                          static_cast<double>(zbar::zbar_symbol_get_loc_y(symbol, i))};
    }
    symbols.push_back(std::move(found));
  }
  return symbols;
}

// Least squares affine fit of page → image over the four corners of the symbol.
PageTransform fit_transform(const std::array<PagePoint, 4>& image_corners) {
  const std::array<PagePoint, 4> page_corners = {
      PagePoint{kQrLeft, kQrTop}, PagePoint{kQrLeft, kQrBottom},
      PagePoint{kQrLeft + kQrSize, kQrBottom}, PagePoint{kQrLeft + kQrSize, kQrTop}};
  // The corners form a square: centred on its middle, the normal equations are diagonal.
  PagePoint page_mid{kQrLeft + kQrSize / 2, kQrTop + kQrSize / 2};
  PagePoint image_mid{};
  for (const PagePoint& corner : image_corners) {
    image_mid.x += corner.x / 4;
    image_mid.y += corner.y / 4;
  }
  double sum_uu = 0, sum_vv = 0, sum_ux = 0, sum_vx = 0, sum_uy = 0, sum_vy = 0;
  for (size_t i = 0; i < 4; ++i) {
    double u = page_corners[i].x - page_mid.x, v = page_corners[i].y - page_mid.y;
    double x = image_corners[i].x - image_mid.x, y = image_corners[i].y - image_mid.y;
    sum_uu += u * u;
    sum_vv += v * v;
    sum_ux += u * x;
    sum_vx += v * x;
    sum_uy += u * y;
    sum_vy += v * y;
  }
  PageTransform transform;
  transform.xx = sum_ux / sum_uu;
  transform.xy = sum_vx / sum_vv;
  transform.yx = sum_uy / sum_uu;
  transform.yy = sum_vy / sum_vv;
  transform.dx = image_mid.x - transform.xx * page_mid.x - transform.xy * page_mid.y;
  transform.dy = image_mid.y - transform.yx * page_mid.x - transform.yy * page_mid.y;
  return transform;
}

// At most kQrPayloadBytesMax bytes of `text` for a message, cut where a UTF-8 character starts
// so that the message (and --json output) stays valid UTF-8.
std::string_view excerpt(std::string_view text) {
  if (text.size() <= kQrPayloadBytesMax) return text;
  size_t end = kQrPayloadBytesMax;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

Result<uint32_t> parse_number(std::string_view text, std::string_view payload) {
  uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.size() > 2 || error != std::errc() || end != text.data() + text.size()) {
    return Status::invalid(fmt::format("QR code \"{}\": \"{}\" is not a page number",
                                       excerpt(payload), excerpt(text)));
  }
  return value;
}

bool is_id(std::string_view id, char prefix) {
  size_t dash = id.find('-');
  if (id.size() > kIdBytesMax || id.empty() || id[0] != prefix || dash == std::string_view::npos ||
      dash < 2 || id.size() - dash - 1 != 8) {
    return false;
  }
  for (size_t i = 1; i < id.size(); ++i) {
    bool digit = id[i] >= '0' && id[i] <= '9';
    bool hex = digit || (id[i] >= 'A' && id[i] <= 'F');
    if (i < dash ? !digit : (i > dash && !hex)) return false;
  }
  return true;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The Parta page codes among `symbols` whose place on the page is known, each page once, added
// to `found`; `refused` is why the last symbol that is no Parta page code was refused.
void add_page_codes(const std::vector<Symbol>& symbols, std::vector<FoundCode>& found,
                    std::optional<Status>& refused) {
  for (const Symbol& symbol : symbols) {
    auto page = parse_qr_payload(symbol.text);
    if (!page) {
      refused = page.status();
      continue;
    }
    if (!symbol.has_corners) continue;
    PageTransform transform = fit_transform(symbol.corners);
    double scale = transform.scale();
    if (!(scale > 0.2 && scale < 20)) continue;
    bool seen = std::any_of(found.begin(), found.end(), [&](const FoundCode& code) {
      return code.page.code == page->code && code.page.page == page->page;
    });
    if (!seen) found.push_back(FoundCode{symbol.text, std::move(*page), transform});
  }
}

// Whether the page `transform` maps covers so little of the image that another page may lie
// beside it: pages photographed side by side, or printed two to a sheet.
bool room_for_another_page(const PageTransform& transform, const GrayImage& image) {
  const double page_pixels = std::abs(transform.xx * transform.yy - transform.xy * transform.yx) *
                             kPageWidth * kPageHeight;
  return page_pixels < kPageShareOfImageMin * image.width * image.height;
}

}  // namespace

double PageTransform::scale() const { return (std::hypot(xx, yx) + std::hypot(xy, yy)) / 2; }

Result<PageCode> parse_qr_payload(std::string_view payload) {
  if (!payload.starts_with("PARTA:")) {
    return Status::invalid(fmt::format("QR code \"{}\" is not a Parta packet's", excerpt(payload)));
  }
  if (!payload.starts_with(kQrPayloadPrefix)) {
    return Status::invalid(fmt::format(
        "QR code \"{}\" is of a later payload version than this parta reads; update parta",
        excerpt(payload)));
  }
  std::vector<std::string_view> fields;
  std::string_view rest = payload.substr(kQrPayloadPrefix.size());
  for (size_t colon; (colon = rest.find(':')) != std::string_view::npos;
       rest.remove_prefix(colon + 1)) {
    fields.push_back(rest.substr(0, colon));
  }
  fields.push_back(rest);
  // Version 1 has four fields; a later version 1 reader ignores fields added after them.
  size_t slash = fields.size() >= 4 ? fields[3].find('/') : std::string_view::npos;
  auto broken = [&](std::string_view what) {
    return Status::invalid(
        fmt::format("QR code \"{}\": {} (docs/qr-payload.md)", excerpt(payload), what));
  };
  if (slash == std::string_view::npos) return broken("not code:student:assignment:page/pages");
  auto code = normalize_packet_code(fields[0]);
  if (!code || fields[0].size() != kPacketCodeChars) return broken("no packet code");
  if (!is_id(fields[1], 'S') || !is_id(fields[2], 'A'))
    return broken("no student or assignment id");
  auto page = parse_number(fields[3].substr(0, slash), payload);
  if (!page) return page.status();
  auto pages = parse_number(fields[3].substr(slash + 1), payload);
  if (!pages) return pages.status();
  if (*page < 1 || *page > *pages || *pages > kPacketPagesMax) return broken("no such page");
  return PageCode{*code, lower(fields[1]), lower(fields[2]), *page, *pages};
}

Result<std::vector<FoundCode>> find_page_codes(const GrayImage& image) {
  // The symbol is in the bottom right corner, or the top left when the page is upside down:
  // zbar looks there first (a quarter of the work), then everywhere, also when the page found
  // leaves room in the image for another.
  const int half_width = image.width / 2, half_height = image.height / 2;
  std::vector<Symbol> symbols = zbar_symbols(image, half_width, half_height,
                                             image.width - half_width, image.height - half_height);
  if (symbols.empty()) symbols = zbar_symbols(image, 0, 0, half_width, half_height);
  std::vector<FoundCode> found;
  std::optional<Status> refused;
  add_page_codes(symbols, found, refused);
  if (symbols.empty() || (found.size() == 1 && room_for_another_page(found[0].transform, image))) {
    symbols = zbar_symbols(image, 0, 0, image.width, image.height);
    add_page_codes(symbols, found, refused);
  }
  if (!found.empty()) return found;
  if (symbols.empty()) return Status::invalid("no QR code found");
  if (refused) return *refused;
  return Status::invalid("the QR code was read but not where it lies on the page");
}

}  // namespace parta::paper
