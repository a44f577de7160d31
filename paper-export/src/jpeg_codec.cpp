// JPEG in and out; see jpeg_codec.h.
#include "jpeg_codec.h"

#include <fmt/format.h>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>
// jerror.h numbers its messages by JPEG_LIB_VERSION, which jpeglib.h defines: after it.
#include <jerror.h>

#include <cassert>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "exif_orientation.h"

namespace parta::paper {
namespace {

constexpr int kApp1Marker = JPEG_APP0 + 1;    // where EXIF is
constexpr unsigned kMarkerBytesMax = 0xFFFF;  // a marker segment's length is 16 bits
// libjpeg goes over the whole image for every scan of a progressive file, so a small file of
// thousands of scans would keep a decoder busy for hours. libjpeg writes 10; no camera or
// scanner writes more than a few dozen.
constexpr int kJpegScansMax = 100;

// libjpeg reports an error by calling error_exit, which must not return: it jumps back to
// the setjmp of the step (below) that called libjpeg. The steps hold nothing with a
// destructor; the libjpeg object they work on is owned one frame up, which no jump crosses.
struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  char ended_early[JMSG_LENGTH_MAX];  // the first warning that the data ran out; "" when none
};

void jpeg_failed(j_common_ptr info) {
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}

// Warnings are not printed. The data running out (a file cut short: libjpeg decodes the rest
// grey) is kept for the caller; the other warnings are about files that still decode whole.
void jpeg_warned(j_common_ptr info, int level) {
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  const int code = info->err->msg_code;
  if (level < 0 && (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) &&
      errors->ended_early[0] == '\0') {
    (*info->err->format_message)(info, errors->ended_early);
  }
}

// libjpeg's progress monitor, called as it reads: stops at too many scans, as an error would.
void limit_scans(j_common_ptr common) {
  if (reinterpret_cast<j_decompress_ptr>(common)->input_scan_number <= kJpegScansMax) return;
  auto* errors = reinterpret_cast<JpegErrors*>(common->err);
  std::snprintf(errors->message, sizeof errors->message,
                "more than %d scans, which no camera or scanner writes", kJpegScansMax);
  std::longjmp(errors->jump, 1);
}

// The error manager for a libjpeg object: errors jump back, warnings are kept quiet.
jpeg_error_mgr* catching(JpegErrors& errors) {
  jpeg_error_mgr* manager = jpeg_std_error(&errors.manager);
  manager->error_exit = jpeg_failed;
  manager->emit_message = jpeg_warned;
  return manager;
}

// libjpeg's decompressor, destroyed on every path out of decode_jpeg.
struct Decompressor {
  jpeg_decompress_struct info{};  // zeroed: destroying one never created is harmless
  JpegErrors errors{};
  jpeg_progress_mgr progress{};

  Decompressor() {
    info.err = catching(errors);
    progress.progress_monitor = limit_scans;
  }
  ~Decompressor() { jpeg_destroy_decompress(&info); }
  Decompressor(const Decompressor&) = delete;  // info.err and info.progress point into it
  Decompressor& operator=(const Decompressor&) = delete;
};

// Where the compressor writes: a buffer this code owns and grows. (libjpeg's own memory
// destination frees a buffer it outgrows but hands the new one over only on success, so an
// error after it grew left the caller a pointer to freed memory.)
struct GrowingOutput {
  jpeg_destination_mgr manager{};   // first: libjpeg's cinfo->dest points at it
  unsigned char* buffer = nullptr;  // malloc'd, freed by ~Compressor
  size_t capacity = 0;
  size_t length = 0;  // set when the compression finishes
};
static_assert(std::is_standard_layout_v<GrowingOutput>);

constexpr size_t kOutputBytesFirst = 64 * 1024;

GrowingOutput& output_of(j_compress_ptr info) {
  return *reinterpret_cast<GrowingOutput*>(info->dest);
}

// libjpeg's callbacks: out of memory is its error (a jump back to the step that called it).
void start_output(j_compress_ptr info) {
  GrowingOutput& out = output_of(info);
  if (out.buffer == nullptr) {
    out.buffer = static_cast<unsigned char*>(std::malloc(kOutputBytesFirst));
    if (out.buffer == nullptr) ERREXIT(info, JERR_OUT_OF_MEMORY);
    out.capacity = kOutputBytesFirst;
  }
  out.manager.next_output_byte = out.buffer;
  out.manager.free_in_buffer = out.capacity;
}

boolean grow_output(j_compress_ptr info) {  // called when the buffer is full
  GrowingOutput& out = output_of(info);
  auto* grown = static_cast<unsigned char*>(std::realloc(out.buffer, out.capacity * 2));
  if (grown == nullptr) ERREXIT(info, JERR_OUT_OF_MEMORY);  // out.buffer is still ours
  out.buffer = grown;
  out.manager.next_output_byte = out.buffer + out.capacity;
  out.manager.free_in_buffer = out.capacity;
  out.capacity *= 2;
  return TRUE;
}

void finish_output(j_compress_ptr info) {
  GrowingOutput& out = output_of(info);
  out.length = out.capacity - out.manager.free_in_buffer;
}

// libjpeg's compressor and the buffer it writes to, released on every path out of
// encode_jpeg.
struct Compressor {
  jpeg_compress_struct info{};
  JpegErrors errors{};
  GrowingOutput output;

  Compressor() {
    info.err = catching(errors);
    output.manager.init_destination = start_output;
    output.manager.empty_output_buffer = grow_output;
    output.manager.term_destination = finish_output;
  }
  ~Compressor() {
    jpeg_destroy_compress(&info);
    std::free(output.buffer);
  }
  Compressor(const Compressor&) = delete;  // info.err and info.dest point into it
  Compressor& operator=(const Compressor&) = delete;
};

// The steps: each calls libjpeg after its own setjmp and returns false when libjpeg jumped
// back (errors.message says why). Nothing with a destructor lives in a step's frame.
bool read_header(Decompressor& jpeg, std::string_view bytes) {
  if (setjmp(jpeg.errors.jump)) return false;
  jpeg_create_decompress(&jpeg.info);
  jpeg.info.progress = &jpeg.progress;  // after create, which clears it
  jpeg_save_markers(&jpeg.info, kApp1Marker, kMarkerBytesMax);
  jpeg_mem_src(&jpeg.info, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_read_header(&jpeg.info, TRUE);
  return true;
}

bool start(Decompressor& jpeg, JpegPixels pixels, unsigned denominator) {
  if (setjmp(jpeg.errors.jump)) return false;
  jpeg.info.out_color_space = pixels == JpegPixels::kGray ? JCS_GRAYSCALE : JCS_EXT_BGRX;
  jpeg.info.scale_num = 1;
  jpeg.info.scale_denom = denominator;
  jpeg_start_decompress(&jpeg.info);
  return true;
}

bool read_rows(Decompressor& jpeg, uint8_t* rows, size_t row_bytes) {
  if (setjmp(jpeg.errors.jump)) return false;
  while (jpeg.info.output_scanline < jpeg.info.output_height) {
    JSAMPROW row = rows + static_cast<size_t>(jpeg.info.output_scanline) * row_bytes;
    jpeg_read_scanlines(&jpeg.info, &row, 1);
  }
  jpeg_finish_decompress(&jpeg.info);
  return true;
}

bool compress(Compressor& jpeg, const uint8_t* bgrx, int width, int height, int stride_bytes,
              int quality) {
  if (setjmp(jpeg.errors.jump)) return false;
  jpeg_create_compress(&jpeg.info);
  jpeg.info.dest = &jpeg.output.manager;
  jpeg.info.image_width = static_cast<JDIMENSION>(width);
  jpeg.info.image_height = static_cast<JDIMENSION>(height);
  jpeg.info.input_components = 4;
  jpeg.info.in_color_space = JCS_EXT_BGRX;
  jpeg_set_defaults(&jpeg.info);
  jpeg_set_quality(&jpeg.info, quality, TRUE);
  jpeg_start_compress(&jpeg.info, TRUE);
  while (jpeg.info.next_scanline < jpeg.info.image_height) {
    // libjpeg's rows are not const, but it only reads them.
    auto* row =
        const_cast<JSAMPROW>(bgrx + static_cast<size_t>(jpeg.info.next_scanline) * stride_bytes);
    jpeg_write_scanlines(&jpeg.info, &row, 1);
  }
  jpeg_finish_compress(&jpeg.info);
  return true;
}

Status damaged(const Decompressor& jpeg) {
  return Status::invalid(fmt::format("the file is a damaged JPEG file ({})", jpeg.errors.message));
}

// The orientation in the first EXIF segment the header kept; kTopLeft when there is none.
Orientation orientation_of(const Decompressor& jpeg) {
  for (jpeg_saved_marker_ptr marker = jpeg.info.marker_list; marker; marker = marker->next) {
    std::string_view data(reinterpret_cast<const char*>(marker->data), marker->data_length);
    if (marker->marker == kApp1Marker && data.starts_with(std::string_view("Exif\0", 5))) {
      return exif_orientation(data);
    }
  }
  return Orientation::kTopLeft;
}

}  // namespace

Result<JpegImage> decode_jpeg(std::string_view bytes, JpegPixels pixels, const JpegPlan& plan) {
  Decompressor jpeg;
  if (!read_header(jpeg, bytes)) return damaged(jpeg);
  if (jpeg.info.jpeg_color_space == JCS_CMYK || jpeg.info.jpeg_color_space == JCS_YCCK) {
    return Status::invalid("the file is a CMYK JPEG (made for a print shop); save it as RGB");
  }
  const Orientation orientation = orientation_of(jpeg);
  const bool swapped = swaps_sides(orientation);
  auto denominator = plan(swapped ? jpeg.info.image_height : jpeg.info.image_width,
                          swapped ? jpeg.info.image_width : jpeg.info.image_height);
  if (!denominator) return denominator.status();
  assert(*denominator == 1 || *denominator == 2 || *denominator == 4 || *denominator == 8);
  if (!start(jpeg, pixels, *denominator)) return damaged(jpeg);
  const int pixel_bytes = pixels == JpegPixels::kGray ? 1 : 4;
  assert(jpeg.info.output_components == pixel_bytes);
  const auto width = static_cast<int>(jpeg.info.output_width);
  const auto height = static_cast<int>(jpeg.info.output_height);
  std::vector<uint8_t> stored(static_cast<size_t>(width) * height * pixel_bytes);
  if (!read_rows(jpeg, stored.data(), static_cast<size_t>(width) * pixel_bytes)) {
    return damaged(jpeg);
  }
  const std::string ended_early = jpeg.errors.ended_early;
  if (orientation == Orientation::kTopLeft) {
    return JpegImage{width, height, std::move(stored), *denominator == 1, ended_early};
  }
  return JpegImage{swapped ? height : width, swapped ? width : height,
                   turn_upright(stored, width, height, pixel_bytes, orientation), false,
                   ended_early};
}

std::string encode_jpeg(const uint8_t* bgrx, int width, int height, int stride_bytes, int quality) {
  assert(width > 0 && height > 0 && stride_bytes >= width * 4);
  Compressor jpeg;
  if (!compress(jpeg, bgrx, width, height, stride_bytes, quality)) return {};
  return std::string(reinterpret_cast<const char*>(jpeg.output.buffer), jpeg.output.length);
}

}  // namespace parta::paper
