// The answer sheet of a packet: a numbered box for every open question and a row of bubbles
// for every multiple-choice one; ruled lines when the task has no numbered questions
// (paper-export internal). The bubbles and boxes sit where answer_sheet_layout
// (parta/paper/scan_layout.h) puts them, so that `parta paper scan` reads the same places.
#pragma once

#include <vector>

#include "cairo_handles.h"
#include "parta/paper/scan_layout.h"
#include "parta/paper/task_document.h"
#include "russian_wording.h"

namespace parta::paper {

// The sheet's pages, content only (the frame is added per packet page).
std::vector<SurfacePtr> render_answer_sheet(const TaskDocument& document, const Address& you);

}  // namespace parta::paper
