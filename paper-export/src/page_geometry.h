// Where things go on an A4 page, in PDF points (1/72 inch), and how the bands of a packet page
// fit together: the header (student, class, subject), the content, and the footer with the
// packet code and the QR code (paper-export internal).
#pragma once

namespace parta::paper {

inline constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double mm(double millimetres) { return millimetres * kPointsPerMm; }

inline constexpr double kPageWidth = mm(210);
inline constexpr double kPageHeight = mm(297);

// A wider left margin leaves room for a staple or a hole punch.
inline constexpr double kMarginLeft = mm(20);
inline constexpr double kMarginRight = mm(15);
inline constexpr double kContentWidth = kPageWidth - kMarginLeft - kMarginRight;

inline constexpr double kHeaderTop = mm(12);
inline constexpr double kHeaderRule = mm(20);  // a thin line under the header
inline constexpr double kContentTop = mm(25);  // pages with a header
inline constexpr double kCoverTop = mm(12);    // the cover has none

// The QR code sits in the bottom right corner with white space around it (its quiet zone).
inline constexpr double kQrSize = mm(28);
inline constexpr double kQrBottom = kPageHeight - mm(12);
inline constexpr double kQrTop = kQrBottom - kQrSize;
inline constexpr double kQrLeft = kPageWidth - kMarginRight - kQrSize;
inline constexpr double kFooterRule = kQrTop - mm(4);
inline constexpr double kContentBottom = kFooterRule - mm(3);

static_assert(kContentTop > kHeaderRule && kContentBottom > kContentTop + mm(200),
              "a page keeps at least 200 mm for its content");
static_assert(kFooterRule < kQrTop - mm(3), "the QR code's quiet zone stays white");

}  // namespace parta::paper
