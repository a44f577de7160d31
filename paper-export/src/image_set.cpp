// Loading a task's images; see image_set.h.
#include "image_set.h"

#include <fmt/format.h>

#include <cmath>

#include "page_geometry.h"

namespace parta::paper {
namespace {

// Room kept below an image on its page for a caption of two lines.
constexpr double kCaptionRoom = mm(14);

int pixels_for(double points) {
  return static_cast<int>(std::floor(points / 72.0 * kImageDotsPerInch));
}

}  // namespace

double image_points(int pixels) { return pixels * 72.0 / kImageDotsPerInch; }

Result<TaskImages> load_task_images(const TaskDocument& document, const ImageResolver& images,
                                    std::string_view assignment_id) {
  TaskImages loaded;
  for (const TaskBlock& block : document.blocks) {
    if (block.kind != BlockKind::kImage || loaded.contains(block.image)) continue;
    auto where = [&](const Status& status) {
      return status.with_context(
          fmt::format("assignment {}, line {}, image \"{}\"", assignment_id, block.line,
                      block.image));
    };
    if (!images) {
      return where(Status::invalid(
          "this export was given no materials to take images from (parta export "
          "--materials-dir FOLDER)"));
    }
    auto bytes = images(block.image);
    if (!bytes) return where(bytes.status());
    auto decoded = decode_image(*bytes, pixels_for(kContentWidth),
                                pixels_for(kContentBottom - kContentTop - kCaptionRoom));
    if (!decoded) return where(decoded.status());
    loaded.emplace(block.image, std::move(*decoded));
  }
  return loaded;
}

}  // namespace parta::paper
