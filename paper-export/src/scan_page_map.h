// Where a scanned page's printed points are, over the whole page (paper-export internal).
//
// The QR code in the bottom right corner gives an affine map of the page (scan_qr.h). That is
// all a flatbed scan needs, but a phone photo taken a few degrees off square is projective:
// the far edge of the page comes out narrower and shorter, and rows of bubbles 20 cm from the
// code are missed by more than a row's height, so the next row's bubbles are read in their
// place. Every page but the cover prints two thin rules across it, under the header and above
// the footer (page_frame.cpp); their ends are four more points, in the other corners. The map
// is fitted to the code's corners and whichever rule ends are found; a rule that is not found
// (cut off the photo, drawn over) just leaves the map as the code and the other rule make it.
//
// Thread safety: free functions over values.
#pragma once

#include <vector>

#include "scan_homography.h"
#include "scan_image.h"
#include "scan_qr.h"

namespace parta::paper {

struct PageMap {
  Homography map;
  std::vector<PointPair> pairs;  // what it was fitted to: for fitting again with more
  bool header_rule = false;      // the header's rule is among them
};

// The map from the code's corners and the footer's rule, and the header's rule when
// `with_header` and it is found. A thin line across a flatbed scan's page edge can pass for the
// header's rule; the caller tells them apart by how well the rows then match (scan_marks.cpp).
PageMap page_map(const GrayImage& image, const PageTransform& from_code, bool with_header);

}  // namespace parta::paper
