// JPEG files for tests, written with libjpeg the way a phone camera writes a photo: the
// pixels as the sensor saw them and an EXIF APP1 segment whose Orientation tag says how to
// turn them upright. No tool is needed to make them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

namespace parta::testing {

// An APP1 segment's data: "Exif\0\0", a TIFF header in either byte order and IFD0 with a
// DateTime entry (a tag that is not the orientation, as cameras write before it) and the
// Orientation entry.
inline std::string exif_app1(uint16_t orientation, bool big_endian = false) {
  std::string tiff;
  auto put = [&](uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      int shift = big_endian ? 8 * (bytes - 1 - i) : 8 * i;
      tiff += static_cast<char>((value >> shift) & 0xFF);
    }
  };
  tiff += big_endian ? "MM" : "II";
  put(42, 2);
  put(8, 4);                                          // IFD0 right after the header
  put(2, 2);                                          // two entries
  put(0x0132, 2), put(2, 2), put(20, 4), put(38, 4);  // DateTime, ASCII, 20 bytes at 38
  put(0x0112, 2), put(3, 2), put(1, 4), put(orientation, 2), put(0, 2);  // Orientation, SHORT
  put(0, 4);                                                             // no next IFD
  tiff += std::string("2026:11:25 09:30:00\0", 20);
  return std::string("Exif\0\0", 6) + tiff;
}

// A JPEG of `width` × `height` RGB pixels (rows without padding) at `quality`, baseline or
// progressive (libjpeg's 10 scans), with `app1` as its APP1 segment unless empty. The pixels
// must be whole: libjpeg's default error handler ends the test program on a bad argument.
inline std::string jpeg_file(const std::vector<uint8_t>& rgb, int width, int height,
                             const std::string& app1 = {}, int quality = 95,
                             bool progressive = false) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long length = 0;
  jpeg_mem_dest(&info, &buffer, &length);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  if (progressive) jpeg_simple_progression(&info);
  jpeg_start_compress(&info, TRUE);
  if (!app1.empty()) {
    jpeg_write_marker(&info, JPEG_APP0 + 1, reinterpret_cast<const JOCTET*>(app1.data()),
                      static_cast<unsigned>(app1.size()));
  }
  while (info.next_scanline < info.image_height) {
    auto* row =
        const_cast<JSAMPROW>(rgb.data() + static_cast<size_t>(info.next_scanline) * width * 3);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::string file(reinterpret_cast<const char*>(buffer), length);
  std::free(buffer);
  return file;
}

}  // namespace parta::testing
