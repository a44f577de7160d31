// export_packets over a real store: a 30-student class set in roster order with even packets,
// the students it is for, and all or nothing: a failed export leaves no PDF and records nothing.
#include <gtest/gtest.h>

#include <map>

#include "parta/paper/export_packets.h"
#include "parta/storage/atomic_file.h"
#include "parta/storage/packet_code.h"
#include "parta/storage/paper_packets.h"
#include "pdf_tools.h"
#include "temp_dir.h"

namespace parta::paper {
namespace {

using testing::TempDir;

Date day(std::string_view text) { return parse_date(text).value(); }

constexpr std::string_view kLastNames[] = {
    "Яковлева", "Ёжиков",  "Абрамов", "Гончаренко-Сабурова", "Иванов", "Йылмаз",
    "Щукина",   "Ершова",  "Белов",   "Эйдельман",           "Юсупов", "Мамина-Сибиряк",
    "Лебедев",  "Фролова", "Цой"};
constexpr std::string_view kFirstNames[] = {"Анна", "Пётр"};

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::create(StoreOptions{.dir = temp_ / "node"}, "МБОУ «СОШ №3»", "school");
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    store_ = std::move(*store);
    records_ = std::make_unique<SchoolRecords>(*store_, WorkingCalendar({}));
    std::vector<RosterRow> rows;
    for (std::string_view last : kLastNames) {
      for (std::string_view first : kFirstNames) {
        rows.push_back(RosterRow{.line = static_cast<int>(rows.size()) + 2,
                                 .last_name = std::string(last),
                                 .first_name = std::string(first),
                                 .class_name = parse_class_name("5А").value(),
                                 .birth_date = day("2015-03-01"),
                                 .has_access = last != "Ёжиков"});
      }
    }
    rows.push_back(RosterRow{.line = 99,
                             .last_name = "Другой",
                             .first_name = "Класс",
                             .class_name = parse_class_name("6Б").value(),
                             .birth_date = day("2014-03-01")});
    ASSERT_TRUE(records_->import_roster(rows, "test").is_ok());
    assignment_ = add_assignment("5А", "1. Сколько будет 2 + 2?\n   - ( ) 3\n   - (x) 4\n");
  }

  RecordKey add_assignment(std::string_view group, std::string body) {
    auto key = records_->add_assignment(AssignmentSpec{.group = records_->find_group(group).value(),
                                                       .subject = "Математика",
                                                       .title = "Сложение",
                                                       .body = std::move(body),
                                                       .issue_date = day("2026-11-20"),
                                                       .due_date = day("2026-11-27")});
    EXPECT_TRUE(key.is_ok()) << key.status().message();
    return key.is_ok() ? *key : RecordKey();
  }

  ExportRequest request(RecordKey assignment) {
    uint64_t seed = 2026;
    return ExportRequest{.assignment = assignment,
                         .out = temp_ / "set.pdf",
                         .issued_ms = 1'700'000'000'000,
                         .issued_by = "Ёлкина",
                         .random_bits = [seed]() mutable {
                           return seed = seed * 6364136223846793005u + 1442695040888963407u;
                         }};
  }

  std::vector<PacketEntry> packets_list() { return packets(); }
  std::vector<PacketEntry> packets() {
    auto entries = PaperPackets(*records_).list({});
    EXPECT_TRUE(entries.is_ok());
    return entries.is_ok() ? *entries : std::vector<PacketEntry>{};
  }

  RecordKey student(std::string_view last, std::string_view first) {
    std::optional<RecordKey> found;
    EXPECT_TRUE(store_
                    ->read([&](const ReadView& view) {
                      return view.for_each_indexed(IndexId::kStudentByName,
                                                   name_index_prefix(last, first, ""),
                                                   [&](auto, auto key) {
                                                     found = RecordKey::from_bytes(key).value();
                                                     return false;
                                                   });
                    })
                    .is_ok());
    return found.value_or(RecordKey());
  }

  TempDir temp_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SchoolRecords> records_;
  RecordKey assignment_;
};

TEST_F(ExportTest, AThirtyStudentClassSetRendersInRosterOrderWithEvenPackets) {
  auto summary = export_packets(*records_, request(assignment_));
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  ASSERT_EQ(summary->packets.size(), 30u);
  uint32_t pages = summary->teacher_pages;
  for (uint32_t count : summary->packet_pages) {
    EXPECT_EQ(count % 2, 0u);
    pages += count;
  }
  EXPECT_EQ(summary->pdf_pages, pages);
  EXPECT_EQ(testing::pdf_pages(temp_ / "set.pdf"), static_cast<int>(pages));
  EXPECT_FALSE(std::filesystem::exists(temp_ / "set.pdf.pending"));

  auto recorded = packets();
  ASSERT_EQ(recorded.size(), 30u);
  std::vector<std::string> names;
  for (size_t i = 0; i < recorded.size(); ++i) {
    EXPECT_EQ(recorded[i].key, summary->packets[i]);
    EXPECT_EQ(recorded[i].packet.code(), summary->codes[i]);
    EXPECT_EQ(recorded[i].packet.page_count(), summary->packet_pages[i]);
    EXPECT_EQ(recorded[i].packet.issued_by(), "Ёлкина");
    names.push_back(student_full_name(recorded[i].student));
  }
  // A class register's order: «Ё» with «Е», hyphenated surnames as written.
  EXPECT_EQ(names[0], "Абрамов Анна");
  EXPECT_EQ(names[4], "Гончаренко-Сабурова Анна");
  EXPECT_EQ(names[6], "Ёжиков Анна");
  EXPECT_EQ(names[8], "Ершова Анна");
  EXPECT_EQ(names[29], "Яковлева Пётр");
  std::string text = testing::pdf_text(temp_ / "set.pdf");
  EXPECT_EQ(text.find("Другой Класс"), std::string::npos) << "only the assignment's group";
}

TEST_F(ExportTest, NoAccessOnlyAndOneStudent) {
  auto request_no_access = request(assignment_);
  request_no_access.no_access_only = true;
  auto no_access = export_packets(*records_, request_no_access);
  ASSERT_TRUE(no_access.is_ok()) << no_access.status().message();
  EXPECT_EQ(no_access->packets.size(), 2u);  // the two Ёжиковы
  auto one = request(assignment_);
  one.student = student("Цой", "Пётр");
  one.out = temp_ / "one.pdf";
  auto single = export_packets(*records_, one);
  ASSERT_TRUE(single.is_ok()) << single.status().message();
  ASSERT_EQ(single->packets.size(), 1u);
  EXPECT_NE(testing::pdf_text(one.out).find("Цой Пётр"), std::string::npos);
  EXPECT_EQ(packets().size(), 3u);
}

TEST_F(ExportTest, AFailedExportLeavesNoPdfAndRecordsNothing) {
  ASSERT_TRUE(write_file_atomically(temp_ / "set.pdf", "the previous export").is_ok());
  auto expect_refused = [&](ExportRequest bad, Status::Kind kind, std::string_view message) {
    auto summary = export_packets(*records_, bad);
    ASSERT_FALSE(summary.is_ok());
    EXPECT_EQ(summary.status().kind(), kind) << summary.status().message();
    EXPECT_NE(summary.status().message().find(message), std::string::npos)
        << summary.status().message();
    EXPECT_EQ(testing::slurp(temp_ / "set.pdf"), "the previous export");
    EXPECT_FALSE(std::filesystem::exists(temp_ / "set.pdf.pending"));
    EXPECT_TRUE(packets().empty());
  };
  auto missing_image = request(add_assignment("5А", "Смотри:\n\n![схема](fig.png)\n"));
  std::filesystem::create_directories(temp_ / "materials");
  missing_image.images = images_from_directory(temp_ / "materials");
  expect_refused(missing_image, Status::Kind::kNotFound,
                 ", line 3, image \"fig.png\": there is no file \"fig.png\" in the materials "
                 "folder");
  expect_refused(request(RecordKey(store_->node().origin, 9999)), Status::Kind::kNotFound,
                 "no assignment a9999");
  auto empty_group = records_->add_group("9В", false, std::nullopt);
  ASSERT_TRUE(empty_group.is_ok());
  expect_refused(request(add_assignment("9В", "Задание")), Status::Kind::kInvalid,
                 "group «9В» of assignment a");
  auto outsider = request(assignment_);
  outsider.student = student("Другой", "Класс");
  expect_refused(outsider, Status::Kind::kRefused, "Другой Класс (s");
  auto nobody = request(add_assignment("6Б", "Задание"));
  nobody.no_access_only = true;
  expect_refused(nobody, Status::Kind::kInvalid, "no student of group «6Б» is marked");
  auto unwritable = request(assignment_);
  unwritable.out = temp_ / "no-such-dir" / "set.pdf";
  auto summary = export_packets(*records_, unwritable);
  EXPECT_EQ(summary.status().kind(), Status::Kind::kIO);
  EXPECT_EQ(summary.status().message().rfind("cannot write " + unwritable.out.string() + ": ", 0),
            0u)
      << summary.status().message();
  EXPECT_TRUE(packets().empty());
}

TEST_F(ExportTest, ExportingAgainSupersedesThePacketsNotReturned) {
  auto first = export_packets(*records_, request(assignment_));
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  PaperPackets packets(*records_);
  // The first student brought the work back; the others did not.
  ASSERT_TRUE(packets.mark_returned(first->packets[0], std::nullopt, "", 1'700'000'100'000, "Ёлкина")
                  .is_ok());
  auto again_request = request(assignment_);
  again_request.issued_ms = 1'700'000'200'000;
  again_request.out = temp_ / "again.pdf";
  auto again = export_packets(*records_, again_request);
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  ASSERT_EQ(again->packets.size(), 29u) << "the work that came back is not asked for again";
  EXPECT_EQ(again->superseded,
            std::vector<std::string>(first->codes.begin() + 1, first->codes.end()));
  ASSERT_EQ(again->skipped.size(), 1u);
  EXPECT_EQ(again->skipped[0].full_name, "Абрамов Анна");
  EXPECT_EQ(again->skipped[0].code, first->codes[0]);

  std::map<RecordKey, PacketEntry> by_key;
  for (PacketEntry& entry : packets_list()) by_key[entry.key] = entry;
  ASSERT_EQ(by_key.size(), 59u);
  EXPECT_EQ(by_key[first->packets[0]].stage, PacketStage::kReturned) << "came back: kept";
  for (size_t i = 1; i < 30; ++i) {
    const PacketEntry& old = by_key[first->packets[i]];
    EXPECT_EQ(old.stage, PacketStage::kSuperseded);
    EXPECT_EQ(old.packet.superseded_by(), again->packets[i - 1].to_string());
    EXPECT_EQ(old.packet.superseded_ms(), 1'700'000'200'000);
    EXPECT_EQ(old.superseded_by_code, again->codes[i - 1]);
    EXPECT_EQ(by_key[again->packets[i - 1]].stage, PacketStage::kIssued);
  }

  auto old_return = packets.mark_returned(first->packets[1], 5, "", 1'700'000'300'000, "Ёлкина");
  EXPECT_EQ(old_return.status().kind(), Status::Kind::kRefused);
  std::string old_code = display_packet_code(first->codes[1]);
  std::string new_code = display_packet_code(again->codes[0]);
  EXPECT_EQ(old_return.status().message().rfind("packet " + old_code + " was replaced by packet " +
                                                    new_code,
                                                0),
            0u)
      << old_return.status().message();
  EXPECT_NE(old_return.status().message().find("'parta paper return " + new_code + " --score N'"),
            std::string::npos);
  EXPECT_EQ(packets.mark_handed_out(first->packets[1], 1'700'000'300'000, "Ёлкина").kind(),
            Status::Kind::kRefused);
  // The teacher's checklist names the packet each new one replaces.
  int pages = testing::pdf_pages(again_request.out);
  std::string teacher = testing::pdf_text(again_request.out, pages - static_cast<int>(again->teacher_pages) + 1, pages);
  EXPECT_NE(teacher.find("вместо пакета " + old_code), std::string::npos) << teacher;
  EXPECT_EQ(teacher.find("вместо пакета " + display_packet_code(first->codes[0])),
            std::string::npos);
}

// Work handed in, returned or reviewed, is not printed for again: asked for by name, the
// export is refused; when nobody is left, nothing is printed.
TEST_F(ExportTest, AStudentWhoseWorkCameBackIsRefusedByNameAndNotPrintedForAgain) {
  auto first = export_packets(*records_, request(assignment_));
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  PaperPackets packets(*records_);
  ASSERT_TRUE(
      packets.mark_returned(first->packets[29], 5, "", 1'699'964'000'000, "Ёлкина").is_ok());
  ASSERT_TRUE(write_file_atomically(temp_ / "one.pdf", "the previous export").is_ok());
  auto by_name = request(assignment_);
  by_name.student = student("Яковлева", "Пётр");
  by_name.out = temp_ / "one.pdf";
  auto refused = export_packets(*records_, by_name);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_EQ(refused.status().message(),
            "Яковлева Пётр (" + records_->id_text(RecordType::kStudent, *by_name.student) +
                ") has handed in assignment " +
                records_->id_text(RecordType::kAssignment, assignment_) + " already: packet " +
                display_packet_code(first->codes[29]) +
                " came back on 14.11.2023, so no new packet is printed. To have the work done "
                "again, add it as a new assignment, with its own due date");
  EXPECT_EQ(testing::slurp(temp_ / "one.pdf"), "the previous export");
  EXPECT_EQ(packets_list().size(), 30u);

  // A class of one, whose only student handed the work in: nothing to print.
  auto other_class = add_assignment("6Б", "Задание");
  auto once = request(other_class);
  once.out = temp_ / "6Б.pdf";
  auto printed = export_packets(*records_, once);
  ASSERT_TRUE(printed.is_ok()) << printed.status().message();
  ASSERT_TRUE(
      packets.mark_returned(printed->packets[0], std::nullopt, "", 1'699'964'000'000, "").is_ok());
  once.out = temp_ / "6Б-again.pdf";
  auto nobody = export_packets(*records_, once);
  ASSERT_FALSE(nobody.is_ok());
  EXPECT_EQ(nobody.status().kind(), Status::Kind::kRefused);
  EXPECT_EQ(nobody.status().message().find("the only student this export is for has handed in "
                                           "assignment a"),
            0u)
      << nobody.status().message();
  EXPECT_NE(nobody.status().message().find("nothing to print, and no PDF was written"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(once.out));
  EXPECT_EQ(packets_list().size(), 31u);
}

TEST_F(ExportTest, APacketSupersededIsNotOverdue) {
  auto first = export_packets(*records_, request(assignment_));
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  auto again_request = request(assignment_);
  again_request.out = temp_ / "again.pdf";
  ASSERT_TRUE(export_packets(*records_, again_request).is_ok());
  auto overdue = PaperPackets(*records_).list({.overdue_only = true, .today = day("2027-01-01")});
  ASSERT_TRUE(overdue.is_ok());
  EXPECT_EQ(overdue->size(), 30u) << "only the new packets are overdue";
}

}  // namespace
}  // namespace parta::paper
