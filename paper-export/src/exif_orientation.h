// A JPEG's EXIF orientation (paper-export internal): a phone camera stores a photo as its
// sensor saw it and says in the Orientation tag how to turn it upright. jpeg_decode reads the
// tag from the file's APP1 segment and turns the decoded pixels with it, so that a teacher's
// photo of a worksheet prints upright and a page photographed sideways scans upright.
//
// The tag comes from outside bytes: every offset is checked against the segment, and anything
// unexpected (no EXIF, no tag, a damaged or truncated segment, a value outside 1..8) reads as
// kTopLeft, the stored image as it is: a photo with odd metadata still prints.
// Thread safety: free functions over values.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace parta::paper {

// The values of the Orientation tag (0x0112, EXIF 2.3 and TIFF 6.0), named as those specs
// name them: where the stored image's first row and first column are when it is seen upright.
// The comments say what to do to the stored image to see it upright.
enum class Orientation : uint8_t {
  kTopLeft = 1,      // nothing
  kTopRight = 2,     // mirror it left to right
  kBottomRight = 3,  // turn it half a turn
  kBottomLeft = 4,   // mirror it top to bottom
  kLeftTop = 5,      // mirror it across the diagonal from its top left corner
  kRightTop = 6,     // turn it a quarter turn clockwise (a phone held upright)
  kRightBottom = 7,  // mirror it across the diagonal from its top right corner
  kLeftBottom = 8,   // turn it a quarter turn anticlockwise
};

// The Orientation in IFD0 of an APP1 segment's data ("Exif\0\0", a TIFF header "II" or "MM",
// then IFD0); kTopLeft when there is none (above).
Orientation exif_orientation(std::string_view app1);

// Whether the upright image is the stored one's height wide and its width high.
bool swaps_sides(Orientation orientation);

// The `width` × `height` stored pixels (`pixel_bytes` each, rows top to bottom without
// padding) as seen upright: rows of the upright width, without padding.
std::vector<uint8_t> turn_upright(const std::vector<uint8_t>& stored, int width, int height,
                                  int pixel_bytes, Orientation orientation);

}  // namespace parta::paper
