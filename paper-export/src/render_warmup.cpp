// Loading ahead what rendering waits for; see render_warmup.h.
#include "render_warmup.h"

#include <pango/pangocairo.h>

#include "hyphenation_ru.h"

namespace parta::paper {

RenderWarmup::RenderWarmup() : patterns_([] { (void)russian_hyphenation_available(); }) {
  pango_cairo_font_map_get_default();
}

}  // namespace parta::paper
