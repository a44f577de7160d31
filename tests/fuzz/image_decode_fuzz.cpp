// Fuzz target: an image file as a teacher's materials or a school's scanner give it. The same
// bytes go to the export's decoder (decode_image: PNG or JPEG, upright, shrunk into a small
// box), to the scan's (decode_scanned_image: grey, upright) and, as an APP1 segment's data, to
// the EXIF orientation parser. Each must give an image of the size it promises or a Status
// that says why not.
#include <cstdlib>
#include <string_view>

#include "exif_orientation.h"
#include "fuzz_targets.h"
#include "image_decode.h"
#include "scan_image.h"

namespace parta::fuzz {
namespace {

constexpr int kWidthMax = 48, kHeightMax = 32;

void decode_for_print(std::string_view bytes) {
  auto image = paper::decode_image(bytes, kWidthMax, kHeightMax);
  if (!image) {
    if (image.status().message().empty()) std::abort();
    return;
  }
  cairo_surface_t* surface = image->surface.get();
  if (image->width_px < 1 || image->width_px > kWidthMax || image->height_px < 1 ||
      image->height_px > kHeightMax || cairo_image_surface_get_width(surface) != image->width_px ||
      cairo_image_surface_get_height(surface) != image->height_px) {
    std::abort();
  }
}

void decode_scan(std::string_view bytes) {
  auto image = paper::decode_scanned_image(bytes);
  if (!image) {
    if (image.status().message().empty()) std::abort();
    return;
  }
  if (image->width < 0 || image->height < 0 ||
      image->pixels.size() != static_cast<size_t>(image->width) * image->height) {
    std::abort();
  }
}

}  // namespace

void image_decode(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  decode_for_print(bytes);
  decode_scan(bytes);
  paper::Orientation orientation = paper::exif_orientation(bytes);
  if (orientation < paper::Orientation::kTopLeft || orientation > paper::Orientation::kLeftBottom) {
    std::abort();
  }
}

}  // namespace parta::fuzz
