// The task pages of a packet: an assignment's body as a worksheet (paper-export internal).
// They are the same for every student of a class set, so they are laid out once.
#pragma once

#include <vector>

#include "cairo_handles.h"
#include "image_set.h"
#include "parta/paper/task_document.h"

namespace parta::paper {

// The pages of `document` (none for an empty body), content only: each packet page adds its
// header and footer (page_frame.h). `images` holds every image the document shows. Invalid,
// with the Markdown line, for a table row taller than a page.
Result<std::vector<SurfacePtr>> render_task_pages(const TaskDocument& document,
                                                  const TaskImages& images);
// The same without the images at hand, each image an empty frame 40 mm tall: the page count
// is right only for a task that shows no images. None when the task cannot be printed.
std::vector<SurfacePtr> render_task_pages(const TaskDocument& document);

}  // namespace parta::paper
