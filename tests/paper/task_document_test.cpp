// The paper convention for an assignment's Markdown (paper-export/README.md): numbered
// questions, choices with their key, "Ответ:" keys kept off the students' pages, and the
// mistakes a teacher gets told about with the line to fix.
#include "parta/paper/task_document.h"

#include <gtest/gtest.h>

namespace parta::paper {
namespace {

TaskDocument parse(std::string_view markdown) {
  auto document = parse_task_markdown(markdown);
  EXPECT_TRUE(document.is_ok()) << document.status().message();
  return document.is_ok() ? std::move(*document) : TaskDocument{};
}

Status parse_error(std::string_view markdown) {
  auto document = parse_task_markdown(markdown);
  EXPECT_FALSE(document.is_ok());
  return document.status();
}

TEST(TaskDocument, NumberedItemsAreQuestionsWithChoicesAndKeys) {
  auto document = parse(
      "Реши задачи.\n\n"
      "1. Сколько будет 1/4 + 2/4?\n"
      "   - ( ) 3/8\n"
      "   - (x) 3/4\n"
      "   - (Х) три четверти\n\n"
      "   Ответ: 3/4, знаменатель общий.\n"
      "7. Запиши решение.\n\n"
      "   ответ: **1/3**\n");
  ASSERT_EQ(document.questions.size(), 2u);
  const Question& first = document.questions[0];
  EXPECT_EQ(first.number, 1);
  EXPECT_EQ(first.choices, 3u);
  EXPECT_EQ(first.correct, (std::vector<size_t>{1, 2}));  // Latin x and Cyrillic Х
  EXPECT_EQ(first.key_markup, "3/4, знаменатель общий.");
  const Question& second = document.questions[1];
  EXPECT_EQ(second.number, 2);  // numbered through the task, whatever the Markdown says
  EXPECT_EQ(second.choices, 0u);
  EXPECT_EQ(second.key_markup, "<b>1/3</b>");

  std::vector<std::string> labels, texts;
  for (const TaskBlock& block : document.blocks) {
    labels.push_back(block.label);
    texts.push_back(block.markup);
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"", "1.", "а)", "б)", "в)", "2."}));
  EXPECT_EQ(texts, (std::vector<std::string>{"Реши задачи.", "Сколько будет 1/4 + 2/4?", "3/8",
                                             "3/4", "три четверти", "Запиши решение."}));
  EXPECT_EQ(document.blocks[2].kind, BlockKind::kChoice);
  EXPECT_EQ(document.blocks[2].question, 1);
}

TEST(TaskDocument, AKeyInBoldIsStillAKeyAndNeverPrintedForStudents) {
  auto document = parse(
      "1. Первый\n\n   **Ответ:** 4\n2. Второй\n\n   *Ответ*: семь\n"
      "3. Третий\n   - ( ) да\n\n     Ответ: в пояснении к выбору\n");
  ASSERT_EQ(document.questions.size(), 3u);
  EXPECT_EQ(document.questions[0].key_markup, "4");
  EXPECT_EQ(document.questions[1].key_markup, "семь");
  EXPECT_EQ(document.questions[2].key_markup, "в пояснении к выбору");
  for (const TaskBlock& block : document.blocks) {
    EXPECT_EQ(block.markup.find("Ответ"), std::string::npos) << block.markup;
  }
  Status outside = parse_error("1. Вопрос\n\nОтвет: 4\n");
  EXPECT_EQ(outside.message().rfind("line 3: \"Ответ:\" outside a question would be printed", 0),
            0u)
      << outside.message();
}

TEST(TaskDocument, ChoicesLetteredInOrderAreChoicesWithoutAKey) {
  auto document = parse("1. Выбери слово с мягким знаком:\n   - а) мышь\n   - б) камыш\n");
  ASSERT_EQ(document.questions.size(), 1u);
  EXPECT_EQ(document.questions[0].choices, 2u);
  EXPECT_TRUE(document.questions[0].correct.empty());
  EXPECT_EQ(document.blocks[1].markup, "мышь");
  // Out of order, they stay a plain list of the question.
  auto plain = parse("1. Выбери:\n   - б) камыш\n   - а) мышь\n");
  EXPECT_EQ(plain.questions[0].choices, 0u);
  EXPECT_EQ(plain.blocks[1].markup, "б) камыш");
}

TEST(TaskDocument, TextStructuresBecomeMarkup) {
  auto document = parse(
      "# Дроби\n\n"
      "Слово «ёлочка» с **ё**, *йогурт* и `1/2` & <тег>.\n\n"
      "- пункт\n  - вложенный\n\n"
      "> цитата\n\n---\n\n[учебник](http://example.org/a?b=1&c=2)\n");
  std::vector<BlockKind> kinds;
  for (const TaskBlock& block : document.blocks) kinds.push_back(block.kind);
  EXPECT_EQ(kinds, (std::vector<BlockKind>{BlockKind::kHeading, BlockKind::kParagraph,
                                           BlockKind::kParagraph, BlockKind::kParagraph,
                                           BlockKind::kParagraph, BlockKind::kRule,
                                           BlockKind::kParagraph}));
  EXPECT_EQ(document.blocks[0].level, 1);
  EXPECT_EQ(document.blocks[1].markup,
            "Слово «ёлочка» с <b>ё</b>, <i>йогурт</i> и <span font_family=\"DejaVu Sans Mono\">"
            "1/2</span> &amp; &lt;тег&gt;.");
  EXPECT_EQ(document.blocks[2].label, "•");
  EXPECT_EQ(document.blocks[3].label, "–");
  EXPECT_EQ(document.blocks[3].indent, 1);
  EXPECT_TRUE(document.blocks[4].quoted);
  EXPECT_TRUE(document.blocks[4].separated);  // space after the list
  EXPECT_EQ(document.blocks[6].markup, "учебник (http://example.org/a?b=1&amp;c=2)");
  EXPECT_TRUE(document.questions.empty());
}

TEST(TaskDocument, MistakesNameTheLineAndWhatToChange) {
  Status outside = parse_error("Текст\n\n- ( ) да\n- (x) нет\n");
  EXPECT_EQ(outside.kind(), Status::Kind::kInvalid);
  EXPECT_EQ(outside.message(),
            "line 3: choices \"( )\" and \"(x)\" belong inside a numbered "
            "question (an item of a numbered list at the left margin)");
  Status mixed = parse_error("1. Выбери:\n   - ( ) да\n   - нет\n");
  EXPECT_EQ(mixed.message().rfind("line 3: in question 1, every choice starts with", 0), 0u)
      << mixed.message();
  Status image_key = parse_error("1. Что на рисунке?\n\n   Ответ: ![кот](cat.png)\n");
  EXPECT_EQ(image_key.message(),
            "line 3: an image in the answer key is not printed; describe the answer in words");
  Status image_cell = parse_error("| Рисунок |\n|---|\n| ![кот](cat.png) |\n");
  EXPECT_EQ(image_cell.message().rfind("line 3: an image in a table cell", 0), 0u)
      << image_cell.message();
  std::string wide = "|";
  for (size_t column = 0; column <= kTableColumnsMax; ++column) wide += " a |";
  wide += "\n|";
  for (size_t column = 0; column <= kTableColumnsMax; ++column) wide += "---|";
  Status too_wide = parse_error(wide + "\n");
  EXPECT_EQ(too_wide.message().rfind("line 1: the table has 13 columns", 0), 0u)
      << too_wide.message();
  std::string deep;
  for (int level = 0; level <= kNestingDepthMax + 1; ++level) deep += ">";
  Status nested = parse_error(deep + " глубоко\n");
  EXPECT_NE(nested.message().find("nested deeper than"), std::string::npos);
  std::string many = "1. Вопрос\n";
  for (size_t i = 0; i <= kChoicesPerQuestionMax; ++i) many += "   - ( ) вариант\n";
  EXPECT_NE(parse_error(many).message().find("more than 10 choices"), std::string::npos);
  EXPECT_EQ(parse_error(std::string(kTaskMarkdownBytesMax + 1, 'a')).kind(),
            Status::Kind::kInvalid);
}


TEST(TaskDocument, ImagesFollowTheParagraphThatShowsThem) {
  auto document = parse(
      "Смотри ![схема опыта](img/fig.png) внимательно.\n\n"
      "![](photo.jpg)\n\n"
      "1. Что на рисунке?\n\n   ![**кот**](cat.png)\n");
  ASSERT_EQ(document.blocks.size(), 5u);
  EXPECT_EQ(document.blocks[0].kind, BlockKind::kParagraph);
  EXPECT_EQ(document.blocks[0].markup, "Смотри  внимательно.");
  EXPECT_EQ(document.blocks[1].kind, BlockKind::kImage);
  EXPECT_EQ(document.blocks[1].image, "img/fig.png");
  EXPECT_EQ(document.blocks[1].markup, "схема опыта");
  EXPECT_EQ(document.blocks[1].line, 1);
  EXPECT_EQ(document.blocks[2].kind, BlockKind::kImage);  // an image alone: no empty paragraph
  EXPECT_EQ(document.blocks[2].image, "photo.jpg");
  EXPECT_EQ(document.blocks[2].markup, "");
  EXPECT_EQ(document.blocks[3].kind, BlockKind::kQuestion);
  EXPECT_EQ(document.blocks[4].kind, BlockKind::kImage);
  EXPECT_EQ(document.blocks[4].markup, "<b>кот</b>");
  EXPECT_EQ(document.blocks[4].question, 1) << "kept with its question";
  EXPECT_EQ(document.blocks[4].indent, 1);
}

TEST(TaskDocument, TablesKeepTheirCellsAlignmentAndHeader) {
  auto document = parse(
      "Заполни:\n\n"
      "| Слово | Часть *речи* | Число |\n"
      "|:------|:-----------:|------:|\n"
      "| кот | сущ. | 1 |\n"
      "| бежать | глаг. \\| инф. |\n"
      "| a | b | c | лишняя |\n\n"
      "После таблицы.\n");
  ASSERT_EQ(document.blocks.size(), 3u);
  const TaskBlock& table = document.blocks[1];
  ASSERT_EQ(table.kind, BlockKind::kTable);
  EXPECT_EQ(table.line, 3);
  EXPECT_EQ(table.table.columns,
            (std::vector<CellAlign>{CellAlign::kLeft, CellAlign::kCenter, CellAlign::kRight}));
  ASSERT_EQ(table.table.rows.size(), 4u);
  EXPECT_EQ(table.table.rows[0], (std::vector<std::string>{"Слово", "Часть <i>речи</i>", "Число"}));
  EXPECT_EQ(table.table.rows[2], (std::vector<std::string>{"бежать", "глаг. | инф.", ""}))
      << "an escaped pipe stays in its cell; a short row is padded";
  EXPECT_EQ(table.table.rows[3], (std::vector<std::string>{"a", "b", "c"})) << "and a long one cut";
  EXPECT_TRUE(document.blocks[2].separated);
}

}  // namespace
}  // namespace parta::paper
