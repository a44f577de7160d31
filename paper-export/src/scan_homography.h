// A projective map from page points to image points (paper-export internal). A flatbed scan
// of a page is an affine map of it, which the QR code's corners give (scan_qr.h); a phone
// photo taken a few degrees off square is projective: the far edge of the page comes out
// narrower, and an affine map fitted to the QR code in one corner misses the rows at the other
// end by more than a row's height. scan_marks.cpp fits one of these to the printed features
// found so far (the QR code's corners, then each row found) to say where the next row is.
//
// Thread safety: a value type.
#pragma once

#include <array>
#include <optional>
#include <span>

#include "scan_qr.h"

namespace parta::paper {

struct PointPair {
  PagePoint page;   // points on the printed page
  PagePoint image;  // where the image shows it, in pixels
};

class Homography {
 public:
  static Homography from_affine(const PageTransform& affine);
  // The least squares fit over `pairs`; nullopt when fewer than 4 or when they do not
  // determine a map (all on one line, say).
  static std::optional<Homography> fit(std::span<const PointPair> pairs);

  PagePoint map(PagePoint page) const;
  // The affine map that agrees with this one at `page` to first order: good for the few
  // centimetres round it that a row of bubbles spans.
  PageTransform tangent_at(PagePoint page) const;

 private:
  // image = (h0·x + h1·y + h2, h3·x + h4·y + h5) / (h6·x + h7·y + h8)
  std::array<double, 9> h_ = {1, 0, 0, 0, 1, 0, 0, 0, 1};
};

}  // namespace parta::paper
