// A rendered class set read back as a school would: pdftotext gives the exact Russian text,
// every page's QR code (also from a poor scan) names its packet, student, assignment and page,
// packets never share a duplex sheet, and the Markdown prints as a worksheet.
#include "parta/paper/packet_pdf.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "parta/paper/qr_payload.h"
#include "parta/storage/atomic_file.h"
#include "pdf_tools.h"
#include "temp_dir.h"

namespace parta::paper {
namespace {

using testing::TempDir;

constexpr std::string_view kBody =
    "# Дроби: сложение и вычитание\n\n"
    "Прочитай правило и выполни задания. Слово «ёлочка» пишется с **буквой ё**, а «йогурт» — "
    "с *буквой й*.\n\n"
    "- Пример: 1/5 + 2/5 = 3/5\n"
    "- Ещё пример: 3/7 − 1/7 = 2/7\n\n"
    "1. Сколько будет 1/4 + 2/4?\n"
    "   - ( ) 3/8\n"
    "   - (x) 3/4\n\n"
    "   Ответ: знаменатель общий, складываем числители\n"
    "2. Придумай задачу про «ёлочные игрушки».\n";

AssignmentSheet sheet(std::string body = std::string(kBody)) {
  return AssignmentSheet{.assignment_id = "a40-3fa2c1d0",
                         .subject = "Математика",
                         .title = "Дроби «ёлочкой»: сложение и вычитание",
                         .body_markdown = std::move(body),
                         .group_name = "5А",
                         .teacher_name = "Ёлкина Мария Йосифовна",
                         .school_name = "МБОУ «СОШ №3» им. Й. Ёлкина",
                         .issue_date = parse_date("2026-11-25").value(),
                         .due_date = parse_date("2026-12-01").value(),
                         .expected_minutes = 20,
                         .max_score = 5};
}

std::vector<StudentPacket> students() {
  return {{"K7MX3HTA", "s17-3fa2c1d0", "Гончаренко-Сабурова Анна-Мария", "5А",
           "МБОУ «СОШ №3» им. Й. Ёлкина", 5},
          {"22334455", "s18-3fa2c1d0", "Ёжиков Пётр Йосифович", "5А", "МБОУ «СОШ №3» им. Й. Ёлкина",
           5}};
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PacketPdfTest : public ::testing::Test {
 protected:
  // Renders the set to a file and returns it.
  std::filesystem::path render(const AssignmentSheet& assignment,
                               const std::vector<StudentPacket>& packets) {
    auto rendered = render_class_set(assignment, packets);
    EXPECT_TRUE(rendered.is_ok()) << rendered.status().message();
    if (!rendered.is_ok()) return {};
    rendered_ = std::move(*rendered);
    auto pdf = temp_ / "set.pdf";
    EXPECT_TRUE(write_file_atomically(pdf, rendered_.pdf).is_ok());
    return pdf;
  }

  TempDir temp_;
  RenderedClassSet rendered_;
};

TEST_F(PacketPdfTest, TextComesBackExactly) {
  auto pdf = render(sheet(), students());
  std::string text = testing::pdf_text(pdf);
  for (std::string_view expected :
       {"Гончаренко-Сабурова Анна-Мария", "Ёжиков Пётр Йосифович", "МБОУ «СОШ №3» им. Й. Ёлкина",
        "Дроби «ёлочкой»: сложение и вычитание", "Ёлкина Мария Йосифовна",
        "Прочитай правило и выполни задания. Слово «ёлочка» пишется с буквой ё, а «йогурт» — с "
        "буквой й.",
        "Придумай задачу про «ёлочные игрушки».", "Сдать до 01.12.2026", "20 минут", "K7MX-3HTA",
        "2233-4455"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\nin: " << text;
  }
  // Each cover's instructions name its packet's code, drawn over a shared line's transparent
  // stand-in, which is in no text.
  for (std::string_view code : {"K7MX-3HTA", "2233-4455"}) {
    std::string line = "есть код пакета " + std::string(code) + ".";
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin: " << text;
  }
  EXPECT_EQ(text.find("XXXX-XXXX"), std::string::npos) << text;
}

TEST_F(PacketPdfTest, EveryPacketPageCarriesItsCodeAndEveryPacketIsEven) {
  auto pdf = render(sheet(), students());
  const auto packets = students();
  ASSERT_EQ(rendered_.packet_pages.size(), packets.size());
  uint32_t packet_pages = 0;
  for (uint32_t pages : rendered_.packet_pages) {
    EXPECT_EQ(pages % 2, 0u);
    packet_pages += pages;
  }
  auto images = testing::page_images(pdf, temp_ / "pages", 150);
  ASSERT_EQ(images.size(), packet_pages + rendered_.teacher_pages);
  ASSERT_EQ(testing::pdf_pages(pdf), static_cast<int>(images.size()));
  size_t image = 0;
  for (size_t student = 0; student < packets.size(); ++student) {
    for (uint32_t page = 1; page <= rendered_.packet_pages[student]; ++page, ++image) {
      std::string expected = qr_payload({packets[student].code, packets[student].student_id,
                                         "a40-3fa2c1d0", page, rendered_.packet_pages[student]});
      EXPECT_EQ(testing::qr_codes(images[image]), expected) << images[image];
    }
  }
  for (; image < images.size(); ++image) {
    EXPECT_EQ(testing::qr_codes(images[image]), "") << "the teacher's sheet is in no packet";
  }
  EXPECT_EQ(qr_payload({"K7MX3HTA", "s17-3fa2c1d0", "a40-3fa2c1d0", 2, 6}),
            "PARTA:1:K7MX3HTA:S17-3FA2C1D0:A40-3FA2C1D0:2/6");
}

TEST_F(PacketPdfTest, CodesReadFromAPoorScan) {
  auto pdf = render(sheet(), students());
  auto images = testing::page_images(pdf, temp_ / "pages", 150, 1, 4);
  ASSERT_EQ(images.size(), 4u);  // cover, task, answer sheet, filler
  auto scans = testing::scanned_badly(images, {3, -3, 2.5, -4});
  for (size_t page = 0; page < scans.size(); ++page) {
    EXPECT_TRUE(std::filesystem::exists(scans[page])) << scans[page];
    EXPECT_EQ(testing::qr_codes(scans[page]),
              qr_payload(
                  {"K7MX3HTA", "s17-3fa2c1d0", "a40-3fa2c1d0", static_cast<uint32_t>(page + 1), 4}))
        << scans[page];
  }
}

// Most of a cover is recorded once and painted on every cover laid out alike, the rest drawn
// for each student: a cover prints the same whichever cover came before it, also when a long
// name wraps and moves the rest of the cover down.
TEST_F(PacketPdfTest, ACoverPrintsTheSameWhicheverCoverCameBefore) {
  const StudentPacket first = students()[1];
  StudentPacket long_name = students()[0];
  long_name.full_name =
      "Гончаренко-Сабурова-Преображенская Анна-Мария-Александра Константиновна-Ёлкина";
  for (const StudentPacket& student : {students()[0], long_name}) {
    auto alone = temp_ / "alone.pdf";
    std::filesystem::rename(render(sheet(), {student}), alone);
    auto cover = testing::page_images(alone, temp_ / "alone", 100, 1, 1);
    auto after_first = render(sheet(), {first, student});
    uint32_t page = rendered_.packet_pages[0] + 1;
    auto same_cover = testing::page_images(after_first, temp_ / "after", 100, page, page);
    ASSERT_EQ(cover.size(), 1u);
    ASSERT_EQ(same_cover.size(), 1u);
    EXPECT_EQ(file_bytes(cover[0]), file_bytes(same_cover[0])) << student.full_name;
    std::filesystem::remove_all(temp_ / "alone");
    std::filesystem::remove_all(temp_ / "after");
  }
}

TEST_F(PacketPdfTest, AnOddPacketGetsABlankFillerPage) {
  auto pdf = render(sheet(), students());
  ASSERT_EQ(rendered_.packet_pages[0], 4u);  // cover, task, answers: the fourth is filler
  EXPECT_NE(testing::pdf_text(pdf, 4, 4).find("Эта страница оставлена пустой."), std::string::npos);
  auto title_only = render(sheet(""), students());
  EXPECT_EQ(rendered_.packet_pages[0], 2u);  // cover and a ruled answer sheet
  EXPECT_NE(testing::pdf_text(title_only, 2, 2).find("Бланк ответов"), std::string::npos);
}

TEST_F(PacketPdfTest, MarkdownPrintsAsAWorksheet) {
  auto pdf = render(sheet(), students());
  std::string task = testing::pdf_text(pdf, 2, 2);
  for (std::string_view expected :
       {"Дроби: сложение и вычитание", "• Пример: 1/5 + 2/5 = 3/5", "1. Сколько будет 1/4 + 2/4?",
        "а) 3/8", "б) 3/4", "2. Придумай задачу"}) {
    EXPECT_NE(task.find(expected), std::string::npos) << expected << "\nin: " << task;
  }
  std::string fonts = testing::run_tool("pdffonts -f 2 -l 2 " + testing::q(pdf));
  EXPECT_NE(fonts.find("DejaVuSerif-Bold"), std::string::npos) << "bold text: " << fonts;
  EXPECT_NE(fonts.find("DejaVuSerif-Italic"), std::string::npos) << "italic text: " << fonts;
  EXPECT_EQ(fonts.find("Noto"), std::string::npos) << "only DejaVu: " << fonts;
  std::string answers = testing::pdf_text(pdf, 3, 3);
  EXPECT_NE(answers.find("Бланк ответов"), std::string::npos);
  EXPECT_NE(answers.find("закрасьте кружок"), std::string::npos) << answers;
}

TEST_F(PacketPdfTest, TheKeyIsOnTheTeachersSheetOnly) {
  auto pdf = render(sheet(), students());
  int pages = testing::pdf_pages(pdf);
  int first_teacher_page = pages - static_cast<int>(rendered_.teacher_pages) + 1;
  std::string packets = testing::pdf_text(pdf, 1, first_teacher_page - 1);
  std::string teacher = testing::pdf_text(pdf, first_teacher_page, pages);
  EXPECT_EQ(packets.find("знаменатель общий"), std::string::npos);
  EXPECT_NE(teacher.find("1. б — знаменатель общий, складываем числители"), std::string::npos)
      << teacher;
  EXPECT_NE(teacher.find("2. ключ не указан"), std::string::npos) << teacher;
  EXPECT_NE(teacher.find("1 Гончаренко-Сабурова Анна-Мария 5А K7MX-3HTA 4"), std::string::npos)
      << teacher;
}

TEST_F(PacketPdfTest, ATaskLongerThanAPacketMayBeIsRefused) {
  std::string body;
  for (int paragraph = 0; paragraph < 1500; ++paragraph) {
    body +=
        "Съешь же ещё этих мягких французских булок, да выпей чаю. Съешь же ещё этих мягких "
        "французских булок, да выпей чаю.\n\n";
  }
  auto rendered = render_class_set(sheet(body), students());
  ASSERT_FALSE(rendered.is_ok());
  EXPECT_EQ(rendered.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(rendered.status().message().find("at most 60"), std::string::npos)
      << rendered.status().message();
}

}  // namespace
}  // namespace parta::paper
