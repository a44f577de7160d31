// Reads an assignment's Markdown into a TaskDocument; see task_document.h.
//
// The parser is cmark-gfm, GitHub's fork of the CommonMark reference implementation with its
// table extension (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev): teachers paste
// Markdown from many editors, and a maintained parser that follows the specification handles
// their edge cases (lazy continuation lines, nested lists, emphasis rules, pipes in table
// cells) the way every other Markdown tool does, which a hand-written one would not. Only the
// table extension is attached: a node type this reader does not know would lose its text.
#include "parta/paper/task_document.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "markup_escape.h"

namespace parta::paper {
namespace {

constexpr std::array<std::string_view, kChoicesPerQuestionMax> kChoiceLetters = {
    "а", "б", "в", "г", "д", "е", "ж", "з", "и", "к"};
// Emphasis inside emphasis inside a link…: more than this is not a task text.
constexpr int kInlineNestingMax = 32;
constexpr std::string_view kKeyWords[] = {"Ответ", "ответ"};

using NodePtr = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;
using ParserPtr = std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)>;

// The table extension's node types are registered at run time: they are told by name.
bool is_node(cmark_node* node, std::string_view type) {
  const char* name = cmark_node_get_type_string(node);
  return name && type == name;
}

CellAlign cell_align(uint8_t gfm_alignment) {
  switch (gfm_alignment) {
    case 'c':
      return CellAlign::kCenter;
    case 'r':
      return CellAlign::kRight;
    default:
      return CellAlign::kLeft;
  }
}

// The Markdown line a node starts on. cmark-gfm does not give every inline node a position
// (an image after a lazy continuation line has none): then its block's line is the one.
int line_of(cmark_node* node) {
  for (; node; node = cmark_node_parent(node)) {
    if (int line = cmark_node_get_start_line(node); line > 0) return line;
  }
  return 1;
}

bool blank(std::string_view markup) {
  return markup.find_first_not_of(" \n") == std::string_view::npos;
}

std::string_view literal(cmark_node* node) {
  const char* text = cmark_node_get_literal(node);
  return text ? std::string_view(text) : std::string_view();
}

// A choice marker at the start of a list item: "( )" or "(x)", spaces allowed inside, or the
// choice's own letter as Russian worksheets write it ("б) ").
struct ChoiceMarker {
  bool correct;
  size_t bytes;  // the marker and the spaces after it
};

std::optional<ChoiceMarker> bracket_marker(std::string_view text) {
  if (!text.starts_with('(')) return std::nullopt;
  size_t at = text.find_first_not_of(' ', 1);
  if (at == std::string_view::npos) return std::nullopt;
  bool correct = false;
  for (std::string_view x : {"x", "X", "х", "Х"}) {
    if (text.substr(at).starts_with(x)) {
      correct = true;
      at = text.find_first_not_of(' ', at + x.size());
      break;
    }
  }
  if (at == std::string_view::npos || text[at] != ')') return std::nullopt;
  at = text.find_first_not_of(' ', at + 1);
  return ChoiceMarker{correct, at == std::string_view::npos ? text.size() : at};
}

std::optional<ChoiceMarker> choice_marker(std::string_view text, size_t index) {
  if (auto marker = bracket_marker(text)) return marker;
  if (index >= kChoiceLetters.size()) return std::nullopt;
  std::string lettered = std::string(kChoiceLetters[index]) + ") ";
  if (!text.starts_with(lettered)) return std::nullopt;
  size_t at = text.find_first_not_of(' ', lettered.size());
  return ChoiceMarker{false, at == std::string_view::npos ? text.size() : at};
}

// The answer key in a paragraph's markup when the paragraph starts with "Ответ:"; the word may
// be bold or italic, with the colon inside or after it.
std::optional<std::string_view> answer_key_of(std::string_view markup) {
  std::string close;
  for (std::string_view tag : {"b", "i"}) {
    std::string open = fmt::format("<{}>", tag);
    if (markup.starts_with(open)) {
      markup.remove_prefix(open.size());
      close = fmt::format("</{}>", tag);
      break;
    }
  }
  auto word = std::find_if(std::begin(kKeyWords), std::end(kKeyWords),
                           [&](std::string_view w) { return markup.starts_with(w); });
  if (word == std::end(kKeyWords)) return std::nullopt;
  markup.remove_prefix(word->size());
  std::vector<std::string> endings = {":" + close};
  if (!close.empty()) endings.push_back(close + ":");
  for (const std::string& ending : endings) {
    if (markup.starts_with(ending)) {
      markup.remove_prefix(ending.size());
      while (markup.starts_with(' ')) markup.remove_prefix(1);
      return markup;
    }
  }
  return std::nullopt;
}

// The first text of a paragraph (a list item's first child), or "" if it starts otherwise.
std::string_view leading_text(cmark_node* item) {
  cmark_node* paragraph = cmark_node_first_child(item);
  if (!paragraph || cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) return {};
  cmark_node* first = cmark_node_first_child(paragraph);
  if (!first || cmark_node_get_type(first) != CMARK_NODE_TEXT) return {};
  return literal(first);
}

struct Context {
  int indent = 0;
  int depth = 0;  // blocks nested in lists and quotes
  bool quoted = false;
  bool top_level = true;  // not inside a list or quote: numbered lists are questions here
  int question = 0;       // the question being read, 0 outside one
};

class Reader {
 public:
  Status read(cmark_node* document) {
    for (cmark_node* child = cmark_node_first_child(document); child;
         child = cmark_node_next(child)) {
      PARTA_RETURN_IF_ERROR(block(child, Context{}));
    }
    return Status::ok();
  }
  TaskDocument take() { return std::move(document_); }

 private:
  static Status at_line(cmark_node* node, std::string message) {
    return Status::invalid(fmt::format("line {}: {}", line_of(node), message));
  }

  // The Pango markup of `parent`'s inline children; `skip` bytes of the first text are left out.
  Status inlines(cmark_node* parent, size_t skip, int depth, std::string* out) {
    if (depth > kInlineNestingMax) {
      return at_line(parent, fmt::format("emphasis and links nested deeper than {} levels",
                                         kInlineNestingMax));
    }
    for (cmark_node* node = cmark_node_first_child(parent); node; node = cmark_node_next(node)) {
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
          append_markup_escaped(out, literal(node).substr(std::min(skip, literal(node).size())));
          break;
        case CMARK_NODE_SOFTBREAK:
          *out += ' ';
          break;
        case CMARK_NODE_LINEBREAK:
          *out += '\n';
          break;
        case CMARK_NODE_CODE:
          *out += kMonospaceOpen;
          append_markup_escaped(out, literal(node));
          *out += kMonospaceClose;
          break;
        case CMARK_NODE_HTML_INLINE:
          append_markup_escaped(out, literal(node));
          break;
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG: {
          const char* tag = cmark_node_get_type(node) == CMARK_NODE_EMPH ? "i" : "b";
          *out += fmt::format("<{}>", tag);
          PARTA_RETURN_IF_ERROR(inlines(node, 0, depth + 1, out));
          *out += fmt::format("</{}>", tag);
          break;
        }
        case CMARK_NODE_LINK: {
          std::string text;
          PARTA_RETURN_IF_ERROR(inlines(node, 0, depth + 1, &text));
          *out += text;
          std::string url;
          append_markup_escaped(&url, cmark_node_get_url(node) ? cmark_node_get_url(node) : "");
          if (!url.empty() && url != text) *out += " (" + url + ")";  // paper has no links
          break;
        }
        case CMARK_NODE_IMAGE:
          PARTA_RETURN_IF_ERROR(image(node, depth));
          break;
        default:
          break;
      }
      skip = 0;
    }
    return Status::ok();
  }

  // An image is printed after the paragraph that shows it, as a block of its own; where a
  // picture cannot go (`images_allowed_` unset), the teacher is told.
  Status image(cmark_node* node, int depth) {
    if (!images_allowed_) {
      return at_line(node,
                     "an image in a table cell, a heading or the answer key is not printed; "
                     "put the image in a paragraph of its own");
    }
    const char* url = cmark_node_get_url(node);
    std::string_view name = url ? std::string_view(url) : std::string_view();
    if (name.empty()) return at_line(node, "the image has no file name: write ![caption](name.png)");
    if (name.size() > kImageNameBytesMax) {
      return at_line(node, fmt::format("the image's file name is longer than {} bytes",
                                        kImageNameBytesMax));
    }
    if (++images_ > kImagesMax) {
      return at_line(node, fmt::format("a task may show at most {} images", kImagesMax));
    }
    TaskBlock block{.kind = BlockKind::kImage, .line = line_of(node)};
    block.image = std::string(name);
    images_allowed_ = false;  // the caption is text
    Status caption = inlines(node, 0, depth + 1, &block.markup);
    images_allowed_ = true;
    PARTA_RETURN_IF_ERROR(caption);
    pending_images_.push_back(std::move(block));
    return Status::ok();
  }

  // The markup of a block that may show images; they wait in pending_images_ for push().
  Status inlines_with_images(cmark_node* node, size_t skip, std::string* out) {
    images_allowed_ = true;
    Status status = inlines(node, skip, 0, out);
    images_allowed_ = false;
    return status;
  }

  // Every block goes through here: the first after a list or quote is marked separated. The
  // images its text showed follow it, under its text.
  void push(TaskBlock block) {
    block.separated = std::exchange(separate_next_, false);
    int image_indent = block.indent + (block.kind == BlockKind::kQuestion ||
                                       block.kind == BlockKind::kChoice || !block.label.empty());
    if (block.kind != BlockKind::kParagraph || !block.label.empty() || !blank(block.markup) ||
        pending_images_.empty()) {
      document_.blocks.push_back(block);
    }
    for (TaskBlock& image : pending_images_) {
      image.indent = image_indent;
      image.quoted = block.quoted;
      image.question = block.question;
      document_.blocks.push_back(std::move(image));
    }
    pending_images_.clear();
  }

  Status paragraph(cmark_node* node, const Context& context, BlockKind kind, std::string label,
                   size_t skip = 0) {
    TaskBlock block{.kind = kind,
                    .indent = context.indent,
                    .quoted = context.quoted,
                    .label = std::move(label),
                    .question = context.question,
                    .line = line_of(node)};
    PARTA_RETURN_IF_ERROR(kind == BlockKind::kHeading
                              ? inlines(node, skip, 0, &block.markup)
                              : inlines_with_images(node, skip, &block.markup));
    push(std::move(block));
    return Status::ok();
  }

  // A GFM table: the header row ("table_header") first, every row padded or cut to the header's
// columns.
  Status table(cmark_node* node, const Context& context) {
    size_t columns = cmark_gfm_extensions_get_table_columns(node);
    if (columns > kTableColumnsMax) {
      return at_line(node, fmt::format("the table has {} columns; a table on A4 paper may have "
                                       "at most {}: split it",
                                       columns, kTableColumnsMax));
    }
    TaskBlock block{.kind = BlockKind::kTable,
                    .indent = context.indent,
                    .quoted = context.quoted,
                    .question = context.question,
                    .line = line_of(node)};
    const uint8_t* alignments = cmark_gfm_extensions_get_table_alignments(node);
    for (size_t i = 0; i < columns; ++i) {
      block.table.columns.push_back(cell_align(alignments ? alignments[i] : 0));
    }
    for (cmark_node* row = cmark_node_first_child(node); row; row = cmark_node_next(row)) {
      if (!is_node(row, "table_header") && !is_node(row, "table_row")) continue;
      if (block.table.rows.size() == kTableRowsMax) {
        return at_line(row, fmt::format("a table may have at most {} rows", kTableRowsMax));
      }
      std::vector<std::string>& cells = block.table.rows.emplace_back();
      for (cmark_node* cell = cmark_node_first_child(row); cell && cells.size() < columns;
           cell = cmark_node_next(cell)) {
        PARTA_RETURN_IF_ERROR(inlines(cell, 0, 0, &cells.emplace_back()));
      }
      cells.resize(columns);
    }
    if (columns == 0 || block.table.rows.empty()) return Status::ok();
    push(std::move(block));
    separate_next_ = true;
    return Status::ok();
  }

  Status block(cmark_node* node, const Context& context) {
    if (context.depth > kNestingDepthMax) {
      return at_line(node,
                     fmt::format("lists or quotes nested deeper than {} levels", kNestingDepthMax));
    }
    if (is_node(node, "table")) return table(node, context);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_PARAGRAPH: {
        std::string markup;
        PARTA_RETURN_IF_ERROR(inlines_with_images(node, 0, &markup));
        if (auto key = answer_key_of(markup)) {
          if (!pending_images_.empty()) {
            return at_line(node,
                           "an image in the answer key is not printed; describe the answer "
                           "in words");
          }
          return answer_key(node, *key, context.question);
        }
        push(TaskBlock{.kind = BlockKind::kParagraph,
                       .indent = context.indent,
                       .quoted = context.quoted,
                       .markup = std::move(markup),
                       .question = context.question,
                       .line = line_of(node)});
        return Status::ok();
      }
      case CMARK_NODE_HEADING: {
        PARTA_RETURN_IF_ERROR(paragraph(node, context, BlockKind::kHeading, ""));
        document_.blocks.back().level = cmark_node_get_heading_level(node);
        return Status::ok();
      }
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK: {
        std::string_view text = literal(node);
        while (text.ends_with('\n')) text.remove_suffix(1);
        TaskBlock block{.kind = BlockKind::kCode,
                        .indent = context.indent,
                        .quoted = context.quoted,
                        .question = context.question};
        append_markup_escaped(&block.markup, text);
        push(std::move(block));
        return Status::ok();
      }
      case CMARK_NODE_THEMATIC_BREAK:
        push(TaskBlock{.kind = BlockKind::kRule, .indent = context.indent});
        return Status::ok();
      case CMARK_NODE_BLOCK_QUOTE: {
        Context inner = context;
        inner.indent += 1;
        inner.depth += 1;
        inner.quoted = true;
        inner.top_level = false;
        separate_next_ = true;
        for (cmark_node* child = cmark_node_first_child(node); child;
             child = cmark_node_next(child)) {
          PARTA_RETURN_IF_ERROR(block(child, inner));
        }
        separate_next_ = true;
        return Status::ok();
      }
      case CMARK_NODE_LIST: {
        bool are_questions =
            cmark_node_get_list_type(node) == CMARK_ORDERED_LIST && context.top_level;
        PARTA_RETURN_IF_ERROR(are_questions ? questions(node, context) : list(node, context));
        separate_next_ = true;
        return Status::ok();
      }
      default:
        return Status::ok();
    }
  }

  // An item's children: the first paragraph carries `label`, the rest are indented under it.
  Status item(cmark_node* item_node, const Context& context, BlockKind kind, std::string label) {
    Context inner = context;
    inner.indent += 1;
    inner.depth += 1;
    inner.top_level = false;
    cmark_node* child = cmark_node_first_child(item_node);
    if (child && cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
      PARTA_RETURN_IF_ERROR(paragraph(child, context, kind, std::move(label)));
      child = cmark_node_next(child);
    } else {
      push(TaskBlock{.kind = kind,
                     .indent = context.indent,
                     .quoted = context.quoted,
                     .label = std::move(label),
                     .question = context.question});
    }
    for (; child; child = cmark_node_next(child)) PARTA_RETURN_IF_ERROR(block(child, inner));
    return Status::ok();
  }

  // Refuses choices outside a question, so that a teacher never prints choices without bubbles.
  Status list(cmark_node* node, const Context& context) {
    bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
    int number = cmark_node_get_list_start(node);
    for (cmark_node* child = cmark_node_first_child(node); child;
         child = cmark_node_next(child), ++number) {
      if (bracket_marker(leading_text(child))) {
        if (context.question != 0) {
          return at_line(child, fmt::format("in question {}, the list of choices must start "
                                            "with a choice, and every choice starts with \"( )\" "
                                            "or \"(x)\"",
                                            context.question));
        }
        return at_line(child,
                       "choices \"( )\" and \"(x)\" belong inside a numbered question "
                       "(an item of a numbered list at the left margin)");
      }
      std::string label = ordered ? fmt::format("{}.", number) : (context.indent % 2 ? "–" : "•");
      PARTA_RETURN_IF_ERROR(item(child, context, BlockKind::kParagraph, std::move(label)));
    }
    return Status::ok();
  }

  Status questions(cmark_node* node, const Context& context) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
      if (document_.questions.size() == kQuestionsMax) {
        return at_line(child, fmt::format("a task may have at most {} questions", kQuestionsMax));
      }
      int number = static_cast<int>(document_.questions.size()) + 1;
      document_.questions.push_back(Question{.number = number});
      Context inner = context;
      inner.question = number;
      PARTA_RETURN_IF_ERROR(question(child, inner));
    }
    return Status::ok();
  }

  // A question's first paragraph is its text; the rest of the item is read as usual, except
  // that a list of choices gives the question its choices.
  Status question(cmark_node* item_node, const Context& context) {
    Context inner = context;
    inner.indent += 1;
    inner.depth += 1;
    inner.top_level = false;
    cmark_node* child = cmark_node_first_child(item_node);
    TaskBlock text{.kind = BlockKind::kQuestion,
                   .indent = context.indent,
                   .quoted = context.quoted,
                   .label = fmt::format("{}.", context.question),
                   .question = context.question,
                   .line = line_of(item_node)};
    if (child && cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
      PARTA_RETURN_IF_ERROR(inlines_with_images(child, 0, &text.markup));
      child = cmark_node_next(child);
    }
    push(std::move(text));
    for (; child; child = cmark_node_next(child)) {
      if (cmark_node_get_type(child) == CMARK_NODE_LIST &&
          choice_marker(leading_text(cmark_node_first_child(child)), 0)) {
        PARTA_RETURN_IF_ERROR(choices(child, inner));
        continue;
      }
      PARTA_RETURN_IF_ERROR(block(child, inner));
    }
    return Status::ok();
  }

  // A paragraph that starts with "Ответ:" goes to the teacher's sheet; outside a question it
  // would have no question to belong to, and must not be printed for the students either.
  Status answer_key(cmark_node* paragraph_node, std::string_view key, int number) {
    if (number == 0) {
      return at_line(paragraph_node,
                     "\"Ответ:\" outside a question would be printed for the "
                     "students; indent it under its numbered question so that "
                     "it goes on the teacher's sheet");
    }
    Question& question = document_.questions[number - 1];
    if (!question.key_markup.empty()) question.key_markup += "; ";
    question.key_markup += key;
    return Status::ok();
  }

  Status choices(cmark_node* list_node, const Context& context) {
    Question& question = document_.questions[context.question - 1];
    if (question.choices != 0) {
      return at_line(list_node, fmt::format("question {} has a second list of choices; give "
                                            "its choices in one list",
                                            question.number));
    }
    for (cmark_node* child = cmark_node_first_child(list_node); child;
         child = cmark_node_next(child)) {
      if (question.choices == kChoicesPerQuestionMax) {
        return at_line(child, fmt::format("question {} has more than {} choices", question.number,
                                          kChoicesPerQuestionMax));
      }
      auto marker = choice_marker(leading_text(child), question.choices);
      if (!marker) {
        return at_line(
            child,
            fmt::format(
                "in question {}, every choice starts with \"( )\", \"(x)\" for a correct one, or "
                "with its letter in order (\"{})\")",
                question.number, choice_letter(question.choices)));
      }
      if (marker->correct) question.correct.push_back(question.choices);
      std::string label = fmt::format("{})", choice_letter(question.choices));
      ++question.choices;
      Context inner = context;
      inner.indent += 1;
      inner.depth += 1;
      PARTA_RETURN_IF_ERROR(paragraph(cmark_node_first_child(child), context, BlockKind::kChoice,
                                      std::move(label), marker->bytes));
      for (cmark_node* more = cmark_node_next(cmark_node_first_child(child)); more;
           more = cmark_node_next(more)) {
        PARTA_RETURN_IF_ERROR(block(more, inner));
      }
    }
    return Status::ok();
  }

  TaskDocument document_;
  bool separate_next_ = false;
  bool images_allowed_ = false;
  size_t images_ = 0;
  std::vector<TaskBlock> pending_images_;  // shown by the block being read
};

}  // namespace

std::string_view choice_letter(size_t index) {
  assert(index < kChoiceLetters.size());
  return kChoiceLetters[index];
}

Result<TaskDocument> parse_task_markdown(std::string_view markdown) {
  if (markdown.size() > kTaskMarkdownBytesMax) {
    return Status::invalid(
        fmt::format("the task text is {} KiB; a task printed on paper may "
                    "have at most {} KiB",
                    markdown.size() >> 10, kTaskMarkdownBytesMax >> 10));
  }
  // The registry of extensions is process-wide and not locked by cmark-gfm.
  static std::once_flag registered;
  std::call_once(registered, cmark_gfm_core_extensions_ensure_registered);
  cmark_syntax_extension* tables = cmark_find_syntax_extension("table");
  assert(tables && "libcmark-gfm-extensions registers the table extension");
  // CMARK_OPT_VALIDATE_UTF8: invalid bytes become U+FFFD instead of reaching Pango.
  ParserPtr parser(cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8),
                   &cmark_parser_free);
  if (!parser || !cmark_parser_attach_syntax_extension(parser.get(), tables)) {
    return Status::io("the Markdown parser ran out of memory");
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  NodePtr document(cmark_parser_finish(parser.get()), &cmark_node_free);
  if (!document) return Status::io("the Markdown parser ran out of memory");
  Reader reader;
  PARTA_RETURN_IF_ERROR(reader.read(document.get()));
  return reader.take();
}

}  // namespace parta::paper
