// Projective page maps; see scan_homography.h.
#include "scan_homography.h"

#include <cassert>
#include <cmath>
#include <numbers>
#include <utility>

#include "page_geometry.h"

namespace parta::paper {
namespace {

// How far round an A4 page (595 × 842 points) a fitted map must stay finite: a photo may show
// some desk round the page.
constexpr double kAroundPage = 300;

// Moves points to their centroid and scales them to a mean distance of √2 from it (Hartley's
// normalisation), so that pixels and points weigh alike in the fit.
struct Normalisation {
  double scale = 1, cx = 0, cy = 0;
  PagePoint apply(PagePoint p) const { return {(p.x - cx) * scale, (p.y - cy) * scale}; }
};

template <typename Get>
Normalisation normalisation(std::span<const PointPair> pairs, Get get) {
  Normalisation n;
  for (const PointPair& pair : pairs) {
    n.cx += get(pair).x;
    n.cy += get(pair).y;
  }
  n.cx /= static_cast<double>(pairs.size());
  n.cy /= static_cast<double>(pairs.size());
  double distance = 0;
  for (const PointPair& pair : pairs) {
    distance += std::hypot(get(pair).x - n.cx, get(pair).y - n.cy);
  }
  distance /= static_cast<double>(pairs.size());
  n.scale = distance > 0 ? std::numbers::sqrt2 / distance : 1;
  return n;
}

// Solves the 8×8 system `a`·x = `b` by Gaussian elimination with partial pivoting; false when
// it is (nearly) singular.
bool solve(std::array<std::array<double, 8>, 8>& a, std::array<double, 8>& b) {
  double largest = 0;
  for (const auto& row : a) {
    for (double value : row) largest = std::max(largest, std::abs(value));
  }
  if (largest == 0) return false;
  for (size_t column = 0; column < 8; ++column) {
    size_t pivot = column;
    for (size_t row = column + 1; row < 8; ++row) {
      if (std::abs(a[row][column]) > std::abs(a[pivot][column])) pivot = row;
    }
    if (std::abs(a[pivot][column]) < 1e-10 * largest) return false;
    std::swap(a[pivot], a[column]);
    std::swap(b[pivot], b[column]);
    for (size_t row = column + 1; row < 8; ++row) {
      double factor = a[row][column] / a[column][column];
      for (size_t k = column; k < 8; ++k) a[row][k] -= factor * a[column][k];
      b[row] -= factor * b[column];
    }
  }
  for (size_t column = 8; column-- > 0;) {
    for (size_t k = column + 1; k < 8; ++k) b[column] -= a[column][k] * b[k];
    b[column] /= a[column][column];
  }
  return true;
}

}  // namespace

Homography Homography::from_affine(const PageTransform& affine) {
  Homography h;
  h.h_ = {affine.xx, affine.xy, affine.dx, affine.yx, affine.yy, affine.dy, 0, 0, 1};
  return h;
}

std::optional<Homography> Homography::fit(std::span<const PointPair> pairs) {
  if (pairs.size() < 4) return std::nullopt;
  const Normalisation page = normalisation(pairs, [](const PointPair& p) { return p.page; });
  const Normalisation image = normalisation(pairs, [](const PointPair& p) { return p.image; });
  // Each pair gives two equations in h0..h7 (h8 = 1) of the normalised map:
  //   h0·x + h1·y + h2 − h6·x·u − h7·y·u = u,  h3·x + h4·y + h5 − h6·x·v − h7·y·v = v.
  std::array<std::array<double, 8>, 8> normal{};
  std::array<double, 8> right{};
  auto add = [&](const std::array<double, 8>& row, double value) {
    for (size_t i = 0; i < 8; ++i) {
      for (size_t j = 0; j < 8; ++j) normal[i][j] += row[i] * row[j];
      right[i] += row[i] * value;
    }
  };
  for (const PointPair& pair : pairs) {
    const PagePoint p = page.apply(pair.page), q = image.apply(pair.image);
    add({p.x, p.y, 1, 0, 0, 0, -p.x * q.x, -p.y * q.x}, q.x);
    add({0, 0, 0, p.x, p.y, 1, -p.x * q.y, -p.y * q.y}, q.y);
  }
  if (!solve(normal, right)) return std::nullopt;
  // Undo the normalisations: H = T_image⁻¹ · Hn · T_page, with T(p) = s·(p − c).
  const std::array<double, 9> n = {right[0], right[1], right[2], right[3], right[4],
                                   right[5], right[6], right[7], 1};
  const double sp = page.scale, si = image.scale;
  // Hn · T_page: columns for x and y scale by sp; the constant column takes −sp·c.
  std::array<double, 9> m{};
  for (size_t r = 0; r < 3; ++r) {
    m[r * 3 + 0] = n[r * 3 + 0] * sp;
    m[r * 3 + 1] = n[r * 3 + 1] * sp;
    m[r * 3 + 2] = n[r * 3 + 2] - n[r * 3 + 0] * sp * page.cx - n[r * 3 + 1] * sp * page.cy;
  }
  // T_image⁻¹ · M: image = q / si + c, row by row (the third row stays).
  Homography h;
  for (size_t k = 0; k < 3; ++k) {
    h.h_[0 + k] = m[0 + k] / si + image.cx * m[6 + k];
    h.h_[3 + k] = m[3 + k] / si + image.cy * m[6 + k];
    h.h_[6 + k] = m[6 + k];
  }
  for (double value : h.h_) {
    if (!std::isfinite(value)) return std::nullopt;
  }
  // A page seen from in front of it: the denominator keeps its sign (that at the points fitted)
  // over the page and some way round it; one that crosses zero sends points to infinity.
  const double sign = h.h_[6] * pairs[0].page.x + h.h_[7] * pairs[0].page.y + h.h_[8];
  for (PagePoint corner :
       {PagePoint{-kAroundPage, -kAroundPage}, PagePoint{kPageWidth + kAroundPage, -kAroundPage},
        PagePoint{-kAroundPage, kPageHeight + kAroundPage},
        PagePoint{kPageWidth + kAroundPage, kPageHeight + kAroundPage}}) {
    const double d = h.h_[6] * corner.x + h.h_[7] * corner.y + h.h_[8];
    if (!(d * sign > 0)) return std::nullopt;
  }
  return h;
}

PagePoint Homography::map(PagePoint page) const {
  const double d = h_[6] * page.x + h_[7] * page.y + h_[8];
  assert(d != 0);  // fit() keeps it from zero over and round the page
  return {(h_[0] * page.x + h_[1] * page.y + h_[2]) / d,
          (h_[3] * page.x + h_[4] * page.y + h_[5]) / d};
}

PageTransform Homography::tangent_at(PagePoint page) const {
  const double d = h_[6] * page.x + h_[7] * page.y + h_[8];
  const PagePoint at = map(page);
  PageTransform t;
  t.xx = (h_[0] - at.x * h_[6]) / d;
  t.xy = (h_[1] - at.x * h_[7]) / d;
  t.yx = (h_[3] - at.y * h_[6]) / d;
  t.yy = (h_[4] - at.y * h_[7]) / d;
  t.dx = at.x - t.xx * page.x - t.xy * page.y;
  t.dy = at.y - t.yx * page.x - t.yy * page.y;
  return t;
}

}  // namespace parta::paper
