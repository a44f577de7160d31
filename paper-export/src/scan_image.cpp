// Scanned pages as grey images; see scan_image.h.
#include "scan_image.h"

#include <cairo.h>
#include <fmt/format.h>
#include <glib.h>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>
#include <poppler.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "cairo_handles.h"

namespace parta::paper {
namespace {

enum class FileKind { kPdf, kPng, kJpeg, kUnknown };

Result<FileKind> sniff(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::io(fmt::format("cannot open {}", file.string()));
  char head[8] = {};
  in.read(head, sizeof head);
  std::string_view magic(head, static_cast<size_t>(in.gcount()));
  if (magic.starts_with("%PDF")) return FileKind::kPdf;
  if (magic.starts_with("\x89PNG")) return FileKind::kPng;
  if (magic.starts_with("\xFF\xD8\xFF")) return FileKind::kJpeg;
  return FileKind::kUnknown;
}

// The whole factor that brings the longer side down towards kScanLongSidePixels.
int shrink_factor(int width, int height) {
  return std::max(1, std::max(width, height) / kScanLongSidePixels);
}

// Grey from cairo's ARGB32 (premultiplied; scans are opaque), shrunk by `factor` (box filter).
GrayImage gray_from_surface(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int factor = shrink_factor(width, height);
  GrayImage image{width / factor, height / factor, {}};
  image.pixels.resize(static_cast<size_t>(image.width) * image.height);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      uint32_t sum = 0;
      for (int dy = 0; dy < factor; ++dy) {
        const auto* row =
            reinterpret_cast<const uint32_t*>(data + static_cast<size_t>(y * factor + dy) * stride);
        for (int dx = 0; dx < factor; ++dx) {
          uint32_t argb = row[x * factor + dx];
          // ITU-R BT.601 luma, in 1/256ths.
          sum +=
              (77 * ((argb >> 16) & 0xFF) + 150 * ((argb >> 8) & 0xFF) + 29 * (argb & 0xFF)) >> 8;
        }
      }
      image.pixels[static_cast<size_t>(y) * image.width + x] =
          static_cast<uint8_t>(sum / (factor * factor));
    }
  }
  return image;
}

Status too_large(const std::filesystem::path& file, size_t width, size_t height) {
  return Status::invalid(
      fmt::format("{}: the image is {}×{} pixels, more than a scanned page can be "
                  "({} Mpx at most); scan at 150–300 dpi",
                  file.string(), width, height, kScanImagePixelsMax >> 20));
}

Status for_each_pdf_page(const std::filesystem::path& file,
                         const std::function<void(uint32_t, Result<GrayImage>)>& page) {
  GError* error = nullptr;
  std::unique_ptr<gchar, decltype(&g_free)> uri(
      g_filename_to_uri(std::filesystem::absolute(file).c_str(), nullptr, &error), &g_free);
  if (!uri) {
    Status status = Status::invalid(fmt::format("{}: {}", file.string(), error->message));
    g_error_free(error);
    return status;
  }
  std::unique_ptr<PopplerDocument, GObjectRelease> document(
      poppler_document_new_from_file(uri.get(), nullptr, &error));
  if (!document) {
    Status status =
        Status::invalid(fmt::format("{}: not a readable PDF ({})", file.string(), error->message));
    g_error_free(error);
    return status;
  }
  const int pages = poppler_document_get_n_pages(document.get());
  if (pages <= 0) return Status::invalid(fmt::format("{}: the PDF has no pages", file.string()));
  if (static_cast<size_t>(pages) > kScanFilePagesMax) {
    return Status::invalid(fmt::format("{}: {} pages; scan at most {} pages into one file",
                                       file.string(), pages, kScanFilePagesMax));
  }
  for (int index = 0; index < pages; ++index) {
    const auto number = static_cast<uint32_t>(index + 1);
    std::unique_ptr<PopplerPage, GObjectRelease> pdf_page(
        poppler_document_get_page(document.get(), index));
    double width_points = 0, height_points = 0;
    if (pdf_page) poppler_page_get_size(pdf_page.get(), &width_points, &height_points);
    const double scale = kScanDpi / 72.0;
    const auto width = static_cast<size_t>(std::ceil(width_points * scale));
    const auto height = static_cast<size_t>(std::ceil(height_points * scale));
    if (!pdf_page || width == 0 || height == 0) {
      page(number,
           Status::invalid(fmt::format("{} page {}: the page has no size", file.string(), number)));
      continue;
    }
    if (width * height > kScanImagePixelsMax) {
      page(number, too_large(file, width, height));
      continue;
    }
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width),
                                                  static_cast<int>(height)));
    ContextPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_scale(cr.get(), scale, scale);
    poppler_page_render(pdf_page.get(), cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      page(number, Status::io(fmt::format("{} page {}: cannot render it: {}", file.string(), number,
                                          cairo_status_to_string(cairo_status(cr.get())))));
      continue;
    }
    page(number, gray_from_surface(surface.get()));
  }
  return Status::ok();
}

Result<GrayImage> read_png(const std::filesystem::path& file) {
  SurfacePtr surface(cairo_image_surface_create_from_png(file.c_str()));
  cairo_status_t status = cairo_surface_status(surface.get());
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status::invalid(
        fmt::format("{}: not a readable PNG ({})", file.string(), cairo_status_to_string(status)));
  }
  return gray_from_surface(surface.get());
}

struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void jpeg_error_exit(j_common_ptr info) {
  auto* error = reinterpret_cast<JpegError*>(info->err);
  (*info->err->format_message)(info, error->message);
  std::longjmp(error->jump, 1);
}

// libjpeg reports errors by longjmp: nothing with a destructor lives between setjmp and the
// calls that may jump, apart from `image`, which outlives both.
Result<GrayImage> read_jpeg(const std::filesystem::path& file) {
  std::unique_ptr<FILE, decltype(&std::fclose)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) return Status::io(fmt::format("cannot open {}", file.string()));
  GrayImage image;
  jpeg_decompress_struct info{};
  JpegError error{};
  info.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = jpeg_error_exit;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    return Status::invalid(
        fmt::format("{}: not a readable JPEG ({})", file.string(), error.message));
  }
  jpeg_create_decompress(&info);
  jpeg_stdio_src(&info, in.get());
  jpeg_read_header(&info, TRUE);
  if (static_cast<size_t>(info.image_width) * info.image_height > kScanImagePixelsMax) {
    Status refused = too_large(file, info.image_width, info.image_height);
    jpeg_destroy_decompress(&info);
    return refused;
  }
  info.out_color_space = JCS_GRAYSCALE;
  info.scale_num = 1;
  info.scale_denom = 1;
  const int factor =
      shrink_factor(static_cast<int>(info.image_width), static_cast<int>(info.image_height));
  while (info.scale_denom < 8 && static_cast<int>(info.scale_denom) * 2 <= factor) {
    info.scale_denom *= 2;
  }
  jpeg_start_decompress(&info);
  image.width = static_cast<int>(info.output_width);
  image.height = static_cast<int>(info.output_height);
  image.pixels.resize(static_cast<size_t>(image.width) * image.height);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image.pixels.data() + static_cast<size_t>(info.output_scanline) * image.width;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return image;
}

}  // namespace

Status for_each_scanned_page(const std::filesystem::path& file,
                             const std::function<void(uint32_t, Result<GrayImage>)>& page) {
  auto kind = sniff(file);
  if (!kind) return kind.status();
  switch (*kind) {
    case FileKind::kPdf:
      return for_each_pdf_page(file, page);
    case FileKind::kPng:
      page(1, read_png(file));
      return Status::ok();
    case FileKind::kJpeg:
      page(1, read_jpeg(file));
      return Status::ok();
    case FileKind::kUnknown:
      break;
  }
  return Status::invalid(fmt::format(
      "{}: not a PDF, PNG or JPEG file; scan the pages to one of those", file.string()));
}

}  // namespace parta::paper
