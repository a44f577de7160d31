// The task pages of a packet: an assignment's body as a worksheet (paper-export internal).
// They are the same for every student of a class set, so they are laid out once.
#pragma once

#include <vector>

#include "cairo_handles.h"
#include "parta/paper/task_document.h"

namespace parta::paper {

// The pages of `document` (none for an empty body), content only: each packet page adds its
// header and footer (page_frame.h).
std::vector<SurfacePtr> render_task_pages(const TaskDocument& document);

}  // namespace parta::paper
