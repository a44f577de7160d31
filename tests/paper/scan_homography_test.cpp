// Projective page maps: a map is recovered from points it sends, its tangent is its
// derivative, and points that determine no page's map are refused.
#include "scan_homography.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "page_geometry.h"

namespace parta::paper {
namespace {

// A phone's view of a page: scaled to pixels, turned, the top edge farther away.
PagePoint photographed(PagePoint p) {
  const double d = 1 + 0.00025 * p.x - 0.0004 * p.y;
  return {(2.1 * p.x - 0.12 * p.y + 40) / d, (0.1 * p.x + 2.05 * p.y + 75) / d};
}

std::vector<PointPair> pairs_of(const std::vector<PagePoint>& points) {
  std::vector<PointPair> pairs;
  for (PagePoint p : points) pairs.push_back({p, photographed(p)});
  return pairs;
}

TEST(Homography, IsRecoveredFromTheImagesOfFourOrMorePoints) {
  const std::vector<PointPair> pairs = pairs_of({{kQrLeft, kQrTop},
                                                 {kQrLeft + kQrSize, kQrTop},
                                                 {kQrLeft, kQrBottom},
                                                 {kQrLeft + kQrSize, kQrBottom},
                                                 {kMarginLeft, kHeaderRule},
                                                 {kPageWidth - kMarginRight, kHeaderRule}});
  auto fitted = Homography::fit(pairs);
  ASSERT_TRUE(fitted.has_value());
  for (PagePoint p : {PagePoint{0, 0}, PagePoint{300, 400}, PagePoint{kPageWidth, kPageHeight}}) {
    EXPECT_NEAR(fitted->map(p).x, photographed(p).x, 1e-6) << p.x << "," << p.y;
    EXPECT_NEAR(fitted->map(p).y, photographed(p).y, 1e-6) << p.x << "," << p.y;
  }
}

TEST(Homography, ItsTangentIsItsDerivative) {
  auto fitted = Homography::fit(pairs_of({{0, 0}, {500, 0}, {0, 800}, {500, 800}, {250, 300}}));
  ASSERT_TRUE(fitted.has_value());
  const PagePoint at{200, 600};
  const PageTransform tangent = fitted->tangent_at(at);
  const double step = 1e-3;
  const PagePoint right = fitted->map({at.x + step, at.y}), down = fitted->map({at.x, at.y + step});
  const PagePoint here = fitted->map(at);
  EXPECT_NEAR(tangent.xx, (right.x - here.x) / step, 1e-5);
  EXPECT_NEAR(tangent.yx, (right.y - here.y) / step, 1e-5);
  EXPECT_NEAR(tangent.xy, (down.x - here.x) / step, 1e-5);
  EXPECT_NEAR(tangent.yy, (down.y - here.y) / step, 1e-5);
  EXPECT_NEAR(tangent.map(at).x, here.x, 1e-9);
  EXPECT_NEAR(tangent.map(at).y, here.y, 1e-9);
}

TEST(Homography, PointsThatDetermineNoMapAreRefused) {
  EXPECT_FALSE(Homography::fit(pairs_of({{0, 0}, {100, 0}, {0, 100}})).has_value());
  EXPECT_FALSE(Homography::fit(pairs_of({{0, 0}, {100, 100}, {200, 200}, {300, 300}, {400, 400}}))
                   .has_value());
  const std::vector<PointPair> same(5, PointPair{{10, 10}, {20, 20}});
  EXPECT_FALSE(Homography::fit(same).has_value());
}

TEST(Homography, AnAffineMapIsItsOwnTangent) {
  PageTransform affine;
  affine.xx = 2;
  affine.xy = 0.1;
  affine.yx = -0.1;
  affine.yy = 2;
  affine.dx = 30;
  affine.dy = 50;
  const PageTransform tangent = Homography::from_affine(affine).tangent_at({123, 456});
  EXPECT_DOUBLE_EQ(tangent.xx, affine.xx);
  EXPECT_DOUBLE_EQ(tangent.xy, affine.xy);
  EXPECT_DOUBLE_EQ(tangent.yx, affine.yx);
  EXPECT_DOUBLE_EQ(tangent.yy, affine.yy);
  EXPECT_NEAR(tangent.dx, affine.dx, 1e-9);
  EXPECT_NEAR(tangent.dy, affine.dy, 1e-9);
}

}  // namespace
}  // namespace parta::paper
