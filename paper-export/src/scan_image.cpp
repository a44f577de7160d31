// Scanned pages as grey images; see scan_image.h.
#include "scan_image.h"

#include <cairo.h>
#include <fmt/format.h>
#include <glib.h>
#include <poppler.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <string>

#include "cairo_handles.h"
#include "jpeg_codec.h"
#include "png_decode.h"

namespace parta::paper {
namespace {

constexpr std::string_view kPngMagic = "\x89PNG";
constexpr std::string_view kJpegMagic = "\xFF\xD8\xFF";

enum class FileKind { kPdf, kPng, kJpeg, kUnknown };

Result<FileKind> sniff(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::io(fmt::format("cannot open {}", file.string()));
  char head[8] = {};
  in.read(head, sizeof head);
  std::string_view magic(head, static_cast<size_t>(in.gcount()));
  if (magic.starts_with("%PDF")) return FileKind::kPdf;
  if (magic.starts_with(kPngMagic)) return FileKind::kPng;
  if (magic.starts_with(kJpegMagic)) return FileKind::kJpeg;
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

Status too_large(uint64_t width, uint64_t height) {
  return Status::invalid(
      fmt::format("the image is {}×{} pixels, more than a scanned page can be "
                  "({} Mpx at most); scan at 150–300 dpi",
                  width, height, kScanImagePixelsMax >> 20));
}

using PdfDocument = std::unique_ptr<PopplerDocument, GObjectRelease>;

// The PDF, with from 1 to kScanFilePagesMax pages.
Result<PdfDocument> open_pdf(const std::filesystem::path& file) {
  GError* error = nullptr;
  std::unique_ptr<gchar, decltype(&g_free)> uri(
      g_filename_to_uri(std::filesystem::absolute(file).c_str(), nullptr, &error), &g_free);
  if (!uri) {
    Status status = Status::invalid(fmt::format("{}: {}", file.string(), error->message));
    g_error_free(error);
    return status;
  }
  PdfDocument document(poppler_document_new_from_file(uri.get(), nullptr, &error));
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
  return document;
}

Status for_each_pdf_page(const std::filesystem::path& file,
                         const std::function<void(uint32_t, Result<GrayImage>)>& page) {
  auto document = open_pdf(file);
  if (!document) return document.status();
  const int pages = poppler_document_get_n_pages(document->get());
  for (int index = 0; index < pages; ++index) {
    const auto number = static_cast<uint32_t>(index + 1);
    std::unique_ptr<PopplerPage, GObjectRelease> pdf_page(
        poppler_document_get_page(document->get(), index));
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
      page(number, too_large(width, height).with_context(file.string()));
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

// The denominator (1, 2, 4 or 8) a JPEG decodes at: at most the whole shrink factor.
Result<unsigned> jpeg_denominator(uint32_t width, uint32_t height) {
  if (uint64_t{width} * height > kScanImagePixelsMax) return too_large(width, height);
  const int factor = shrink_factor(static_cast<int>(width), static_cast<int>(height));
  unsigned denominator = 1;
  while (denominator < 8 && static_cast<int>(denominator) * 2 <= factor) denominator *= 2;
  return denominator;
}

Result<std::string> read_image_file(const std::filesystem::path& file) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(file, error);
  if (error) return Status::io(fmt::format("cannot read {}: {}", file.string(), error.message()));
  if (size > kScanImageFileBytesMax) {
    return Status::invalid(fmt::format(
        "{}: the file is {} MiB, more than a scanned page can be ({} MiB at most); scan at "
        "150–300 dpi",
        file.string(), size >> 20, kScanImageFileBytesMax >> 20));
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  std::ifstream in(file, std::ios::binary);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return Status::io(fmt::format("cannot read {}", file.string()));
  }
  return bytes;
}

Status not_a_scan(const std::filesystem::path& file) {
  return Status::invalid(fmt::format(
      "{}: not a PDF, PNG or JPEG file; scan the pages to one of those", file.string()));
}

}  // namespace

Result<GrayImage> decode_scanned_image(std::string_view bytes) {
  if (bytes.starts_with(kJpegMagic)) {
    auto jpeg = decode_jpeg(bytes, JpegPixels::kGray, jpeg_denominator);
    if (!jpeg) return jpeg.status();
    // Part of a page would pass for all of it: its lost bubbles would read as empty.
    if (!jpeg->ended_early.empty()) {
      return Status::invalid(fmt::format(
          "the file is damaged or cut short: its image ends early ({}); copy it from the "
          "scanner or phone again",
          jpeg->ended_early));
    }
    return GrayImage{jpeg->width, jpeg->height, std::move(jpeg->pixels)};
  }
  if (bytes.starts_with(kPngMagic)) {
    auto surface = decode_png(bytes, [](uint64_t width, uint64_t height) {
      return width * height > kScanImagePixelsMax ? too_large(width, height) : Status::ok();
    });
    if (!surface) return surface.status();
    return gray_from_surface(surface->get());
  }
  return Status::invalid("the file is not a PNG or JPEG file");
}

Status for_each_scanned_page(const std::filesystem::path& file,
                             const std::function<void(uint32_t, Result<GrayImage>)>& page) {
  auto kind = sniff(file);
  if (!kind) return kind.status();
  switch (*kind) {
    case FileKind::kPdf:
      return for_each_pdf_page(file, page);
    case FileKind::kPng:
    case FileKind::kJpeg: {
      auto bytes = read_image_file(file);
      if (!bytes) return bytes.status();
      auto image = decode_scanned_image(*bytes);
      page(1, image ? std::move(image) : image.status().with_context(file.string()));
      return Status::ok();
    }
    case FileKind::kUnknown:
      break;
  }
  return not_a_scan(file);
}

Result<uint32_t> count_scanned_pages(const std::filesystem::path& file) {
  auto kind = sniff(file);
  if (!kind) return kind.status();
  switch (*kind) {
    case FileKind::kPdf: {
      auto document = open_pdf(file);
      if (!document) return document.status();
      return static_cast<uint32_t>(poppler_document_get_n_pages(document->get()));
    }
    case FileKind::kPng:
    case FileKind::kJpeg:
      return 1u;
    case FileKind::kUnknown:
      break;
  }
  return not_a_scan(file);
}

}  // namespace parta::paper
