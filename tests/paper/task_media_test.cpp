// Tables, images and hyphenation in the task pages, read back from the PDF: a table split
// across pages repeats its header row, images from the materials are embedded once and small,
// and hyphenated words come back from pdftotext as written.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "jpeg_files.h"
#include "parta/paper/packet_pdf.h"
#include "parta/storage/atomic_file.h"
#include "pdf_tools.h"
#include "temp_dir.h"

namespace parta::paper {
namespace {

using testing::TempDir;

constexpr std::string_view kSoftHyphen = "\u00AD";

AssignmentSheet sheet(std::string body) {
  return AssignmentSheet{.assignment_id = "a41-3fa2c1d0",
                         .subject = "География",
                         .title = "Города России",
                         .body_markdown = std::move(body),
                         .group_name = "7Б",
                         .school_name = "МБОУ «СОШ №3»",
                         .issue_date = parse_date("2026-11-25").value(),
                         .due_date = parse_date("2026-12-01").value(),
                         .expected_minutes = 30,
                         .max_score = 5};
}

std::vector<StudentPacket> one_student() {
  return {{"K7MX3HTA", "s17-3fa2c1d0", "Ёжиков Пётр", "7Б", "МБОУ «СОШ №3»", 7}};
}

std::vector<StudentPacket> two_students() {
  auto students = one_student();
  students.push_back({"22334455", "s18-3fa2c1d0", "Щукина Анна", "7Б", "МБОУ «СОШ №3»", 7});
  return students;
}

// The text of one page as pdftotext -layout gives it (the rows of a table line by line), every
// run of white space made one space.
std::string layout_text(const std::filesystem::path& pdf, int page) {
  std::string text = testing::run_tool(fmt::format("pdftotext -layout -enc UTF-8 -f {0} -l {0} ",
                                                   page) +
                                       testing::q(pdf) + " -");
  std::string collapsed;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\f';
    if (!space || (!collapsed.empty() && collapsed.back() != ' ')) collapsed += space ? ' ' : c;
  }
  return collapsed;
}

// Row i of the long table: "Р001 … Р120" sort and search without one being part of another.
std::string row_name(int i) { return fmt::format("Р{:03}", i); }

class TaskMediaTest : public ::testing::Test {
 protected:
  std::filesystem::path render(const AssignmentSheet& assignment,
                               const std::vector<StudentPacket>& students = one_student()) {
    auto rendered = render_class_set(assignment, students);
    EXPECT_TRUE(rendered.is_ok()) << rendered.status().message();
    if (!rendered.is_ok()) return {};
    rendered_ = std::move(*rendered);
    auto pdf = temp_ / "set.pdf";
    EXPECT_TRUE(write_file_atomically(pdf, rendered_.pdf).is_ok());
    return pdf;
  }

  // The materials folder with a diagram (PNG, 800×400) and a camera photo (JPEG, 4000×3000).
  std::filesystem::path materials() {
    auto dir = temp_ / "materials";
    std::filesystem::create_directories(dir);
    testing::run_tool("convert -size 800x400 xc:white -fill '#2060c0' -draw 'rectangle 40,40 "
                      "760,360' -fill white -draw 'circle 400,200 400,300' " +
                      testing::q(dir / "схема.png"));
    testing::run_tool("convert -size 4000x3000 gradient:'#c03020'-'#f0e060' -quality 92 " +
                      testing::q(dir / "фото.jpg"));
    return dir;
  }

  TempDir temp_;
  RenderedClassSet rendered_;
};

TEST_F(TaskMediaTest, ATableLongerThanAPageRepeatsItsHeaderOnEveryPage) {
  std::string body = "# Города\n\nЗаполни таблицу.\n\n| Город | Население, тыс. | Река |\n|---|--:|---|\n";
  for (int i = 1; i <= 120; ++i) {
    body += fmt::format("| {} Город | {} | Волга |\n", row_name(i), 1000 + i);
  }
  body += "\nПроверь себя.\n";
  auto pdf = render(sheet(body));
  int next_row = 1;
  int page = 2;
  for (; next_row <= 120 && page < 8; ++page) {
    std::string text = layout_text(pdf, page);
    size_t header = text.find("Город Население, тыс. Река");
    size_t first_row = text.find(row_name(next_row) + " Город");
    ASSERT_NE(header, std::string::npos) << "page " << page << ": " << text;
    ASSERT_NE(first_row, std::string::npos) << "page " << page << " starts at " << next_row;
    EXPECT_LT(header, first_row) << "the header comes first on page " << page;
    // The rows follow each other in order, none lost at the break.
    size_t at = first_row;
    for (size_t found; next_row <= 120; ++next_row, at = found) {
      found = text.find(row_name(next_row) + " Город " + std::to_string(1000 + next_row), at);
      if (found == std::string::npos) break;
    }
  }
  EXPECT_EQ(next_row, 121) << "every row is printed, in order";
  EXPECT_GE(page - 2, 3) << "120 rows take more than two pages";
  std::string last = layout_text(pdf, page - 1);
  EXPECT_NE(last.find("Проверь себя."), std::string::npos) << last;
}

TEST_F(TaskMediaTest, TableCellsWrapAndTheHeaderIsBold) {
  auto pdf = render(sheet(
      "| Слово | Разбор | Пример |\n|---|---|---|\n"
      "| достопримечательность | Сложное слово: корни «достой», «примечать» и суффиксы; "
      "пишется слитно, без дефиса, и так далее, пока строка не станет длинной | Главная "
      "достопримечательность нашего города — старинный мост через реку, построенный "
      "двести лет назад |\n"));
  std::string text = testing::pdf_text(pdf, 2, 2);
  EXPECT_NE(text.find("Слово Разбор Пример"), std::string::npos) << text;
  EXPECT_NE(text.find("построенный"), std::string::npos) << text;
  std::string fonts = testing::run_tool("pdffonts -f 2 -l 2 " + testing::q(pdf));
  EXPECT_NE(fonts.find("DejaVuSerif-Bold"), std::string::npos) << "the header: " << fonts;
}

TEST_F(TaskMediaTest, HyphenatedWordsReadBackExactlyWhenNotBroken) {
  const std::string sentence =
      "Достопримечательности нашего города: электрификация, самостоятельность, "
      "ответственность и высокопроизводительность.";
  auto pdf = render(sheet(sentence + "\n"));
  std::string text = testing::pdf_text(pdf, 2, 2);
  EXPECT_NE(text.find(sentence), std::string::npos) << text;
  EXPECT_EQ(testing::run_tool("pdftotext -enc UTF-8 " + testing::q(pdf) + " -").find(kSoftHyphen),
            std::string::npos)
      << "a soft hyphen never prints as a character";
}

TEST_F(TaskMediaTest, AVeryLongWordInANarrowCellBreaksWithAHyphen) {
  const std::string word = "высокопревосходительство";
  auto pdf = render(sheet(
      "| Слово | Толкование | Пример |\n|---|---|---|\n| " + word +
      " | Титул и обращение к лицам, имевшим высшие чины по Табели о рангах: так обращались к "
      "министрам и генералам в Российской империи до семнадцатого года | Его " + word +
      " принял посетителей в приёмной министерства иностранных дел после обеда |\n"));
  std::string raw = testing::run_tool("pdftotext -enc UTF-8 -f 2 -l 2 " + testing::q(pdf) + " -");
  // The word's first line ends in a hyphen after a whole syllable ("высоко-", "высокопре-"…),
  // and the pieces put together give the word back. The hyphen reads back as the soft hyphen
  // it was set from (U+00AD, which is what a hyphen at a line break is in Unicode).
  const std::string line_break = std::string(kSoftHyphen) + "\n";
  size_t first_piece = raw.find("высоко");
  ASSERT_NE(first_piece, std::string::npos) << raw;
  size_t piece_end = raw.find(line_break, first_piece);
  ASSERT_NE(piece_end, std::string::npos) << raw;
  std::string piece = raw.substr(first_piece, piece_end - first_piece);
  EXPECT_TRUE(word.starts_with(piece) && piece.size() < word.size()) << piece;
  std::string joined = raw;
  for (size_t at; (at = joined.find(line_break)) != std::string::npos;) joined.erase(at, 3);
  EXPECT_NE(joined.find(word), std::string::npos) << raw;
}

TEST_F(TaskMediaTest, ImagesFromTheMaterialsAreEmbeddedOnceAndSmall) {
  AssignmentSheet assignment = sheet(
      "Рассмотри схему опыта.\n\n![Рис. 1. Схема опыта](схема.png)\n\n"
      "Сравни с фотографией.\n\n![Рис. 2. Закат над рекой](фото.jpg)\n");
  assignment.images = images_from_directory(materials());
  auto pdf = render(assignment, two_students());
  std::string text = testing::pdf_text(pdf);
  EXPECT_NE(text.find("Рис. 1. Схема опыта"), std::string::npos) << text;
  EXPECT_NE(text.find("Рис. 2. Закат над рекой"), std::string::npos) << text;
  // page num type width height color comp bpc enc interp object ID …
  std::string list = testing::run_tool("pdfimages -list " + testing::q(pdf));
  std::regex row(R"(\n\s*(\d+)\s+\d+\s+image\s+(\d+)\s+(\d+)\s+\w+\s+\d+\s+\d+\s+(\w+)\s+\w+\s+(\d+))");
  std::set<std::string> objects;
  int png = 0, jpeg = 0;
  for (std::sregex_iterator it(list.begin(), list.end(), row), end; it != end; ++it) {
    int width = std::stoi((*it)[2]);
    if ((*it)[4] == "jpeg") {
      ++jpeg;
      EXPECT_LE(width, 1040) << "a photo is downscaled to 150 dpi across the text width";
      EXPECT_GE(width, 900) << "and no further";
    } else {
      ++png;
      EXPECT_EQ(width, 800) << "a diagram that fits is embedded as it is, never upscaled";
    }
    objects.insert((*it)[5]);
  }
  EXPECT_EQ(png, 2) << list;  // once on each student's task pages
  EXPECT_EQ(jpeg, 2) << list;
  EXPECT_EQ(objects.size(), 2u) << "each image is in the PDF once: " << list;
  EXPECT_LT(rendered_.pdf.size(), 600u * 1024) << "a 4000×3000 photo does not bloat the PDF";
}

TEST_F(TaskMediaTest, APhotoTakenSidewaysPrintsUpright) {
  // A phone held upright stores a portrait photo as 800 × 600 and says so in EXIF
  // (orientation 6: turn it a quarter clockwise).
  std::vector<uint8_t> rgb;
  for (int y = 0; y < 600; ++y) {
    for (int x = 0; x < 800; ++x) rgb.insert(rgb.end(), {200, static_cast<uint8_t>(y / 3), 40});
  }
  auto dir = temp_ / "materials";
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(write_file_atomically(dir / "лист.jpg",
                                    testing::jpeg_file(rgb, 800, 600, testing::exif_app1(6)))
                  .is_ok());
  AssignmentSheet assignment = sheet("Реши задачи с листа.\n\n![Лист с задачами](лист.jpg)\n");
  assignment.images = images_from_directory(dir);
  auto pdf = render(assignment);
  std::string list = testing::run_tool("pdfimages -list " + testing::q(pdf));
  std::regex row(R"(\n\s*\d+\s+\d+\s+image\s+(\d+)\s+(\d+)\s+\w+\s+\d+\s+\d+\s+jpeg)");
  std::smatch found;
  ASSERT_TRUE(std::regex_search(list, found, row)) << list;
  EXPECT_EQ(found[1], "600") << "printed portrait: " << list;
  EXPECT_EQ(found[2], "800") << list;
}

TEST_F(TaskMediaTest, AMissingOrUnreadableImageIsNamedWithTheAssignment) {
  AssignmentSheet assignment = sheet("Смотри:\n\n![Карта](карта.png)\n");
  assignment.images = images_from_directory(materials());
  auto missing = render_class_set(assignment, one_student());
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "assignment a41-3fa2c1d0, line 3, image \"карта.png\": there is no file "
            "\"карта.png\" in the materials folder " +
                (temp_ / "materials").string());
  ASSERT_TRUE(write_file_atomically(temp_ / "materials" / "карта.png", "not a picture").is_ok());
  auto unreadable = render_class_set(assignment, one_student());
  EXPECT_EQ(unreadable.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(unreadable.status().message().find("is not a PNG or JPEG file"), std::string::npos)
      << unreadable.status().message();
  assignment.body_markdown = "![Карта](../секрет.png)\n";
  auto outside = render_class_set(assignment, one_student());
  EXPECT_EQ(outside.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(outside.status().message().find("outside the materials folder"), std::string::npos);
  assignment.images = nullptr;
  assignment.body_markdown = "![Карта](карта.png)\n";
  auto none = render_class_set(assignment, one_student());
  EXPECT_EQ(none.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(none.status().message().find("--materials-dir"), std::string::npos);
}

}  // namespace
}  // namespace parta::paper
