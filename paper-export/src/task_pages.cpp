// Task pages; see task_pages.h.
#include "task_pages.h"

#include <optional>

#include "page_flow.h"
#include "page_geometry.h"
#include "text_style.h"

namespace parta::paper {
namespace {

constexpr double kIndentStep = mm(8);
constexpr double kLabelGap = mm(1.5);
constexpr double kGrey = 0.55;

// A block ready to place: its layouts, position and spacing.
struct Prepared {
  const TaskBlock* block;
  LayoutPtr text;   // empty for a rule
  LayoutPtr label;  // empty without a label
  double x;
  double space_before;
  double space_after;
  double height() const {
    return space_before + (text ? layout_height(text.get()) : mm(4)) + space_after;
  }
  double first_line_height() const {
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

Prepared prepare(cairo_t* cr, const TaskBlock& block) {
  double x = kMarginLeft + block.indent * kIndentStep + (has_label_slot(block) ? kIndentStep : 0);
  Prepared prepared{&block, nullptr, nullptr, x, 0, mm(2.5)};
  if (block.kind != BlockKind::kRule) {
    prepared.text =
        markup_layout(cr, style_of(block), block.markup, kMarginLeft + kContentWidth - x);
  }
  if (!block.label.empty()) {
    TextStyle label_style =
        block.kind == BlockKind::kQuestion ? TextStyle::kLabel : TextStyle::kBody;
    prepared.label = text_layout(cr, label_style, block.label, 0);
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
    default:
      break;
  }
  return prepared;
}

void place(PageFlow& flow, const Prepared& prepared) {
  flow.skip(prepared.space_before);
  const TaskBlock& block = *prepared.block;
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

std::vector<SurfacePtr> render_task_pages(const TaskDocument& document) {
  PageFlow flow({kMarginLeft, kContentTop, kContentWidth, kContentBottom});
  if (document.blocks.empty()) return {};
  std::vector<Prepared> blocks;
  for (const TaskBlock& block : document.blocks) blocks.push_back(prepare(flow.cr(), block));
  const double page_height = kContentBottom - kContentTop;
  for (size_t i = 0; i < blocks.size();) {
    size_t end = group_end(blocks, i);
    double height = 0;
    for (size_t j = i; j < end; ++j) height += blocks[j].height();
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
