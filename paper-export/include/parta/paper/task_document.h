// TaskDocument: an assignment's Markdown body read for paper, with its numbered questions,
// multiple-choice items and answer key (the convention is in paper-export/README.md).
//
// - Every item of a top-level numbered list is a question; questions are numbered 1, 2, 3…
//   through the whole task, whatever numbers the Markdown gives them.
// - Inside a question, a list whose items all start with "( )" or "(x)" holds its choices,
//   lettered а) б) в)…; "(x)" marks a correct one (Latin or Cyrillic x, either case). A list
//   whose items start with their letters in order ("а) ", "б) "…) is a list of choices too,
//   without a key.
// - Inside a question, a paragraph that starts with "Ответ:" (the word may be bold or italic)
//   is the answer key for the teacher's sheet and is not printed for students; outside a
//   question such a paragraph is refused.
// - Headings, paragraphs, bullet and numbered lists, bold, italic, code, quotes and rules
//   print as written. Tables (the GFM extension) print ruled, with the header row in bold.
// - An image (`![caption](name)`) prints after the paragraph that shows it, its alt text as the
//   caption; `name` is a file of the assignment's materials, read when the packets are
//   rendered (packet_pdf.h). Images in table cells, headings or the answer key are refused.
//
// How it fails: Invalid, with the Markdown line and what to change (`line 12: choices
// "( )" belong inside a numbered question`). Thread safety: values and a free function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"

namespace parta::paper {

inline constexpr size_t kTaskMarkdownBytesMax = size_t{1} << 20;
inline constexpr int kNestingDepthMax = 16;  // lists and quotes inside each other
inline constexpr size_t kChoicesPerQuestionMax = 10;
inline constexpr size_t kQuestionsMax = 200;
inline constexpr size_t kTableColumnsMax = 12;  // wider does not fit A4 portrait legibly
inline constexpr size_t kTableRowsMax = 500;
inline constexpr size_t kImagesMax = 50;             // images in one task
inline constexpr size_t kImageNameBytesMax = 255;    // `name` in ![caption](name)

// The letter of choice `index` (0-based): "а", "б", "в", …
std::string_view choice_letter(size_t index);

enum class BlockKind {
  kHeading,    // level 1..6
  kParagraph,  // also a list item's text; `label` holds its bullet or number
  kQuestion,   // a question's first paragraph; `label` is "1."
  kChoice,     // one choice of the question `question`; `label` is "а)"
  kCode,       // preformatted text, kept line by line
  kRule,       // a horizontal line
  kTable,      // `table` holds the cells; `markup` is empty
  kImage,      // `image` names the material; `markup` is the caption (may be empty)
};

enum class CellAlign { kLeft, kCenter, kRight };

// A GFM table: rows[0] is the header row (printed bold, repeated on every page the table
// continues on); every row has columns.size() cells, each Pango markup.
struct TaskTable {
  std::vector<CellAlign> columns;
  std::vector<std::vector<std::string>> rows;
};

// One block of text as it prints. `markup` is Pango markup (text escaped; <b>, <i>, DejaVu Sans
// Mono spans).
struct TaskBlock {
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;           // heading level
  int indent = 0;          // nesting: 0 at the left margin, 1 inside a list item, …
  bool quoted = false;     // inside a block quote
  bool separated = false;  // the first block after a list or a quote: space before it
  std::string label;       // printed in the indent before the first line; may be empty
  std::string markup;
  int question = 0;  // the question a kQuestion or kChoice block belongs to (1-based)
  int line = 0;      // where the block starts in the Markdown, for messages
  TaskTable table;   // kTable only
  std::string image;  // kImage only: the material's name as written
};

struct Question {
  int number = 0;
  size_t choices = 0;           // 0: an open question, answered in a box
  std::vector<size_t> correct;  // indexes of the choices marked "(x)"
  std::string key_markup;       // the "Ответ:" text, Pango markup; may be empty
};

struct TaskDocument {
  std::vector<TaskBlock> blocks;
  std::vector<Question> questions;  // questions[i].number == i + 1
};

Result<TaskDocument> parse_task_markdown(std::string_view markdown);

}  // namespace parta::paper
