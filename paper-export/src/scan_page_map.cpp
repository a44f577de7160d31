// The page map from the QR code and the printed rules; see scan_page_map.h.
#include "scan_page_map.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "page_geometry.h"

namespace parta::paper {
namespace {

// A rule is found as a thin line with paper on both sides: this far either side of it.
constexpr double kRuleSide = mm(0.8);
// Along a stretch of rule, the line is this much darker than the paper either side of it
// (grey levels) at four points in five: a rule runs on unbroken, where text, which has paper
// between its letters and above and below its strokes, does not.
constexpr double kRuleContrastMin = 8;
constexpr double kRuleUnbroken = 0.8;
constexpr int kRuleStretches = 8;
constexpr double kRuleSampleStep = mm(1);
// The stretches that lie on one straight line, within this, and at least this many of them.
constexpr double kRuleFit = mm(1);
constexpr size_t kRuleStretchesMin = 4;
// A rule's end is looked for this far either side of where the map puts it, and is where the
// line, averaged over this length, falls below half its contrast.
constexpr double kRuleEndSearch = mm(25);
constexpr double kRuleEndWindow = mm(1);
// After a fit, every point must be within this of where the map puts it; a rule whose ends
// make that fail was not the rule.
constexpr double kFitResidualMax = mm(2);
// How far from where the code's map puts them the rules are looked for: the footer's is next
// to the code (and an answer box may end 3 mm above it), the header's at the far end.
constexpr double kFooterReach = mm(2);
constexpr double kHeaderReach = mm(35);

PagePoint minus(PagePoint a, PagePoint b) { return {a.x - b.x, a.y - b.y}; }
PagePoint along(PagePoint a, PagePoint direction, double t) {
  return {a.x + t * direction.x, a.y + t * direction.y};
}
double dot(PagePoint a, PagePoint b) { return a.x * b.x + a.y * b.y; }
double length(PagePoint v) { return std::hypot(v.x, v.y); }
PagePoint unit(PagePoint v) {
  const double n = length(v);
  return {v.x / n, v.y / n};
}

// The value that `share` of `values` are at least.
double exceeded_by(std::vector<double> values, double share) {
  auto at = values.begin() +
            static_cast<std::ptrdiff_t>(static_cast<double>(values.size() - 1) * (1 - share));
  std::nth_element(values.begin(), at, values.end());
  return *at;
}

// How much darker the image is at `at` than `side` pixels either way along `normal`.
double ridge(const GrayImage& image, PagePoint at, PagePoint normal, double side) {
  const double line = sample(image, at.x, at.y);
  const double before = sample(image, at.x - side * normal.x, at.y - side * normal.y);
  const double after = sample(image, at.x + side * normal.x, at.y + side * normal.y);
  return std::min(before, after) - line;
}

struct RuleSearch {
  double y = 0;          // the rule's height on the page
  double reach = 0;      // how far across it to look, page points
  bool topmost = false;  // the first line from the top of the window (the header's rule, with
                         // answer boxes below it), else the strongest
};

// A straight line in the image through `points`, least squares across it.
struct ImageLine {
  PagePoint through;
  PagePoint direction;  // unit
  double distance(PagePoint p) const {
    const PagePoint d = minus(p, through);
    return std::abs(d.x * direction.y - d.y * direction.x);
  }
};

ImageLine fit_line(const std::vector<PagePoint>& points) {
  PagePoint mean{};
  for (const PagePoint& p : points) {
    mean.x += p.x / static_cast<double>(points.size());
    mean.y += p.y / static_cast<double>(points.size());
  }
  double xx = 0, xy = 0, yy = 0;
  for (const PagePoint& p : points) {
    xx += (p.x - mean.x) * (p.x - mean.x);
    xy += (p.x - mean.x) * (p.y - mean.y);
    yy += (p.y - mean.y) * (p.y - mean.y);
  }
  const double angle = 0.5 * std::atan2(2 * xy, xx - yy);  // the principal axis
  return {mean, {std::cos(angle), std::sin(angle)}};
}

// Where the image shows the rule at page height `search.y`: its left and right ends, or nullopt.
std::optional<std::pair<PagePoint, PagePoint>> find_rule(const GrayImage& image,
                                                         const Homography& map,
                                                         const RuleSearch& search) {
  const double left = kMarginLeft, right = kPageWidth - kMarginRight;
  const PagePoint start = map.map({left, search.y}), end = map.map({right, search.y});
  const double pixels_per_point = length(minus(end, start)) / (right - left);
  if (!(pixels_per_point > 0)) return std::nullopt;
  PagePoint direction = unit(minus(end, start));
  PagePoint normal{-direction.y, direction.x};  // made to point towards the page's bottom
  if (dot(normal, minus(map.map({left, search.y + mm(1)}), start)) < 0)
    normal = {direction.y, -direction.x};
  const double side = kRuleSide * pixels_per_point;
  const double reach = search.reach * pixels_per_point;

  // Stretches over the middle 80 % of the rule, which a map that is somewhat off still puts on
  // it: each gives where across it the line is.
  std::vector<PagePoint> found;
  std::vector<double> contrasts_found;
  const double first = left + (right - left) * 0.1, span = (right - left) * 0.8;
  for (int s = 0; s < kRuleStretches; ++s) {
    std::vector<PagePoint> points;
    for (double x = first + span * s / kRuleStretches; x < first + span * (s + 1) / kRuleStretches;
         x += kRuleSampleStep) {
      points.push_back(map.map({x, search.y}));
    }
    std::vector<double> profile;  // the stretch's contrast at each step across it
    for (double t = -reach; t <= reach; t += 0.5) {
      std::vector<double> contrasts;
      for (const PagePoint& point : points) {
        contrasts.push_back(ridge(image, along(point, normal, t), normal, side));
      }
      profile.push_back(exceeded_by(std::move(contrasts), kRuleUnbroken));
    }
    size_t best = profile.size();
    for (size_t i = 0; i < profile.size(); ++i) {
      if (profile[i] < kRuleContrastMin) continue;
      if (search.topmost) {  // the first line: climb to its strongest step
        best = i;
        while (best + 1 < profile.size() && profile[best + 1] >= profile[best]) ++best;
        break;
      }
      if (best == profile.size() || profile[i] > profile[best]) best = i;
    }
    if (best == profile.size()) continue;
    found.push_back(
        along(points[points.size() / 2], normal, -reach + 0.5 * static_cast<double>(best)));
    contrasts_found.push_back(profile[best]);
  }
  if (found.size() < kRuleStretchesMin) return std::nullopt;

  // The stretches on one line: of the lines through two of them, the one most others lie on;
  // then the fit over those.
  std::vector<size_t> on_line;
  for (size_t a = 0; a < found.size(); ++a) {
    for (size_t b = a + 1; b < found.size(); ++b) {
      const ImageLine through{found[a], unit(minus(found[b], found[a]))};
      std::vector<size_t> near;
      for (size_t i = 0; i < found.size(); ++i) {
        if (through.distance(found[i]) <= kRuleFit * pixels_per_point) near.push_back(i);
      }
      if (near.size() > on_line.size()) on_line = std::move(near);
    }
  }
  if (on_line.size() < kRuleStretchesMin) return std::nullopt;
  std::vector<PagePoint> on_line_points;
  std::vector<double> on_line_contrasts;
  for (size_t i : on_line) {
    on_line_points.push_back(found[i]);
    on_line_contrasts.push_back(contrasts_found[i]);
  }
  ImageLine line = fit_line(on_line_points);
  if (dot(line.direction, direction) < 0) line.direction = {-line.direction.x, -line.direction.y};
  const double strength = exceeded_by(on_line_contrasts, 0.5);

  // Each end: walking outwards from inside the rule, where the line fades.
  const double window = kRuleEndWindow * pixels_per_point;
  auto line_contrast = [&](double s) {
    double sum = 0;
    int count = 0;
    for (double w = -window / 2; w <= window / 2; w += 0.5, ++count) {
      const PagePoint at = along(line.through, line.direction, s + w);
      // A line fitted a pixel off still counts: the best of three rows across it.
      double best = -255;
      for (double t : {-1.0, 0.0, 1.0}) {
        best = std::max(best, ridge(image, along(at, normal, t), normal, side));
      }
      sum += best;
    }
    return sum / count;
  };
  // From the outermost stretch found on the rule, outwards to where the line fades, which must
  // be within kRuleEndSearch of where the map puts the end.
  auto find_end = [&](PagePoint predicted, double outwards) -> std::optional<PagePoint> {
    const double s_predicted = dot(minus(predicted, line.through), line.direction);
    double s = outwards * -1e9;
    for (const PagePoint& point : on_line_points) {
      const double at = dot(minus(point, line.through), line.direction);
      s = outwards > 0 ? std::max(s, at) : std::min(s, at);
    }
    const double limit = s_predicted + outwards * kRuleEndSearch * pixels_per_point;
    for (; outwards * (limit - s) >= 0; s += outwards * 0.5) {
      if (line_contrast(s) < strength / 2) {
        if (outwards * (s - s_predicted) < -kRuleEndSearch * pixels_per_point) break;
        return along(line.through, line.direction, s);
      }
    }
    return std::nullopt;  // it goes on past where the end can be, or ends too soon
  };
  auto left_end = find_end(start, -1), right_end = find_end(end, 1);
  if (!left_end || !right_end) return std::nullopt;
  return std::pair{*left_end, *right_end};
}

// Fits `pairs` and checks that every pair agrees with the fit and that the map is a page's: a
// scale within half and twice the code's everywhere on it; nullopt otherwise.
std::optional<Homography> checked_fit(const std::vector<PointPair>& pairs,
                                      double pixels_per_point) {
  auto fitted = Homography::fit(pairs);
  if (!fitted) return std::nullopt;
  for (PagePoint corner : {PagePoint{0, 0}, PagePoint{kPageWidth, 0}, PagePoint{0, kPageHeight},
                           PagePoint{kPageWidth, kPageHeight}}) {
    const double scale = fitted->tangent_at(corner).scale();
    if (!(scale > pixels_per_point / 2 && scale < pixels_per_point * 2)) return std::nullopt;
  }
  for (const PointPair& pair : pairs) {
    if (length(minus(fitted->map(pair.page), pair.image)) > kFitResidualMax * pixels_per_point) {
      return std::nullopt;
    }
  }
  return fitted;
}

}  // namespace

PageMap page_map(const GrayImage& image, const PageTransform& from_code, bool with_header) {
  std::vector<PointPair> pairs;
  for (PagePoint corner :
       {PagePoint{kQrLeft, kQrTop}, PagePoint{kQrLeft + kQrSize, kQrTop},
        PagePoint{kQrLeft, kQrBottom}, PagePoint{kQrLeft + kQrSize, kQrBottom}}) {
    pairs.push_back({corner, from_code.map(corner)});
  }
  Homography map = Homography::from_affine(from_code);
  const double pixels_per_point = from_code.scale();
  bool header_rule = false;
  for (const RuleSearch& search : {RuleSearch{kFooterRule, kFooterReach, false},
                                   RuleSearch{kHeaderRule, kHeaderReach, true}}) {
    if (search.topmost && !with_header) break;
    auto ends = find_rule(image, map, search);
    if (!ends) continue;
    std::vector<PointPair> with_rule = pairs;
    with_rule.push_back({{kMarginLeft, search.y}, ends->first});
    with_rule.push_back({{kPageWidth - kMarginRight, search.y}, ends->second});
    if (auto fitted = checked_fit(with_rule, pixels_per_point)) {
      pairs = std::move(with_rule);
      map = *fitted;
      header_rule = search.topmost;
    }
  }
  return {map, std::move(pairs), header_rule};
}

}  // namespace parta::paper
