// Decoding JPEG files (white-box: exif_orientation.h, jpeg_codec.h, image_decode.h,
// scan_image.h): photos turned upright by their EXIF orientation (the tag read in either byte
// order, nothing read from a damaged segment, all eight orientations decoded upright for print
// and for scans, the JPEG a PDF embeds upright too), and damaged or endless files refused.
#include "jpeg_codec.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "exif_orientation.h"
#include "image_decode.h"
#include "jpeg_files.h"
#include "scan_image.h"

namespace parta::paper {
namespace {

using testing::exif_app1;
using testing::jpeg_file;

struct Rgb {
  uint8_t red, green, blue;
};
constexpr Rgb kRed{230, 20, 20}, kGreen{20, 200, 20}, kBlue{20, 20, 230}, kWhite{255, 255, 255};

// The stored image: 64 × 48, white, with 16-pixel blocks in three corners (whole JPEG
// blocks, so the colours survive compression): red top left, blue top right, green bottom
// left. Three corners tell all eight orientations apart.
constexpr int kStoredWidth = 64, kStoredHeight = 48, kBlock = 16;

std::vector<uint8_t> stored_pixels() {
  std::vector<uint8_t> rgb;
  for (int y = 0; y < kStoredHeight; ++y) {
    for (int x = 0; x < kStoredWidth; ++x) {
      bool top = y < kBlock, left = x < kBlock, right = x >= kStoredWidth - kBlock;
      bool bottom = y >= kStoredHeight - kBlock;
      Rgb colour = top && left ? kRed : top && right ? kBlue : bottom && left ? kGreen : kWhite;
      rgb.insert(rgb.end(), {colour.red, colour.green, colour.blue});
    }
  }
  return rgb;
}

// Where the stored image's first row and first column are when it is upright, as the EXIF
// names say (TopLeft, TopRight, BottomRight, BottomLeft, LeftTop, RightTop, RightBottom,
// LeftBottom): an oracle apart from the code under test.
enum Side { kTop, kBottom, kLeft, kRight };
constexpr std::array<std::pair<Side, Side>, 9> kNamed = {{{kTop, kLeft},  // (0 is unused)
                                                          {kTop, kLeft},
                                                          {kTop, kRight},
                                                          {kBottom, kRight},
                                                          {kBottom, kLeft},
                                                          {kLeft, kTop},
                                                          {kRight, kTop},
                                                          {kRight, kBottom},
                                                          {kLeft, kBottom}}};

Side opposite(Side side) {
  return side == kTop ? kBottom : side == kBottom ? kTop : side == kLeft ? kRight : kLeft;
}

// The upright pixel in the middle of the corner block between two sides.
std::pair<int, int> corner(Side a, Side b, int width, int height) {
  bool left = a == kLeft || b == kLeft, top = a == kTop || b == kTop;
  return {left ? kBlock / 2 : width - 1 - kBlock / 2, top ? kBlock / 2 : height - 1 - kBlock / 2};
}

// Grey as libjpeg makes it from colour (ITU-R BT.601).
int luma(Rgb colour) {
  return (299 * colour.red + 587 * colour.green + 114 * colour.blue + 500) / 1000;
}

// Checks that `pixel(x, y)` (as Rgb) is upright for `orientation`: the stored image's red,
// blue and green corners where the orientation's name puts them.
template <typename Pixel>
void expect_upright(int orientation, int width, int height, Pixel pixel) {
  auto [row_side, column_side] = kNamed[orientation];
  const bool turned = orientation >= 5;
  ASSERT_EQ(width, turned ? kStoredHeight : kStoredWidth) << "orientation " << orientation;
  ASSERT_EQ(height, turned ? kStoredWidth : kStoredHeight) << "orientation " << orientation;
  const std::array<std::pair<std::pair<int, int>, Rgb>, 3> expected = {{
      {corner(row_side, column_side, width, height), kRed},              // first row, first column
      {corner(row_side, opposite(column_side), width, height), kBlue},   // first row, last column
      {corner(opposite(row_side), column_side, width, height), kGreen},  // last row, first column
  }};
  for (const auto& [at, colour] : expected) {
    pixel(at.first, at.second, colour);
  }
  // The fourth corner is white.
  pixel(corner(opposite(row_side), opposite(column_side), width, height).first,
        corner(opposite(row_side), opposite(column_side), width, height).second, kWhite);
}

Result<unsigned> full_size(uint32_t, uint32_t) { return 1u; }

TEST(ExifOrientation, ReadsTheTagInEitherByteOrder) {
  for (uint16_t value = 1; value <= 8; ++value) {
    EXPECT_EQ(exif_orientation(exif_app1(value, false)), static_cast<Orientation>(value));
    EXPECT_EQ(exif_orientation(exif_app1(value, true)), static_cast<Orientation>(value));
  }
}

TEST(ExifOrientation, AnythingOddReadsAsStored) {
  EXPECT_EQ(exif_orientation(""), Orientation::kTopLeft);
  EXPECT_EQ(exif_orientation("http://ns.adobe.com/xap/1.0/"), Orientation::kTopLeft) << "XMP";
  for (uint16_t value : {0, 9, 0xFFFF}) {
    EXPECT_EQ(exif_orientation(exif_app1(value)), Orientation::kTopLeft) << value;
  }
  const std::string whole = exif_app1(6);
  // Cut anywhere before the value ends, the tag is not read; bytes past the IFD do not matter.
  const size_t value_end = 6 + 8 + 2 + 12 + 8 + 2;
  for (size_t size = 0; size < whole.size(); ++size) {
    EXPECT_EQ(exif_orientation(whole.substr(0, size)),
              size < value_end ? Orientation::kTopLeft : Orientation::kRightTop)
        << size;
  }
  std::string far_ifd = whole;
  far_ifd[6 + 4] = '\xFF', far_ifd[6 + 7] = '\x7F';  // IFD0 at 0x7F0000FF
  EXPECT_EQ(exif_orientation(far_ifd), Orientation::kTopLeft);
  std::string many_entries = whole;
  many_entries[6 + 8] = '\xFF', many_entries[6 + 9] = '\xFF';  // 65535 entries, 2 present
  EXPECT_EQ(exif_orientation(many_entries), Orientation::kRightTop) << "found before the end";
  std::string long_type = whole;
  long_type[6 + 8 + 2 + 12 + 2] = 4;  // LONG, not SHORT
  EXPECT_EQ(exif_orientation(long_type), Orientation::kTopLeft);
  std::string bad_order = whole;
  bad_order[6] = 'X';
  EXPECT_EQ(exif_orientation(bad_order), Orientation::kTopLeft);
}

TEST(JpegCodec, EveryOrientationDecodesUprightInColourAndGrey) {
  const std::vector<uint8_t> stored = stored_pixels();
  for (int orientation = 1; orientation <= 8; ++orientation) {
    SCOPED_TRACE(orientation);
    const std::string file = jpeg_file(stored, kStoredWidth, kStoredHeight,
                                       exif_app1(static_cast<uint16_t>(orientation)));
    auto colour = decode_jpeg(file, JpegPixels::kBgrx, full_size);
    ASSERT_TRUE(colour.is_ok()) << colour.status().message();
    EXPECT_EQ(colour->as_stored, orientation == 1);
    expect_upright(orientation, colour->width, colour->height, [&](int x, int y, Rgb expected) {
      const uint8_t* bgrx =
          colour->pixels.data() + (static_cast<size_t>(y) * colour->width + x) * 4;
      EXPECT_NEAR(bgrx[2], expected.red, 40) << x << "," << y;
      EXPECT_NEAR(bgrx[1], expected.green, 40) << x << "," << y;
      EXPECT_NEAR(bgrx[0], expected.blue, 40) << x << "," << y;
    });
    auto grey = decode_jpeg(file, JpegPixels::kGray, full_size);
    ASSERT_TRUE(grey.is_ok()) << grey.status().message();
    expect_upright(orientation, grey->width, grey->height, [&](int x, int y, Rgb expected) {
      EXPECT_NEAR(grey->pixels[static_cast<size_t>(y) * grey->width + x], luma(expected), 20)
          << x << "," << y;
    });
  }
}

TEST(JpegCodec, ThePlanSeesTheUprightSizeAndMayRefuse) {
  const std::string file = jpeg_file(stored_pixels(), kStoredWidth, kStoredHeight, exif_app1(6));
  uint32_t seen_width = 0, seen_height = 0;
  auto half = decode_jpeg(file, JpegPixels::kGray, [&](uint32_t width, uint32_t height) {
    seen_width = width, seen_height = height;
    return Result<unsigned>(2u);
  });
  ASSERT_TRUE(half.is_ok()) << half.status().message();
  EXPECT_EQ(seen_width, 48u);
  EXPECT_EQ(seen_height, 64u);
  EXPECT_EQ(half->width, 24);
  EXPECT_EQ(half->height, 32);
  EXPECT_FALSE(half->as_stored);
  auto refused = decode_jpeg(file, JpegPixels::kGray, [](uint32_t, uint32_t) {
    return Result<unsigned>(Status::invalid("too large"));
  });
  EXPECT_EQ(refused.status().message(), "too large");
}

TEST(JpegCodec, ADamagedFileIsAStatus) {
  const std::string file = jpeg_file(stored_pixels(), kStoredWidth, kStoredHeight, exif_app1(6));
  auto no_image = decode_jpeg(file.substr(0, 200), JpegPixels::kBgrx, full_size);
  EXPECT_EQ(no_image.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(no_image.status().message().rfind("the file is a damaged JPEG file (", 0), 0u)
      << no_image.status().message();
  auto not_jpeg = decode_jpeg("GIF89a", JpegPixels::kGray, full_size);
  EXPECT_EQ(not_jpeg.status().kind(), Status::Kind::kInvalid);
  // Cut in the scan data: libjpeg fills the rest grey, the size is the file's, and its warning
  // that the data ran out is kept.
  const size_t scan_data = file.find("\xFF\xDA") + 40;
  auto truncated = decode_jpeg(file.substr(0, scan_data), JpegPixels::kGray, full_size);
  ASSERT_TRUE(truncated.is_ok()) << truncated.status().message();
  EXPECT_EQ(truncated->width, 48);
  EXPECT_EQ(truncated->ended_early, "Premature end of JPEG file");
  auto whole = decode_jpeg(file, JpegPixels::kGray, full_size);
  ASSERT_TRUE(whole.is_ok()) << whole.status().message();
  EXPECT_EQ(whole->ended_early, "");
}

TEST(JpegCodec, EncodesAPhotoLargerThanItsFirstBufferWhole) {
  // Noise compresses badly: far more than the first 64 KiB of output, so the buffer grows.
  constexpr int kWidth = 600, kHeight = 400;
  std::vector<uint8_t> bgrx(static_cast<size_t>(kWidth) * kHeight * 4);
  uint32_t state = 12345;
  for (uint8_t& byte : bgrx)
    byte = static_cast<uint8_t>((state = state * 1103515245 + 12345) >> 24);
  const std::string file = encode_jpeg(bgrx.data(), kWidth, kHeight, kWidth * 4, 90);
  ASSERT_GT(file.size(), 64u * 1024 * 2);
  auto decoded = decode_jpeg(file, JpegPixels::kBgrx, full_size);
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().message();
  EXPECT_EQ(decoded->width, kWidth);
  EXPECT_EQ(decoded->height, kHeight);
}

TEST(JpegCodec, AFileOfEndlessScansIsRefused) {
  const std::string file = jpeg_file(stored_pixels(), kStoredWidth, kStoredHeight, {}, 95,
                                     /*progressive=*/true);
  auto whole = decode_jpeg(file, JpegPixels::kGray, full_size);
  ASSERT_TRUE(whole.is_ok()) << whole.status().message();
  // The second scan (and any table before the third) again and again: a bogus progression,
  // which libjpeg only warns about, read over the whole image every time.
  const size_t second = file.find("\xFF\xDA", file.find("\xFF\xDA") + 2);
  const size_t third = file.find("\xFF\xDA", second + 2);
  std::string endless = file.substr(0, third);
  for (int copy = 0; copy < 200; ++copy) endless += file.substr(second, third - second);
  endless += file.substr(third);
  auto refused = decode_jpeg(endless, JpegPixels::kGray, full_size);
  EXPECT_EQ(refused.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(refused.status().message(),
            "the file is a damaged JPEG file (more than 100 scans, which no camera or scanner "
            "writes)");
}

TEST(ImageDecode, APhotoTakenSidewaysPrintsUprightAndIsEmbeddedUpright) {
  const std::vector<uint8_t> stored = stored_pixels();
  auto embedded = [](const DecodedImage& image) {
    const unsigned char* data = nullptr;
    unsigned long length = 0;
    cairo_surface_get_mime_data(image.surface.get(), CAIRO_MIME_TYPE_JPEG, &data, &length);
    return std::string(reinterpret_cast<const char*>(data), length);
  };
  auto check = [&](const DecodedImage& image, int orientation) {
    // No cairo_surface_flush: it would drop the JPEG attached for the PDF.
    const unsigned char* data = cairo_image_surface_get_data(image.surface.get());
    const int stride = cairo_image_surface_get_stride(image.surface.get());
    expect_upright(orientation, image.width_px, image.height_px, [&](int x, int y, Rgb expected) {
      const unsigned char* bgrx = data + static_cast<size_t>(y) * stride + x * 4;
      EXPECT_NEAR(bgrx[2], expected.red, 40) << x << "," << y;
      EXPECT_NEAR(bgrx[0], expected.blue, 40) << x << "," << y;
    });
    // What the PDF will show: the embedded JPEG, read with no EXIF, is upright too.
    auto shown = decode_jpeg(embedded(image), JpegPixels::kGray, full_size);
    ASSERT_TRUE(shown.is_ok()) << shown.status().message();
    EXPECT_TRUE(shown->as_stored) << "no orientation left to apply";
    expect_upright(orientation, shown->width, shown->height, [&](int x, int y, Rgb expected) {
      EXPECT_NEAR(shown->pixels[static_cast<size_t>(y) * shown->width + x], luma(expected), 20);
    });
  };
  for (int orientation : {1, 3, 6, 8}) {
    SCOPED_TRACE(orientation);
    const std::string file = jpeg_file(stored, kStoredWidth, kStoredHeight,
                                       exif_app1(static_cast<uint16_t>(orientation)));
    auto image = decode_image(file, 1000, 1000);
    ASSERT_TRUE(image.is_ok()) << image.status().message();
    ASSERT_NO_FATAL_FAILURE(check(*image, orientation));
    if (orientation == 1) {
      EXPECT_EQ(embedded(*image), file) << "an upright photo at its size is embedded as it is";
    }
  }
  // A portrait photo stored landscape: laid out portrait in the room given, a third the size.
  auto smaller = decode_image(jpeg_file(stored, kStoredWidth, kStoredHeight, exif_app1(6)), 64, 22);
  ASSERT_TRUE(smaller.is_ok()) << smaller.status().message();
  EXPECT_EQ(smaller->width_px, 17);
  EXPECT_EQ(smaller->height_px, 22);
}

TEST(ScanImage, APagePhotographedSidewaysDecodesUpright) {
  const std::string file =
      jpeg_file(stored_pixels(), kStoredWidth, kStoredHeight, exif_app1(8, /*big_endian=*/true));
  auto image = decode_scanned_image(file);
  ASSERT_TRUE(image.is_ok()) << image.status().message();
  expect_upright(8, image->width, image->height, [&](int x, int y, Rgb expected) {
    EXPECT_NEAR(image->at(x, y), luma(expected), 20) << x << "," << y;
  });
  // A scan cut short is refused: its lost part would read as an empty page.
  auto cut = decode_scanned_image(file.substr(0, file.find("\xFF\xDA") + 40));
  EXPECT_EQ(cut.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(cut.status().message(),
            "the file is damaged or cut short: its image ends early (Premature end of JPEG "
            "file); copy it from the scanner or phone again");
  EXPECT_EQ(decode_scanned_image("\x89PNG\r\n\x1a\n").status().message(),
            "the file is a damaged PNG file (no header)");
  // A text chunk claiming 1.6 GB in a small file is refused before libpng allocates for it.
  std::string lying(
      "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\0\0\0\x01\0\x08\0\0\0\0"
      "\0\0\0\0",
      33);
  lying += std::string("\x60\0\0\x25tEXt", 8) + "Comment" + std::string(4, '\0');
  EXPECT_EQ(decode_scanned_image(lying).status().message(),
            "the file is a damaged PNG file (a chunk runs past the end of the file)");
}

}  // namespace
}  // namespace parta::paper
