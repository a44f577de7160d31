// Reading bubbles and answer boxes; see scan_marks.h.
#include "scan_marks.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "page_geometry.h"
#include "scan_homography.h"
#include "scan_page_map.h"

namespace parta::paper {
namespace {

// How far from where the page's map puts a row its print is looked for; a row found further
// off than kRowSearchTrusted is read but not trusted to correct the map.
constexpr double kRowSearch = mm(4);
constexpr double kRowSearchTrusted = mm(3);
// A printed circle is this much darker (grey levels, 0..255) than the paper outside it, on
// average round the circle, after blur; a row whose circles are not is not where we look.
constexpr double kRingContrastMin = 25;
constexpr int kRingAngles = 24;
// Open boxes: a sample is ink when this much darker than the paper (the thin ruled lines, 0.3
// grey, come out near 0.1).
constexpr double kInkDarkness = 0.35;
constexpr double kBoxInset = mm(2.5);
constexpr double kBoxSampleStep = mm(0.5);
// Writing covers at least this share of the box (a short number is about 0.3 %).
constexpr double kWrittenShare = 0.0008;

PagePoint plus(PagePoint a, PagePoint b) { return {a.x + b.x, a.y + b.y}; }

double median(std::vector<double> values) {
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// A bubble's radius vectors in the image, one per angle: the page's turn and scale included.
std::vector<PagePoint> radius_vectors(const PageTransform& transform, double radius) {
  std::vector<PagePoint> vectors;
  for (int k = 0; k < kRingAngles; ++k) {
    double angle = 2 * std::numbers::pi * k / kRingAngles;
    vectors.push_back(transform.map_vector({radius * std::cos(angle), radius * std::sin(angle)}));
  }
  return vectors;
}

// How much darker the circle through `centre` is than the paper just outside it.
double ring_contrast(const GrayImage& image, PagePoint centre,
                     const std::vector<PagePoint>& radii) {
  double sum = 0;
  for (const PagePoint& r : radii) {
    double ring = std::min({sample(image, centre.x + 0.85 * r.x, centre.y + 0.85 * r.y),
                            sample(image, centre.x + r.x, centre.y + r.y),
                            sample(image, centre.x + 1.15 * r.x, centre.y + 1.15 * r.y)});
    sum += sample(image, centre.x + 1.5 * r.x, centre.y + 1.5 * r.y) - ring;
  }
  return sum / static_cast<double>(radii.size());
}

// The image offset that best fits `score` within the search window: every other pixel, then
// every pixel round the best.
template <typename Score>
PagePoint best_offset(double window_pixels, const Score& score, double* best_score) {
  const int window = static_cast<int>(std::ceil(window_pixels));
  PagePoint best{};
  *best_score = -1e9;
  auto consider = [&](int dx, int dy) {
    double value = score(PagePoint{static_cast<double>(dx), static_cast<double>(dy)});
    if (value > *best_score) {
      *best_score = value;
      best = {static_cast<double>(dx), static_cast<double>(dy)};
    }
  };
  for (int dy = -window; dy <= window; dy += 2) {
    for (int dx = -window; dx <= window; dx += 2) consider(dx, dy);
  }
  PagePoint coarse = best;
  for (int dy = -1; dy <= 1; ++dy) {
    for (int dx = -1; dx <= 1; ++dx) {
      if (dx || dy) consider(static_cast<int>(coarse.x) + dx, static_cast<int>(coarse.y) + dy);
    }
  }
  return best;
}

// How much darker than the paper round it the inside of the bubble at `centre` is.
double bubble_darkness(const GrayImage& image, PagePoint centre,
                       const std::vector<PagePoint>& radii) {
  double inside = sample(image, centre.x, centre.y);
  int count = 1;
  std::vector<double> paper;
  for (const PagePoint& r : radii) {
    for (double k : {0.22, 0.42, 0.62}) {
      inside += sample(image, centre.x + k * r.x, centre.y + k * r.y);
      ++count;
    }
    for (double k : {1.5, 1.75})
      paper.push_back(sample(image, centre.x + k * r.x, centre.y + k * r.y));
  }
  double background = std::max(median(std::move(paper)), 1.0);
  return std::max(0.0, (background - inside / count) / background);
}

RowReading read_choice_row(const GrayImage& image, const PageTransform& transform,
                           const AnswerRow& row, PagePoint* offset_found) {
  RowReading reading{.question = row.question};
  std::vector<PagePoint> radii = radius_vectors(transform, row.bubble_radius);
  std::vector<PagePoint> centres;
  for (const PagePoint& bubble : row.bubbles) centres.push_back(transform.map(bubble));
  double contrast = 0;
  PagePoint offset = best_offset(
      kRowSearch * transform.scale(),
      [&](PagePoint shift) {
        double sum = 0;
        for (const PagePoint& centre : centres)
          sum += ring_contrast(image, plus(centre, shift), radii);
        return sum;
      },
      &contrast);
  reading.print_contrast = contrast / static_cast<double>(centres.size());
  reading.found = reading.print_contrast >= kRingContrastMin;
  *offset_found = offset;
  for (const PagePoint& centre : centres) {
    double darkness = bubble_darkness(image, plus(centre, offset), radii);
    reading.darkness.push_back(darkness);
    reading.bubbles.push_back(darkness >= kBubbleFilledDarkness    ? BubbleMark::kFilled
                              : darkness >= kBubbleUnclearDarkness ? BubbleMark::kUnclear
                                                                   : BubbleMark::kEmpty);
  }
  return reading;
}

// Points every `step` along the box's edges, and just inside them.
void box_edges(const AnswerRow& row, std::vector<PagePoint>& on, std::vector<PagePoint>& inside) {
  const double top = row.top, bottom = row.top + row.height;
  const double in = mm(1.2);
  for (double x = row.box_left + mm(3); x < row.box_right - mm(3); x += mm(3)) {
    on.push_back({x, top});
    inside.push_back({x, top + in});
    on.push_back({x, bottom});
    inside.push_back({x, bottom - in});
  }
  for (double y = top + mm(3); y < bottom - mm(3); y += mm(3)) {
    on.push_back({row.box_left, y});
    inside.push_back({row.box_left + in, y});
    on.push_back({row.box_right, y});
    inside.push_back({row.box_right - in, y});
  }
}

RowReading read_open_row(const GrayImage& image, const PageTransform& transform,
                         const AnswerRow& row, PagePoint* offset_found) {
  RowReading reading{.question = row.question};
  std::vector<PagePoint> on, inside;
  box_edges(row, on, inside);
  for (PagePoint& point : on) point = transform.map(point);
  for (PagePoint& point : inside) point = transform.map(point);
  double contrast = 0;
  PagePoint offset = best_offset(
      kRowSearch * transform.scale(),
      [&](PagePoint shift) {
        double sum = 0;
        for (size_t i = 0; i < on.size(); ++i) {
          sum += sample(image, inside[i].x + shift.x, inside[i].y + shift.y) -
                 sample(image, on[i].x + shift.x, on[i].y + shift.y);
        }
        return sum / static_cast<double>(on.size());
      },
      &contrast);
  reading.print_contrast = contrast;
  reading.found = contrast >= kRingContrastMin;
  *offset_found = offset;
  // Ink inside the box: each sample the mean of a 3×3 pixel patch, so that noise is not ink.
  std::vector<double> values;
  for (double y = row.top + kBoxInset; y < row.top + row.height - kBoxInset; y += kBoxSampleStep) {
    for (double x = row.box_left + kBoxInset; x < row.box_right - kBoxInset; x += kBoxSampleStep) {
      PagePoint at = plus(transform.map({x, y}), offset);
      double sum = 0;
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) sum += sample(image, at.x + dx, at.y + dy);
      }
      values.push_back(sum / 9);
    }
  }
  if (values.empty()) return reading;
  double paper = std::max(median(values), 1.0);
  auto ink = std::count_if(values.begin(), values.end(),
                           [&](double value) { return (paper - value) / paper >= kInkDarkness; });
  reading.written = static_cast<double>(ink) >= kWrittenShare * static_cast<double>(values.size());
  return reading;
}

// The printed points of a row that pin it down on the page: its bubbles' centres, or its box's
// corners.
std::vector<PagePoint> row_points(const AnswerRow& row) {
  if (row.choices > 0) return row.bubbles;
  const double bottom = row.top + row.height;
  return {{row.box_left, row.top},
          {row.box_right, row.top},
          {row.box_left, bottom},
          {row.box_right, bottom}};
}

PagePoint row_centre(const AnswerRow& row) {
  PagePoint centre{};
  const std::vector<PagePoint> points = row_points(row);
  for (const PagePoint& point : points) {
    centre.x += point.x / static_cast<double>(points.size());
    centre.y += point.y / static_cast<double>(points.size());
  }
  return centre;
}

double distance(PagePoint a, PagePoint b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Rows are read outward from the QR code, nearest first. Each is looked for where a projective
// map fitted to everything found so far (`start`: the code's corners and the rules' ends, see
// scan_page_map.h; then the rows' printed points) puts it, moved by how far the nearest row
// found was from that map (a page that is not quite flat). Each row found well inside its
// search window carries the map a little further, so that on a photo whose far edge is
// narrower every row is looked for within a millimetre or two of where it is, not next to its
// neighbour.
std::vector<RowReading> track_rows(const GrayImage& image, PageMap start,
                                   std::span<const AnswerRow> rows) {
  const PagePoint code_centre{kQrLeft + kQrSize / 2, kQrTop + kQrSize / 2};
  Homography model = start.map;
  std::vector<PointPair> pairs = std::move(start.pairs);
  struct FoundRow {
    PagePoint page;   // the row's centre on the page
    PagePoint image;  // where it was found
  };
  std::vector<FoundRow> found;

  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return distance(row_centre(rows[a]), code_centre) < distance(row_centre(rows[b]), code_centre);
  });
  std::vector<RowReading> readings(rows.size());
  for (size_t index : order) {
    const AnswerRow& row = rows[index];
    const PagePoint centre = row_centre(row);
    PageTransform local = model.tangent_at(centre);
    if (!found.empty()) {
      const FoundRow& nearest =
          *std::min_element(found.begin(), found.end(), [&](const FoundRow& a, const FoundRow& b) {
            return distance(a.page, centre) < distance(b.page, centre);
          });
      const PagePoint predicted = model.map(nearest.page);
      local.dx += nearest.image.x - predicted.x;
      local.dy += nearest.image.y - predicted.y;
    }
    PagePoint offset{};
    readings[index] = row.choices > 0 ? read_choice_row(image, local, row, &offset)
                                      : read_open_row(image, local, row, &offset);
    // A row found at the edge of its window may be its neighbour: it is read, but does not
    // move the map.
    if (!readings[index].found ||
        std::hypot(offset.x, offset.y) > kRowSearchTrusted * local.scale()) {
      continue;
    }
    for (const PagePoint& point : row_points(row)) {
      pairs.push_back({point, plus(local.map(point), offset)});
    }
    found.push_back({centre, plus(local.map(centre), offset)});
    if (auto fitted = Homography::fit(pairs)) model = *fitted;
  }
  return readings;
}

double total_print_contrast(const std::vector<RowReading>& readings) {
  double sum = 0;
  for (const RowReading& reading : readings) sum += reading.print_contrast;
  return sum;
}

}  // namespace

std::vector<RowReading> read_answer_rows(const GrayImage& image, const PageTransform& transform,
                                         std::span<const AnswerRow> rows) {
  PageMap with_header = page_map(image, transform, /*with_header=*/true);
  const bool header_rule = with_header.header_rule;
  std::vector<RowReading> readings = track_rows(image, std::move(with_header), rows);
  if (!header_rule) return readings;
  // A thin line along a flatbed scan's page edge can pass for the header's rule. Read again
  // without it and keep the reading whose rows' print stands out more: the right map puts
  // every row on its circles, a wrong one some rows on their neighbours' or on nothing.
  std::vector<RowReading> without =
      track_rows(image, page_map(image, transform, /*with_header=*/false), rows);
  return total_print_contrast(without) > total_print_contrast(readings) ? without : readings;
}

}  // namespace parta::paper
