// Reading a PNG file from memory with cairo (paper-export internal), for the export's task
// images and `parta paper scan`. cairo reads PNG itself (with libpng); this gives it the bytes
// and, before cairo allocates the pixels, hands the size in the header chunk to the caller's
// check, so that a small file claiming a huge image costs nothing.
//
// How it fails: Invalid "the file is a damaged PNG file (…)" for bytes that are not a whole
// PNG file; the check's Status for an image the caller refuses.
// Thread safety: a free function over values.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "cairo_handles.h"
#include "parta/storage/status.h"

namespace parta::paper {

// Status::ok() for an image of this size the caller takes, else why not.
using PngSizeCheck = std::function<Status(uint64_t width_px, uint64_t height_px)>;

// A CAIRO_FORMAT_RGB24 surface, or ARGB32 for a PNG with transparency.
Result<SurfacePtr> decode_png(std::string_view bytes, const PngSizeCheck& check_size);

}  // namespace parta::paper
