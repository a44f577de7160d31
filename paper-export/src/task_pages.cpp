// Task pages; see task_pages.h.
#include "task_pages.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "page_flow.h"
#include "page_geometry.h"
#include "table_layout.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kIndentStep = mm(8);
constexpr double kLabelGap = mm(1.5);
constexpr double kGrey = 0.55;
constexpr double kCaptionGap = mm(1.5);

constexpr double kUnknownImageHeight = mm(40);

// An image as it prints: its size in points and its caption.
struct PlacedImage {
  const DecodedImage* image;  // null when the image was not at hand (a frame holds its place)
  double width;
  double height;
  LayoutPtr caption;  // empty without alt text
  double total_height() const {
    return height + (caption ? kCaptionGap + layout_height(caption.get()) : 0);
  }
};

// A block ready to place: its layouts, position and spacing.
struct Prepared {
  const TaskBlock* block;
  LayoutPtr text;   // empty for a rule, a table and an image
  LayoutPtr label;  // empty without a label
  double x;
  double space_before;
  double space_after;
  std::unique_ptr<TableLayout> table;  // kTable only
  std::optional<PlacedImage> image;    // kImage only
  double content_height() const {
    if (table) return table->height();
    if (image) return image->total_height();
    return text ? layout_height(text.get()) : mm(4);
  }
  double height() const { return space_before + content_height() + space_after; }
  double first_line_height() const {
    if (table) return table->row_height(0) + (table->rows() > 1 ? table->row_height(1) : 0);
    if (image) return image->total_height();
    if (!text) return mm(4);
    PangoRectangle logical;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(text.get(), 0), nullptr, &logical);
    return static_cast<double>(logical.height) / PANGO_SCALE;
  }
};

TextStyle style_of(const TaskBlock& block) {
  switch (block.kind) {
    case BlockKind::kHeading:
      return block.level <= 1   ? TextStyle::kHeading1
             : block.level == 2 ? TextStyle::kHeading2
                                : TextStyle::kHeading3;
    case BlockKind::kCode:
      return TextStyle::kCode;
    default:
      return TextStyle::kBody;
  }
}

bool has_label_slot(const TaskBlock& block) {
  return block.kind == BlockKind::kQuestion || block.kind == BlockKind::kChoice ||
         !block.label.empty();
}

// The image at its size at kImageDotsPerInch, narrowed to the room there is.
PlacedImage place_image_in(const TaskBlock& block, const DecodedImage* image, double room) {
  PlacedImage placed{image, room, kUnknownImageHeight, nullptr};
  if (image) {
    double scale = std::min(1.0, room / image_points(image->width_px));
    placed.width = image_points(image->width_px) * scale;
    placed.height = image_points(image->height_px) * scale;
  }
  if (!block.markup.empty()) {
    placed.caption = markup_layout(TextStyle::kBodySmall, "<i>" + block.markup + "</i>", room,
                                   PANGO_ALIGN_CENTER);
  }
  return placed;
}

Prepared prepare(const TaskBlock& block, const TaskImages& images) {
  double x = kMarginLeft + block.indent * kIndentStep + (has_label_slot(block) ? kIndentStep : 0);
  Prepared prepared{&block, nullptr, nullptr, x, 0, mm(2.5), nullptr, std::nullopt};
  const double room = kMarginLeft + kContentWidth - x;
  if (block.kind == BlockKind::kTable) {
    prepared.table = std::make_unique<TableLayout>(block.table, room);
  } else if (block.kind == BlockKind::kImage) {
    auto found = images.find(block.image);
    prepared.image = place_image_in(block, found == images.end() ? nullptr : &found->second, room);
  } else if (block.kind != BlockKind::kRule) {
    prepared.text = markup_layout(style_of(block), block.markup, room);
  }
  if (!block.label.empty()) {
    TextStyle label_style =
        block.kind == BlockKind::kQuestion ? TextStyle::kLabel : TextStyle::kBody;
    prepared.label = text_layout(label_style, block.label, 0);
  }
  if (block.separated) prepared.space_before = mm(3);
  switch (block.kind) {
    case BlockKind::kHeading:
      prepared.space_before = block.level <= 1 ? mm(5) : mm(4);
      prepared.space_after = mm(2.5);
      break;
    case BlockKind::kQuestion:
      prepared.space_before = mm(3);
      prepared.space_after = mm(1.5);
      break;
    case BlockKind::kChoice:
      prepared.space_after = mm(0.8);
      break;
    case BlockKind::kParagraph:
      if (!block.label.empty()) prepared.space_after = mm(1.2);
      break;
    case BlockKind::kTable:
    case BlockKind::kImage:
      prepared.space_before = mm(2);
      prepared.space_after = mm(4);
      break;
    default:
      break;
  }
  return prepared;
}

// Row by row: a row that does not fit starts a page, and the header row comes first on every
// page the table is on.
void place_table(PageFlow& flow, const Prepared& prepared) {
  const TableLayout& table = *prepared.table;
  auto draw = [&](size_t row) {
    flow.place_box(table.row_height(row),
                   [&](cairo_t* cr, double top) { table.draw_row(cr, row, prepared.x, top); });
  };
  draw(0);
  for (size_t row = 1; row < table.rows(); ++row) {
    flow.keep(table.row_height(row));
    if (flow.page_is_empty()) draw(0);
    draw(row);
  }
}

// The image and its caption on one page, centred in the room there is.
void place_image(PageFlow& flow, const Prepared& prepared) {
  const PlacedImage& placed = *prepared.image;
  const double room = kMarginLeft + kContentWidth - prepared.x;
  const double left = prepared.x + (room - placed.width) / 2;
  flow.keep(placed.total_height());
  flow.place_box(placed.height, [&](cairo_t* cr, double top) {
    if (!placed.image) {
      cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
      cairo_set_line_width(cr, 0.6);
      cairo_rectangle(cr, left, top, placed.width, placed.height);
      cairo_stroke(cr);
      return;
    }
    cairo_save(cr);
    cairo_translate(cr, left, top);
    cairo_scale(cr, placed.width / placed.image->width_px, placed.height / placed.image->height_px);
    cairo_set_source_surface(cr, placed.image->surface.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
  });
  if (placed.caption) {
    flow.place_box(kCaptionGap, [](cairo_t*, double) {});
    flow.place_lines(placed.caption.get(), prepared.x);
  }
}

void place(PageFlow& flow, const Prepared& prepared) {
  flow.skip(prepared.space_before);
  const TaskBlock& block = *prepared.block;
  if (prepared.table || prepared.image) {
    // A table starts with its header and first row on one page; an image is never cut.
    flow.keep(prepared.first_line_height());
    prepared.table ? place_table(flow, prepared) : place_image(flow, prepared);
    flow.skip(prepared.space_after);
    return;
  }
  if (!prepared.text) {
    flow.place_box(mm(4), [&](cairo_t* cr, double top) {
      cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
      cairo_set_line_width(cr, 0.6);
      cairo_move_to(cr, prepared.x, top + mm(2));
      cairo_line_to(cr, kMarginLeft + kContentWidth, top + mm(2));
      cairo_stroke(cr);
    });
    flow.skip(prepared.space_after);
    return;
  }
  bool bar = block.quoted || block.kind == BlockKind::kCode;
  double bar_x = prepared.x - mm(3);
  flow.place_lines(prepared.text.get(), prepared.x,
                   [&](cairo_t* cr, const PageFlow::PlacedLine& line) {
                     if (line.first && prepared.label) {
                       double label_x = prepared.x - kLabelGap - layout_width(prepared.label.get());
                       cairo_set_source_rgb(cr, 0, 0, 0);
                       draw_layout(cr, prepared.label.get(), label_x,
                                   line.baseline - layout_baseline(prepared.label.get()));
                     }
                     if (bar) {
                       cairo_set_source_rgb(cr, kGrey, kGrey, kGrey);
                       cairo_set_line_width(cr, 1.2);
                       cairo_move_to(cr, bar_x, line.top);
                       cairo_line_to(cr, bar_x, line.bottom);
                       cairo_stroke(cr);
                     }
                   });
  flow.skip(prepared.space_after);
}

// The height a block asks to have on one page: all of it, except that a table taller than a
// third of a page breaks between rows rather than leave that much white above it.
double kept_height(const Prepared& prepared) {
  const double page_height = kContentBottom - kContentTop;
  if (prepared.table && prepared.table->height() > page_height / 3) {
    return prepared.space_before + prepared.first_line_height();
  }
  return prepared.height();
}

// Where the blocks that must stay together with block `i` end: a question with its choices
// and notes, a heading with the start of what follows it.
size_t group_end(const std::vector<Prepared>& blocks, size_t i) {
  const TaskBlock& block = *blocks[i].block;
  if (block.kind == BlockKind::kQuestion) {
    size_t end = i + 1;
    while (end < blocks.size() && blocks[end].block->question == block.question &&
           blocks[end].block->kind != BlockKind::kQuestion) {
      ++end;
    }
    return end;
  }
  return i + 1;
}

}  // namespace

Result<std::vector<SurfacePtr>> render_task_pages(const TaskDocument& document,
                                                  const TaskImages& images) {
  PageFlow flow({kMarginLeft, kContentTop, kContentWidth, kContentBottom});
  if (document.blocks.empty()) return std::vector<SurfacePtr>{};
  const double page_height = kContentBottom - kContentTop;
  std::vector<Prepared> blocks;
  for (const TaskBlock& block : document.blocks) {
    blocks.push_back(prepare(block, images));
    const TableLayout* table = blocks.back().table.get();
    for (size_t row = 1; table && row < table->rows(); ++row) {
      if (table->row_height(0) + table->row_height(row) > page_height) {
        return Status::invalid(fmt::format(
            "line {}: row {} of the table is taller than a page; shorten its cells or split "
            "the row",
            block.line, row));
      }
    }
  }
  for (size_t i = 0; i < blocks.size();) {
    size_t end = group_end(blocks, i);
    double height = 0;
    for (size_t j = i; j < end; ++j)
      height += j + 1 < end ? blocks[j].height() : kept_height(blocks[j]);
    if (blocks[i].block->kind == BlockKind::kHeading && end < blocks.size()) {
      height += blocks[end].space_before + blocks[end].first_line_height();
    }
    if (height <= page_height) flow.keep(height);
    for (size_t j = i; j < end; ++j) place(flow, blocks[j]);
    i = end;
  }
  return flow.take_pages();
}

}  // namespace parta::paper

namespace parta::paper {

std::vector<SurfacePtr> render_task_pages(const TaskDocument& document) {
  auto pages = render_task_pages(document, TaskImages{});
  return pages ? std::move(*pages) : std::vector<SurfacePtr>{};
}

}  // namespace parta::paper
