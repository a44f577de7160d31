// scan_returned_pages over a real store and real scans: packets exported with export_packets,
// rasterized by pdftoppm at 150 dpi, bubbles filled by drawing on the page images, and the
// pages degraded with ImageMagick as a scanner would (turned, blurred, noisy, printed "fit to
// page" on Letter paper, upside down), shuffled, duplicated, missing or unreadable.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "jpeg_files.h"
#include "parta/paper/export_packets.h"
#include "parta/paper/scan_layout.h"
#include "parta/paper/scan_pages.h"
#include "parta/storage/packet_code.h"
#include "parta/storage/paper_packets.h"
#include "pdf_tools.h"
#include "temp_dir.h"

namespace parta::paper {
namespace {

using testing::q;
using testing::run_tool;
using testing::TempDir;

Date day(std::string_view text) { return parse_date(text).value(); }

// Three keyed multiple-choice questions: a packet is cover, task, answer sheet and filler.
constexpr std::string_view kChoicesTask =
    "1. Сколько будет 2 + 2?\n   - ( ) 3\n   - (x) 4\n   - ( ) 5\n"
    "2. Какие числа чётные?\n   - (x) 2\n   - ( ) 3\n   - (x) 8\n   - ( ) 9\n"
    "3. Столица России:\n   - ( ) Казань\n   - (x) Москва\n";
constexpr std::string_view kOpenTask =
    "1. Сколько будет 2 + 2?\n   - ( ) 3\n   - (x) 4\n"
    "2. Запиши, как ты решал задачу 1.\n"
    "3. Придумай свою задачу.\n";

constexpr double kPixelsPerPoint = 150.0 / 72.0;

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::create(StoreOptions{.dir = temp_ / "node"}, "МБОУ «СОШ №3»", "school");
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    store_ = std::move(*store);
    records_ = std::make_unique<SchoolRecords>(*store_, WorkingCalendar({}));
    std::vector<RosterRow> rows;
    for (std::string_view last : {"Абрамов", "Белова", "Иванов"}) {
      rows.push_back(RosterRow{.line = static_cast<int>(rows.size()) + 2,
                               .last_name = std::string(last),
                               .first_name = "Пётр",
                               .class_name = parse_class_name("5А").value(),
                               .birth_date = day("2015-03-01")});
    }
    ASSERT_TRUE(records_->import_roster(rows, "test").is_ok());
  }

  // Exports `body` for the class; the PDF is temp_/set.pdf.
  void export_task(std::string_view body, uint32_t max_score, ImageResolver images = {}) {
    auto key = records_->add_assignment(AssignmentSpec{.group = records_->find_group("5А").value(),
                                                       .subject = "Математика",
                                                       .title = "Сложение",
                                                       .body = std::string(body),
                                                       .issue_date = day("2026-11-20"),
                                                       .due_date = day("2026-11-27"),
                                                       .max_score = max_score});
    ASSERT_TRUE(key.is_ok()) << key.status().message();
    uint64_t seed = 2026;
    auto summary = export_packets(
        *records_, ExportRequest{.assignment = *key,
                                 .out = temp_ / "set.pdf",
                                 .issued_ms = 1'700'000'000'000,
                                 .issued_by = "Ёлкина",
                                 .random_bits = [seed]() mutable {
                                   return seed = seed * 6364136223846793005u + 1442695040888963407u;
                                 },
                                 .images = std::move(images)});
    ASSERT_TRUE(summary.is_ok()) << summary.status().message();
    summary_ = *summary;
    auto layout = packet_layout(body);
    ASSERT_TRUE(layout.is_ok()) << layout.status().message();
    layout_ = *layout;
    if (!images) {
      ASSERT_EQ(layout_.pages, summary_.packet_pages[0]) << "the layout is the printed one";
    }
  }

  // Page `page` of packet `packet` (0-based) at 150 dpi, named `name`.
  std::filesystem::path page_image(size_t packet, uint32_t page, const std::string& name) {
    uint32_t pdf_page = 0;
    for (size_t i = 0; i < packet; ++i) pdf_page += summary_.packet_pages[i];
    pdf_page += page;
    auto images = testing::page_images(temp_ / "set.pdf", temp_ / ("pages-" + name), 150,
                                       static_cast<int>(pdf_page), static_cast<int>(pdf_page));
    EXPECT_EQ(images.size(), 1u);
    std::filesystem::path out = temp_ / (name + ".png");
    std::filesystem::rename(images.at(0), out);
    return out;
  }

  // ImageMagick -draw primitives that fill bubbles as a pencil would (a dark disc a little
  // smaller than the printed circle), `choices[q]` for question q + 1.
  std::string fill_bubbles(const std::map<int, std::vector<size_t>>& choices) {
    std::string draw;
    for (const AnswerRow& row : layout_.sheet.rows) {
      auto found = choices.find(row.question);
      if (found == choices.end()) continue;
      for (size_t choice : found->second) {
        const PagePoint& centre = row.bubbles.at(choice);
        double x = centre.x * kPixelsPerPoint, y = centre.y * kPixelsPerPoint;
        double radius = row.bubble_radius * 0.8 * kPixelsPerPoint;
        draw += fmt::format(" -draw 'circle {:.1f},{:.1f} {:.1f},{:.1f}'", x, y, x + radius, y);
      }
    }
    return " -fill '#303030' -stroke none" + draw;
  }

  // What a scanner does to a page: `how` (ImageMagick options) then blur and noise.
  std::string degrade(const std::string& how) {
    return " -background white " + how +
           " -blur 0x1.2 -seed 7 -attenuate 0.6 +noise Gaussian +repage";
  }

  // A phone's photo of `page` (after `how`, ImageMagick options): stored turned by
  // `stored_turn` degrees with the EXIF `orientation` that turns it back, as name.jpg.
  std::filesystem::path phone_photo(const std::filesystem::path& page, const std::string& how,
                                    int stored_turn, uint16_t orientation,
                                    const std::string& name) {
    std::filesystem::path ppm = temp_ / (name + ".ppm");
    run_tool("convert " + q(page) + how + " -rotate " + std::to_string(stored_turn) + " -depth 8 " +
             q(ppm));
    std::ifstream in(ppm, std::ios::binary);
    std::string magic;
    int width = 0, height = 0, max = 0;
    in >> magic >> width >> height >> max;
    in.get();  // the one white space before the pixels
    std::vector<uint8_t> rgb(static_cast<size_t>(width) * height * 3);
    in.read(reinterpret_cast<char*>(rgb.data()), static_cast<std::streamsize>(rgb.size()));
    EXPECT_TRUE(magic == "P6" && max == 255 && in) << ppm;
    std::filesystem::path jpeg = temp_ / (name + ".jpg");
    std::ofstream(jpeg, std::ios::binary)
        << testing::jpeg_file(rgb, width, height, testing::exif_app1(orientation), 85);
    return jpeg;
  }

  // The answer sheets of students 0, 1, 2, 0… filled with `answers`, each then changed by its
  // `how` (ImageMagick options), as NAME<i>.EXTENSION; made in parallel.
  std::vector<std::filesystem::path> filled_sheets(
      const std::map<int, std::vector<size_t>>& answers, const std::vector<std::string>& how,
      const std::string& name, const std::string& extension) {
    std::vector<std::filesystem::path> sheets;
    std::string commands;
    for (size_t i = 0; i < how.size(); ++i) {
      auto image = page_image(i % 3, layout_.answers_first, name + std::to_string(i));
      sheets.push_back(temp_ / (name + std::to_string(i) + "." + extension));
      commands +=
          "convert " + q(image) + fill_bubbles(answers) + how[i] + " " + q(sheets.back()) + " & ";
    }
    run_tool("{ " + commands + "wait; }");
    return sheets;
  }

  // Each of `scans` read alone gives one packet with every question read and `answers` marked.
  void expect_answers_read(const std::vector<std::filesystem::path>& scans,
                           const std::map<int, std::vector<size_t>>& answers) {
    for (const auto& scanned : scans) {
      auto report = scan({scanned});
      ASSERT_TRUE(report.is_ok()) << report.status().message();
      ASSERT_EQ(report->packets.size(), 1u) << scanned;
      ASSERT_EQ(report->packets[0].questions.size(), answers.size()) << scanned;
      for (const QuestionReading& question : report->packets[0].questions) {
        EXPECT_TRUE(question.read) << scanned << " question " << question.question;
        EXPECT_EQ(question.marked, answers.at(question.question))
            << scanned << " question " << question.question;
      }
    }
  }

  Result<ScanReport> scan(std::vector<std::filesystem::path> files,
                          std::vector<PageAssignment> assigned = {},
                          int64_t when_ms = 1'800'000'000'000) {
    return scan_returned_pages(*records_, ScanRequest{.files = std::move(files),
                                                      .assigned = std::move(assigned),
                                                      .returned_ms = when_ms,
                                                      .returned_by = "Ёлкина"});
  }

  std::vector<PacketEntry> packets() {
    auto entries = PaperPackets(*records_).list({});
    EXPECT_TRUE(entries.is_ok());
    return entries.is_ok() ? *entries : std::vector<PacketEntry>{};
  }

  static const PacketScan* find_packet(const ScanReport& report, const std::string& code) {
    for (const PacketScan& packet : report.packets) {
      if (packet.code == code) return &packet;
    }
    return nullptr;
  }

  static const ScannedPage* find_page(const ScanReport& report, const std::filesystem::path& file,
                                      uint32_t page_in_file = 1) {
    for (const ScannedPage& page : report.pages) {
      if (page.file == file && page.page_in_file == page_in_file) return &page;
    }
    return nullptr;
  }

  TempDir temp_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SchoolRecords> records_;
  ExportSummary summary_;
  PacketLayout layout_;
};

TEST_F(ScanTest, EveryPacketPageIsReadFromThePdfItsPngPagesAndAJpeg) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  std::filesystem::path jpeg = temp_ / "page.jpg";
  run_tool("convert " + q(page_image(1, 2, "cli")) + " -quality 70 " + q(jpeg));
  auto report = scan({temp_ / "set.pdf", jpeg}, {}, 0);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  const uint32_t packet_pages = 3 * layout_.pages;
  ASSERT_EQ(report->pages.size(), packet_pages + summary_.teacher_pages + 1);
  for (uint32_t i = 0; i < packet_pages; ++i) {
    const ScannedPage& page = report->pages[i];
    EXPECT_EQ(page.outcome, PageOutcome::kRead) << "page " << i + 1 << ": " << page.reason;
    EXPECT_EQ(page.code, summary_.codes[i / layout_.pages]);
    EXPECT_EQ(page.page, i % layout_.pages + 1);
    EXPECT_EQ(page.pages, layout_.pages);
  }
  for (uint32_t i = packet_pages; i < packet_pages + summary_.teacher_pages; ++i) {
    EXPECT_EQ(report->pages[i].outcome, PageOutcome::kUnreadable) << "the teacher's sheet";
    EXPECT_EQ(report->pages[i].reason,
              "no QR code found; name the page with --assign FILE:PAGE=CODE:N");
  }
  EXPECT_EQ(report->pages.back().outcome, PageOutcome::kDuplicate) << "page 2 of packet 2 again";
  EXPECT_EQ(report->pages.back().reason, "packet page also at " + (temp_ / "set.pdf").string() +
                                             " page " + std::to_string(layout_.pages + 2));
  ASSERT_EQ(report->packets.size(), 3u);
  for (const PacketScan& packet : report->packets) {
    EXPECT_TRUE(packet.pages_missing.empty());
    EXPECT_TRUE(packet.marked_returned);
    // Nothing is filled on a fresh print: every question read, none answered, score 0.
    ASSERT_EQ(packet.questions.size(), 3u);
    for (const QuestionReading& question : packet.questions) {
      EXPECT_TRUE(question.read) << question.question;
      EXPECT_TRUE(question.marked.empty()) << question.question;
      EXPECT_TRUE(question.unclear.empty()) << question.question;
    }
    EXPECT_EQ(packet.proposed_score, 0u);
  }

  // The same pages as pdftoppm renders them at 150 dpi, one PNG each: every one decodes.
  auto images = testing::page_images(temp_ / "set.pdf", temp_ / "all-pages", 150, 1,
                                     static_cast<int>(packet_pages));
  ASSERT_EQ(images.size(), packet_pages);
  auto from_images = scan(images, {}, 0);
  ASSERT_TRUE(from_images.is_ok()) << from_images.status().message();
  ASSERT_EQ(from_images->pages.size(), packet_pages);
  for (uint32_t i = 0; i < packet_pages; ++i) {
    const ScannedPage& page = from_images->pages[i];
    EXPECT_EQ(page.outcome, PageOutcome::kRead) << images[i] << ": " << page.reason;
    EXPECT_EQ(page.code, summary_.codes[i / layout_.pages]);
    EXPECT_EQ(page.page, i % layout_.pages + 1);
  }
}

TEST_F(ScanTest, BubblesReadRightOnBlurredNoisyTurnedScaledAndUpsideDownScans) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const uint32_t sheet = layout_.answers_first;
  // Right: б; а+в; б. The first student is all right, the second has question 2 half right
  // and a light stroke through the first bubble of question 3 (not a fill), the third
  // filled nothing.
  std::vector<std::map<int, std::vector<size_t>>> answers = {
      {{1, {1}}, {2, {0, 2}}, {3, {1}}}, {{1, {1}}, {2, {0}}, {3, {1}}}, {}};
  std::vector<std::string> how = {
      "-rotate 3",
      // Printed "fit to page" on Letter: 94 % and centred on an 8.5 × 11 inch sheet.
      "-resize 94% -gravity center -extent 1275x1650 -rotate -1.5",
      // Duplex: the page came through upside down.
      "-rotate 182"};
  std::vector<std::filesystem::path> scans;
  std::string commands;
  for (size_t student = 0; student < 3; ++student) {
    auto image = page_image(student, sheet, "sheet" + std::to_string(student));
    std::string marks = fill_bubbles(answers[student]);
    if (student == 1) {
      const PagePoint& bubble = layout_.sheet.rows[2].bubbles[0];
      double x = bubble.x * kPixelsPerPoint, y = bubble.y * kPixelsPerPoint;
      marks +=
          fmt::format(" -stroke '#404040' -strokewidth 2 -draw 'line {:.0f},{:.0f} {:.0f},{:.0f}'",
                      x - 10, y + 10, x + 10, y - 10);
    }
    scans.push_back(temp_ / ("scan" + std::to_string(student) + ".png"));
    commands +=
        "convert " + q(image) + marks + degrade(how[student]) + " " + q(scans.back()) + " & ";
  }
  run_tool("{ " + commands + "wait; }");
  auto report = scan(scans);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  ASSERT_EQ(report->pages_read(), 3u);
  for (size_t student = 0; student < 3; ++student) {
    const PacketScan* packet = find_packet(*report, summary_.codes[student]);
    ASSERT_NE(packet, nullptr) << student;
    EXPECT_EQ(packet->pages_read, std::vector<uint32_t>{sheet});
    ASSERT_EQ(packet->questions.size(), 3u);
    for (const QuestionReading& question : packet->questions) {
      EXPECT_TRUE(question.read) << "student " << student << " question " << question.question;
      auto expected = answers[student].find(question.question);
      EXPECT_EQ(question.marked,
                expected == answers[student].end() ? std::vector<size_t>{} : expected->second)
          << "student " << student << " question " << question.question;
    }
  }
  EXPECT_EQ(find_packet(*report, summary_.codes[0])->right_answers, 3u);
  EXPECT_EQ(find_packet(*report, summary_.codes[0])->proposed_score, 6u);
  const PacketScan* second = find_packet(*report, summary_.codes[1]);
  EXPECT_EQ(second->right_answers, 2u);
  EXPECT_EQ(second->keyed_questions, 3u);
  if (second->questions[2].unclear.empty()) {
    EXPECT_EQ(second->proposed_score, 4u);
  } else {
    EXPECT_EQ(second->proposed_score, std::nullopt) << "an unclear bubble is the teacher's call";
  }
  EXPECT_EQ(find_packet(*report, summary_.codes[2])->right_answers, 0u);
  EXPECT_EQ(find_packet(*report, summary_.codes[2])->proposed_score, 0u);
}

TEST_F(ScanTest, TheAnswerSheetOfATaskWithImagesIsFoundWhereItWasPrinted) {
  // A photo that takes most of a page: laid out again without it (a scan has no images), the
  // task would put the answer sheet a page earlier than it was printed.
  std::filesystem::create_directories(temp_ / "materials");
  run_tool("convert -size 900x1100 gradient:'#d0d0d0-#606060' " +
           q(temp_ / "materials" / "луна.png"));
  const std::string body = "![Луна в первой четверти](луна.png)\n\n" + std::string(kChoicesTask);
  ASSERT_NO_FATAL_FAILURE(export_task(body, 6, images_from_directory(temp_ / "materials")));
  const std::vector<PacketEntry> recorded = packets();
  ASSERT_FALSE(recorded.empty());
  const uint32_t sheet = recorded[0].packet.answers_first_page();
  ASSERT_GT(sheet, layout_.answers_first) << "the image did not move the answer sheet";
  const std::string scanned = (temp_ / "sheet-with-image.png").string();
  run_tool("convert " + q(page_image(0, sheet, "image-task")) + fill_bubbles({{1, {1}}, {3, {0}}}) +
           degrade("-rotate 1.5") + " " + q(scanned));
  auto report = scan({scanned});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  const PacketScan* packet = find_packet(*report, summary_.codes[0]);
  ASSERT_NE(packet, nullptr);
  EXPECT_EQ(packet->answers_note, "");
  ASSERT_EQ(packet->questions.size(), 3u);
  EXPECT_EQ(packet->questions[0].marked, std::vector<size_t>{1});
  EXPECT_EQ(packet->questions[1].marked, std::vector<size_t>{});
  EXPECT_EQ(packet->questions[2].marked, std::vector<size_t>{0});
}

TEST_F(ScanTest, APagePhotographedSidewaysIsReadUpright) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const uint32_t sheet = layout_.answers_first;
  const std::map<int, std::vector<size_t>> first = {{1, {1}}, {2, {0, 2}}, {3, {1}}};
  const std::map<int, std::vector<size_t>> second = {{1, {0}}, {3, {1}}};
  // The first student's sheet, photographed with the phone held upright (stored a quarter
  // turn anticlockwise, orientation 6); the second's with its QR code covered, held the other
  // way (orientation 8), named by hand: it counts as handed back, but where its bubbles lie on
  // the image is not known without the QR code, so they are not read and no score proposed.
  const std::string cover_code = " -fill white -draw 'rectangle 930,1460 1240,1754'";
  auto sideways =
      phone_photo(page_image(0, sheet, "phone-first"), fill_bubbles(first), -90, 6, "sideways");
  auto other_way = phone_photo(page_image(1, sheet, "phone-second"),
                               fill_bubbles(second) + cover_code, 90, 8, "other-way");
  auto report =
      scan({sideways, other_way}, {PageAssignment{.file = other_way,
                                                  .code = display_packet_code(summary_.codes[1]),
                                                  .packet_page = sheet}});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(find_page(*report, sideways)->outcome, PageOutcome::kRead)
      << find_page(*report, sideways)->reason;
  EXPECT_EQ(find_page(*report, sideways)->code, summary_.codes[0]);
  EXPECT_EQ(find_page(*report, sideways)->page, sheet);
  EXPECT_EQ(find_page(*report, other_way)->outcome, PageOutcome::kAssigned);
  const PacketScan* packet = find_packet(*report, summary_.codes[0]);
  ASSERT_NE(packet, nullptr);
  ASSERT_EQ(packet->questions.size(), 3u);
  for (const QuestionReading& question : packet->questions) {
    EXPECT_TRUE(question.read) << "question " << question.question;
    auto expected = first.find(question.question);
    EXPECT_EQ(question.marked, expected == first.end() ? std::vector<size_t>{} : expected->second)
        << "question " << question.question;
  }
  EXPECT_EQ(packet->proposed_score, 6u) << "all three right";

  const std::string second_code = display_packet_code(summary_.codes[1]);
  EXPECT_EQ(find_page(*report, other_way)->reason,
            "answers not read: where they are on the image is unknown without its QR code; "
            "enter the score with 'parta paper return " +
                second_code + " --score N'");
  const PacketScan* named = find_packet(*report, summary_.codes[1]);
  ASSERT_NE(named, nullptr);
  EXPECT_EQ(named->pages_read, std::vector<uint32_t>{sheet}) << "handed back all the same";
  ASSERT_EQ(named->questions.size(), 3u);
  for (const QuestionReading& question : named->questions) {
    EXPECT_FALSE(question.read) << "question " << question.question;
    EXPECT_TRUE(question.marked.empty()) << "question " << question.question;
  }
  EXPECT_EQ(named->proposed_score, std::nullopt);
}

// A phone held a few degrees off square: the far edge of the page comes out narrower. Read
// from the QR code alone, rows 15 cm from it came out a row (or a bubble) off and were read in
// their neighbours' place, confidently; the rules under the header and above the footer pin
// the whole page down.
TEST_F(ScanTest, APagePhotographedAtAnAngleIsReadRowByRow) {
  std::string task;
  for (int question = 1; question <= 9; ++question) {
    task += std::to_string(question) + ". Вопрос " + std::to_string(question) + "?\n";
    for (int choice = 0; choice < 4; ++choice) {
      task += choice == question % 4 ? "   - (x) да\n" : "   - ( ) нет\n";
    }
  }
  ASSERT_NO_FATAL_FAILURE(export_task(task, 9));
  // Every student's sheet the same, each row filled in a different place.
  std::map<int, std::vector<size_t>> answers;
  for (int question = 1; question <= 9; ++question) {
    answers[question] = {static_cast<size_t>((question * 3) % 4)};
  }
  answers[5] = {0, 3};
  const int w = 1240, h = 1754;  // A4 at 150 dpi; a desk-coloured border round the page
  auto corners = [&](int tl_x, int tl_y, int tr_x, int tr_y, int br_x, int br_y, int bl_x,
                     int bl_y) {
    return fmt::format(
        " -bordercolor '#6b5b45' -border 100 -virtual-pixel background -background '#6b5b45' "
        "-distort Perspective '100,100 {},{}  {},100 {},{}  {},{} {},{}  100,{} {},{}'",
        100 + tl_x, 100 + tl_y, w + 100, w + 100 + tr_x, 100 + tr_y, w + 100, h + 100,
        w + 100 + br_x, h + 100 + br_y, h + 100, 100 + bl_x, h + 100 + bl_y);
  };
  const std::string phone = " -seed 3 -attenuate 0.4 +noise Gaussian -quality 85";
  const std::vector<std::string> photos = {
      corners(75, 0, -75, 0, 0, 0, 0, 0) + " -rotate 2" + phone,  // the top 6 % narrower each side
      corners(100, 60, -100, 60, 0, 0, 0, 0) + phone,             // and shorter
      corners(0, 0, 0, 0, -60, -30, 60, -30) + " -rotate -3" + phone,  // the bottom narrower
      corners(50, 50, 0, 0, 0, 0, 50, -50) + " -rotate 4" + phone};    // the left edge shorter
  ASSERT_EQ(answers.size(), 9u);
  expect_answers_read(filled_sheets(answers, photos, "angled", "jpg"), answers);
}

// A flatbed scan of a page smaller than the glass shows the page's edge as a thin grey line
// above the header's rule, which can pass for the rule; the rows must still be read where they
// are, on a short sheet too (whose rows are all far from the QR code).
TEST_F(ScanTest, APageEdgeOnAFlatbedScanIsNotTakenForTheHeadersRule) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const std::map<int, std::vector<size_t>> answers = {{1, {1}}, {2, {0, 2}}, {3, {1}}};
  const std::string scanner = " -blur 0x1 -seed 3 -attenuate 0.4 +noise Gaussian";
  const std::vector<std::string> edges = {
      " -bordercolor '#909090' -border 2 -bordercolor white -border 40" + scanner,
      " -bordercolor '#a0a0a0' -border 1 -bordercolor white -border 30" + scanner,
      " -bordercolor '#909090' -border 2 -bordercolor white -border 40 -rotate 1.5" + scanner,
      " -bordercolor white -border 40" + scanner};
  expect_answers_read(filled_sheets(answers, edges, "edge", "png"), answers);
}

TEST_F(ScanTest, AnEmptyAnswerBoxIsReadAsEmpty) {
  ASSERT_NO_FATAL_FAILURE(export_task(kOpenTask, 5));
  auto image = page_image(0, layout_.answers_first, "open");
  const AnswerRow& box = layout_.sheet.rows[1];
  ASSERT_EQ(box.choices, 0u);
  double x = (box.box_left + 40) * kPixelsPerPoint,
         y = (box.top + box.height / 2) * kPixelsPerPoint;
  std::string writing = fmt::format(
      " -fill none -stroke '#202050' -strokewidth 3 -draw 'line {0:.0f},{1:.0f} {2:.0f},{3:.0f}' "
      "-draw 'line {2:.0f},{3:.0f} {4:.0f},{1:.0f}' -draw 'line {4:.0f},{1:.0f} {5:.0f},{3:.0f}'",
      x, y + 12, x + 15, y - 12, x + 30, x + 45);
  std::filesystem::path scan_path = temp_ / "open-scan.png";
  run_tool("convert " + q(image) + fill_bubbles({{1, {1}}}) + writing + degrade("-rotate -2.5") +
           " " + q(scan_path));
  auto report = scan({scan_path});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  ASSERT_EQ(report->packets.size(), 1u);
  const PacketScan& packet = report->packets[0];
  ASSERT_EQ(packet.questions.size(), 3u);
  EXPECT_EQ(packet.questions[0].marked, std::vector<size_t>{1});
  EXPECT_TRUE(packet.questions[1].read);
  EXPECT_TRUE(packet.questions[1].written) << "a written box";
  EXPECT_TRUE(packet.questions[2].read);
  EXPECT_FALSE(packet.questions[2].written) << "an empty box is empty, never an answer";
  EXPECT_EQ(packet.right_answers, 1u);
  EXPECT_EQ(packet.proposed_score, std::nullopt) << "open answers are marked by the teacher";
}

TEST_F(ScanTest, ShuffledDuplexBatchReportsMissingUnreadableAndDuplicatePagesAndRecordsOnce) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const uint32_t pages = layout_.pages;
  // The batch: every packet page in a shuffled PDF except packet 2 page 3 (lost), packet 1
  // page 4 (smeared beyond reading, given as its own image) and packet 3 page 2 (came through
  // the duplex scanner upside down, its own image); packet 3 page 1 twice; a blank sheet.
  run_tool("pdfseparate " + q(temp_ / "set.pdf") + " " + q(temp_ / "p%d.pdf"));
  auto pdf_page = [&](size_t packet, uint32_t page) {
    return q(temp_ / ("p" + std::to_string(packet * pages + page) + ".pdf"));
  };
  std::string unite = "pdfunite";
  for (auto [packet, page] : std::vector<std::pair<size_t, uint32_t>>{
           {2, 4}, {0, 2}, {1, 1}, {2, 1}, {0, 1}, {1, 4}, {0, 3}, {2, 3}, {1, 2}, {2, 1}}) {
    unite += " " + pdf_page(packet, page);
  }
  run_tool(unite + " " + q(temp_ / "shuffled.pdf"));
  std::filesystem::path smeared = temp_ / "smeared.png", flipped = temp_ / "flipped.png",
                        blank = temp_ / "blank.png";
  run_tool("{ convert " + q(page_image(0, 4, "smeared-page")) + " -blur 0x9 " + q(smeared) +
           " & convert " + q(page_image(2, 2, "flipped-page")) + degrade("-rotate 180.8") + " " +
           q(flipped) + " & convert -size 1240x1754 xc:white " + q(blank) + " & wait; }");

  auto report = scan({temp_ / "shuffled.pdf", smeared, flipped, blank});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->pages.size(), 13u);
  EXPECT_EQ(report->pages_read(), 10u);
  EXPECT_EQ(find_page(*report, temp_ / "shuffled.pdf", 10)->outcome, PageOutcome::kDuplicate);
  EXPECT_EQ(find_page(*report, smeared)->outcome, PageOutcome::kUnreadable);
  EXPECT_EQ(find_page(*report, smeared)->reason,
            "no QR code found; name the page with --assign FILE:PAGE=CODE:N");
  EXPECT_EQ(find_page(*report, blank)->reason, "a blank page: no QR code");
  EXPECT_EQ(find_page(*report, flipped)->outcome, PageOutcome::kRead);
  EXPECT_EQ(find_page(*report, flipped)->page, 2u);
  ASSERT_EQ(report->packets.size(), 3u);
  // In the order first seen: packet 3, 1, 2.
  EXPECT_EQ(report->packets[0].code, summary_.codes[2]);
  EXPECT_EQ(report->packets[1].pages_missing, std::vector<uint32_t>{4});
  EXPECT_EQ(report->packets[2].pages_missing, std::vector<uint32_t>{3});
  EXPECT_TRUE(report->packets[0].pages_missing.empty());
  for (const PacketScan& packet : report->packets) EXPECT_TRUE(packet.marked_returned);
  for (const PacketEntry& entry : packets()) {
    EXPECT_EQ(entry.stage, PacketStage::kReturned);
    EXPECT_EQ(entry.packet.returned_ms(), 1'800'000'000'000);
  }

  // Again, with the smeared page named by hand: nothing is recorded twice.
  auto again =
      scan({temp_ / "shuffled.pdf", smeared, flipped, blank},
           {PageAssignment{
               .file = smeared, .code = display_packet_code(summary_.codes[0]), .packet_page = 4}},
           1'900'000'000'000);
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(find_page(*again, smeared)->outcome, PageOutcome::kAssigned);
  EXPECT_EQ(again->pages_read(), 11u);
  const PacketScan* first = find_packet(*again, summary_.codes[0]);
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(first->pages_missing.empty());
  for (const PacketScan& packet : again->packets) {
    EXPECT_FALSE(packet.marked_returned);
    EXPECT_EQ(packet.stage_before, PacketStage::kReturned);
  }
  for (const PacketEntry& entry : packets()) {
    EXPECT_EQ(entry.packet.returned_ms(), 1'800'000'000'000) << "returned once";
    EXPECT_EQ(entry.packet.reviewed_ms(), 0) << "scores are proposed, not recorded";
  }
}

TEST_F(ScanTest, AnUnreadableScanSaysWhyAndRecordsNothing) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  std::filesystem::path blank = temp_ / "blank.png", smudge = temp_ / "smudge.jpg",
                        text = temp_ / "notes.txt", sliver = temp_ / "sliver.png";
  run_tool("{ convert -size 1240x1754 xc:white " + q(blank) + " & convert " +
           q(page_image(0, 1, "smudge-page")) + " -blur 0x10 " + q(smudge) +
           " & convert -size 1x5000 xc:white " + q(sliver) + " & wait; }");
  std::ofstream(text) << "not a scan";
  auto report = scan({blank, smudge, text, sliver});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->pages_read(), 0u);
  ASSERT_EQ(report->pages.size(), 4u);
  EXPECT_EQ(report->pages[0].reason, "a blank page: no QR code");
  EXPECT_EQ(report->pages[1].reason,
            "no QR code found; name the page with --assign FILE:PAGE=CODE:N");
  EXPECT_EQ(report->pages[2].page_in_file, 0u);
  EXPECT_EQ(report->pages[2].reason,
            text.string() + ": not a PDF, PNG or JPEG file; scan the pages to one of those");
  EXPECT_EQ(report->pages[3].reason,
            "the image is too small or too narrow to be a scanned page; scan whole pages at "
            "150 dpi or more");
  EXPECT_TRUE(report->packets.empty());
  for (const PacketEntry& entry : packets()) EXPECT_EQ(entry.stage, PacketStage::kIssued);

  // A page named by hand must be among the files, with a code this node printed.
  auto missing_page = scan(
      {blank}, {PageAssignment{
                   .file = blank, .page_in_file = 2, .code = summary_.codes[0], .packet_page = 1}});
  EXPECT_EQ(missing_page.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(missing_page.status().message(),
            "--assign " + blank.string() + ":2: no such page among the scanned files");
  auto unknown =
      scan({blank}, {PageAssignment{.file = blank, .code = "2222-2222", .packet_page = 1}});
  EXPECT_EQ(unknown.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(unknown.status().message().rfind("no packet with code 2222-2222 on this node", 0), 0u)
      << unknown.status().message();
  // A page named twice, and a page of a PDF of several named without its number, are refused
  // before any page is scanned.
  const std::string first = display_packet_code(summary_.codes[0]),
                    second = display_packet_code(summary_.codes[1]);
  auto twice =
      scan({blank},
           {PageAssignment{.file = blank, .code = first, .packet_page = 1},
            PageAssignment{
                .file = blank, .page_in_file = 1, .code = summary_.codes[1], .packet_page = 2}});
  EXPECT_EQ(twice.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(twice.status().message(),
            "--assign " + blank.string() + ":1: the page is named twice (page 1 of packet " +
                first + ", and page 2 of packet " + second + "); name each page once");
  const std::filesystem::path set = temp_ / "set.pdf";
  auto no_page = scan({set}, {PageAssignment{.file = set, .code = first, .packet_page = 1}});
  EXPECT_EQ(no_page.status().kind(), Status::Kind::kInvalid);
  const std::string set_pages = std::to_string(3 * layout_.pages + summary_.teacher_pages);
  EXPECT_EQ(no_page.status().message(),
            "--assign " + set.string() + "=" + first + ":1: " + set.string() + " has " + set_pages +
                " pages; say which one with FILE:PAGE=CODE:N, e.g. " + set.string() + ":" +
                set_pages + "=" + first + ":1 for its last page");
  for (const PacketEntry& entry : packets()) EXPECT_EQ(entry.stage, PacketStage::kIssued);

  // A page named by hand counts as handed back even when its image is unusable, and says
  // that nothing on it was read.
  auto sliver_named =
      scan({sliver},
           {PageAssignment{
               .file = sliver, .page_in_file = 1, .code = summary_.codes[0], .packet_page = 1}});
  ASSERT_TRUE(sliver_named.is_ok()) << sliver_named.status().message();
  ASSERT_EQ(sliver_named->pages.size(), 1u);
  EXPECT_EQ(sliver_named->pages[0].outcome, PageOutcome::kAssigned);
  EXPECT_EQ(sliver_named->pages[0].reason,
            "nothing on it was read: the image is too small or too narrow to be a scanned page; "
            "scan whole pages at 150 dpi or more");
  ASSERT_EQ(sliver_named->packets.size(), 1u);
  EXPECT_EQ(sliver_named->packets[0].pages_read, std::vector<uint32_t>{1});
}

// --assign names a page whose QR code is read: when the two disagree the page is not taken, as
// either may be the mistake; when they agree it is read by its QR code.
TEST_F(ScanTest, AnAssignThatDisagreesWithAReadableQrCodeTakesNeither) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const std::filesystem::path pdf = temp_ / "d.pdf";
  run_tool("pdfseparate -l 3 " + q(temp_ / "set.pdf") + " " + q(temp_ / "d%d.pdf") +
           " && pdfunite " + q(temp_ / "d1.pdf") + " " + q(temp_ / "d2.pdf") + " " +
           q(temp_ / "d3.pdf") + " " + q(pdf));
  const std::string first = display_packet_code(summary_.codes[0]),
                    second = display_packet_code(summary_.codes[1]);
  auto report = scan(
      {pdf}, {PageAssignment{.file = pdf, .page_in_file = 3, .code = second, .packet_page = 3}});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  const ScannedPage* third = find_page(*report, pdf, 3);
  EXPECT_EQ(third->outcome, PageOutcome::kUnreadable);
  EXPECT_EQ(third->code, "");
  EXPECT_EQ(third->reason, "its QR code says page 3 of packet " + first + ", but --assign " +
                               pdf.string() + ":3 said page 3 of packet " + second +
                               "; nothing was recorded for it: check the page, and drop or "
                               "correct that --assign");
  ASSERT_EQ(report->packets.size(), 1u) << "the packet --assign named is not returned";
  EXPECT_EQ(report->packets[0].code, summary_.codes[0]);
  EXPECT_EQ(report->packets[0].pages_read, (std::vector<uint32_t>{1, 2}));
  for (const PacketEntry& entry : packets()) {
    EXPECT_EQ(entry.stage, entry.packet.code() == summary_.codes[0] ? PacketStage::kReturned
                                                                    : PacketStage::kIssued);
  }

  auto agreeing = scan(
      {pdf}, {PageAssignment{.file = pdf, .page_in_file = 3, .code = first, .packet_page = 3}});
  ASSERT_TRUE(agreeing.is_ok()) << agreeing.status().message();
  EXPECT_EQ(find_page(*agreeing, pdf, 3)->outcome, PageOutcome::kRead);
  EXPECT_EQ(find_page(*agreeing, pdf, 3)->reason, "");
  ASSERT_EQ(agreeing->packets.size(), 1u);
  EXPECT_EQ(agreeing->packets[0].pages_read, (std::vector<uint32_t>{1, 2, 3}));
}

// Two students' pages photographed side by side, and two pages printed two to a sheet: which
// answers are whose is anyone's guess, so neither page is taken; the reason names both.
TEST_F(ScanTest, AnImageOfTwoPagesIsNotReadAndNamesBoth) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const uint32_t sheet = layout_.answers_first;
  const std::filesystem::path left = page_image(0, sheet, "left"),
                              right = page_image(1, sheet, "right");
  const std::filesystem::path side_by_side = temp_ / "side-by-side.png",
                              two_to_a_sheet = temp_ / "two-to-a-sheet.png";
  run_tool("{ convert " + q(left) + " " + q(right) + " +append " + degrade("-rotate 1") + " " +
           q(side_by_side) + " & convert " + q(left) + " " + q(right) +
           " +append -resize 1754x1240 " + q(two_to_a_sheet) + " & wait; }");
  auto report = scan({side_by_side, two_to_a_sheet});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  const std::string both =
      "2 pages' QR codes on one image (page " + std::to_string(sheet) + " of packet " +
      display_packet_code(summary_.codes[1]) + ", page " + std::to_string(sheet) + " of packet " +
      display_packet_code(summary_.codes[0]) + "): scan or photograph each page on its own";
  for (const std::filesystem::path& image : {side_by_side, two_to_a_sheet}) {
    EXPECT_EQ(find_page(*report, image)->outcome, PageOutcome::kUnreadable) << image;
    EXPECT_EQ(find_page(*report, image)->reason, both) << image;
  }
  EXPECT_TRUE(report->packets.empty());
  for (const PacketEntry& entry : packets()) EXPECT_EQ(entry.stage, PacketStage::kIssued);
}

// A phone's photo cut off in transfer decodes with its lower part grey, QR code and bubbles
// lost: it is refused as damaged, not taken for a page without a code.
TEST_F(ScanTest, AJpegCutShortInTransferIsSaidToBeDamaged) {
  ASSERT_NO_FATAL_FAILURE(export_task(kChoicesTask, 6));
  const std::filesystem::path whole = temp_ / "whole.jpg", cut = temp_ / "cut.jpg";
  run_tool("convert " + q(page_image(0, layout_.answers_first, "cut-page")) + " -quality 85 " +
           q(whole));
  const std::string bytes = testing::slurp(whole);
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  auto report = scan({whole, cut});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(find_page(*report, whole)->outcome, PageOutcome::kRead);
  EXPECT_EQ(find_page(*report, cut)->outcome, PageOutcome::kUnreadable);
  EXPECT_EQ(find_page(*report, cut)->reason,
            cut.string() +
                ": the file is damaged or cut short: its image ends early (Premature end of JPEG "
                "file); copy it from the scanner or phone again");
}

}  // namespace
}  // namespace parta::paper
