// Fuzz target: an assignment's Markdown read for paper (parse_task_markdown): questions,
// choices, the answer key, tables and images, as teachers paste them from any editor.
#include <cstdlib>
#include <string_view>

#include "fuzz_targets.h"
#include "parta/paper/task_document.h"

namespace parta::fuzz {
namespace {

// The renderer hands markup to Pango and asserts it parses: it must be escaped text and the
// few tags the reader writes, balanced.
bool well_formed_markup(std::string_view markup) {
  constexpr std::string_view kOpen[] = {"<b>", "<i>", "<span font_family=\"DejaVu Sans Mono\">"};
  constexpr std::string_view kClose[] = {"</b>", "</i>", "</span>"};
  constexpr std::string_view kEntities[] = {"&amp;", "&lt;", "&gt;"};
  std::string open;  // the kinds of the tags open, innermost last
  for (size_t at = 0; at < markup.size();) {
    std::string_view rest = markup.substr(at);
    if (rest[0] == '>') return false;
    if (rest[0] == '&') {
      size_t kind = 0;
      while (kind < 3 && !rest.starts_with(kEntities[kind])) ++kind;
      if (kind == 3) return false;
      at += kEntities[kind].size();
      continue;
    }
    if (rest[0] != '<') {
      ++at;
      continue;
    }
    bool found = false;
    for (size_t kind = 0; kind < 3 && !found; ++kind) {
      if (rest.starts_with(kOpen[kind])) {
        open += static_cast<char>('0' + kind);
        at += kOpen[kind].size();
        found = true;
      } else if (rest.starts_with(kClose[kind])) {
        if (open.empty() || open.back() != static_cast<char>('0' + kind)) return false;
        open.pop_back();
        at += kClose[kind].size();
        found = true;
      }
    }
    if (!found) return false;
  }
  return open.empty();
}

}  // namespace

void task_markdown(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto document = paper::parse_task_markdown(bytes);
  if (!document) {
    if (document.status().message().empty()) std::abort();  // every refusal says why
    return;
  }
  using paper::BlockKind;
  size_t images = 0;
  for (size_t i = 0; i < document->questions.size(); ++i) {
    const paper::Question& question = document->questions[i];
    if (question.number != static_cast<int>(i) + 1) std::abort();
    if (question.choices > paper::kChoicesPerQuestionMax) std::abort();
    for (size_t correct : question.correct) {
      if (correct >= question.choices) std::abort();
    }
    if (!well_formed_markup(question.key_markup)) std::abort();
  }
  if (document->questions.size() > paper::kQuestionsMax) std::abort();
  for (const paper::TaskBlock& block : document->blocks) {
    if (block.question < 0 || static_cast<size_t>(block.question) > document->questions.size()) {
      std::abort();
    }
    if ((block.kind == BlockKind::kQuestion || block.kind == BlockKind::kChoice) &&
        block.question == 0) {
      std::abort();
    }
    if (block.indent < 0 || block.indent > paper::kNestingDepthMax + 2) std::abort();
    if (!well_formed_markup(block.markup)) std::abort();
    if (block.kind == BlockKind::kTable) {
      const paper::TaskTable& table = block.table;
      if (table.columns.empty() || table.columns.size() > paper::kTableColumnsMax) std::abort();
      if (table.rows.empty() || table.rows.size() > paper::kTableRowsMax) std::abort();
      for (const auto& row : table.rows) {
        if (row.size() != table.columns.size()) std::abort();
        for (const auto& cell : row) {
          if (!well_formed_markup(cell)) std::abort();
        }
      }
    }
    if (block.kind == BlockKind::kImage) {
      ++images;
      if (block.image.empty() || block.image.size() > paper::kImageNameBytesMax) std::abort();
      if (block.line < 1) std::abort();
    }
  }
  if (images > paper::kImagesMax) std::abort();
}

}  // namespace parta::fuzz
