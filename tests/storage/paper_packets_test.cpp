// PaperPackets: an export records one packet per student, all or none; a packet is found by
// the code printed on its pages; returning it with a score records the student's paper result
// in the same transaction; overdue means past the due date and not returned.
#include "parta/storage/paper_packets.h"

#include <gtest/gtest.h>

#include "parta/storage/packet_code.h"
#include "parta/storage/scopes.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

Date day(std::string_view text) { return parse_date(text).value(); }

class PaperPacketsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::create(StoreOptions{.dir = temp_.path()}, "Школа №5", "school");
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    store_ = std::move(*store);
    records_ = std::make_unique<SchoolRecords>(*store_, WorkingCalendar({}));
    packets_ = std::make_unique<PaperPackets>(*records_);
    auto imported = records_->import_roster(
        {row("Гончаренко-Сабурова", "Анна-Мария"), row("Ёжиков", "Пётр")}, "test");
    ASSERT_TRUE(imported.is_ok()) << imported.status().message();
    group_ = records_->find_group("7Б").value();
    auto assignment = records_->add_assignment(AssignmentSpec{.group = group_,
                                                              .subject = "Математика",
                                                              .title = "Дроби",
                                                              .issue_date = day("2026-11-20"),
                                                              .due_date = day("2026-11-27")});
    ASSERT_TRUE(assignment.is_ok()) << assignment.status().message();
    assignment_ = *assignment;
    ASSERT_TRUE(store_
                    ->read([&](const ReadView& view) {
                      return view.for_each_indexed(
                          IndexId::kStudentByClass, group_.bytes(),
                          [&](auto, std::string_view key) {
                            students_.push_back(RecordKey::from_bytes(key).value());
                            return true;
                          });
                    })
                    .is_ok());
    ASSERT_EQ(students_.size(), 2u);
  }

  static RosterRow row(std::string last, std::string first) {
    return RosterRow{.line = 2,
                     .last_name = std::move(last),
                     .first_name = std::move(first),
                     .class_name = parse_class_name("7Б").value(),
                     .birth_date = day("2013-05-01")};
  }

  std::vector<RecordKey> export_two(std::string first_code = "K7MX3HTA",
                                    std::string second_code = "22334455") {
    std::vector<PacketIssue> issues = {{students_[0], first_code, 4},
                                       {students_[1], second_code, 6}};
    auto keys = packets_->record_export(assignment_, issues, 1'000, "Ёлкина М. И.");
    EXPECT_TRUE(keys.is_ok()) << keys.status().message();
    return keys.is_ok() ? *keys : std::vector<RecordKey>{};
  }

  std::vector<PacketEntry> list(PacketFilter filter = {}) {
    auto entries = packets_->list(filter);
    EXPECT_TRUE(entries.is_ok()) << entries.status().message();
    return entries.is_ok() ? *entries : std::vector<PacketEntry>{};
  }

  TempDir temp_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SchoolRecords> records_;
  std::unique_ptr<PaperPackets> packets_;
  RecordKey group_;
  RecordKey assignment_;
  std::vector<RecordKey> students_;
};

TEST_F(PaperPacketsTest, AnExportRecordsOnePacketPerStudentInTheirSchoolScope) {
  auto keys = export_two();
  ASSERT_EQ(keys.size(), 2u);
  auto entries = list({.assignment = assignment_});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].key, keys[0]);
  EXPECT_EQ(entries[0].packet.code(), "K7MX3HTA");
  EXPECT_EQ(entries[0].packet.page_count(), 4u);
  EXPECT_EQ(entries[0].packet.issued_by(), "Ёлкина М. И.");
  EXPECT_EQ(entries[0].stage, PacketStage::kIssued);
  EXPECT_EQ(entries[0].class_name, "7Б");
  EXPECT_EQ(entries[0].assignment.title(), "Дроби");
  EXPECT_EQ(entries[1].packet.page_count(), 6u);
  uint64_t scoped_ops = 0;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) -> Status {
                    return view.for_each_scoped_op(
                        school_scope(store_->node().school), store_->node().origin, 0,
                        [&](const oplog::Op& op) {
                          scoped_ops +=
                              op.record_type() == static_cast<uint32_t>(RecordType::kPacket);
                          return true;
                        });
                  })
                  .is_ok());
  EXPECT_EQ(scoped_ops, 2u);
  EXPECT_TRUE(store_->verify().is_ok());
}

TEST_F(PaperPacketsTest, AnExportIsAllOrNothing) {
  export_two();
  std::vector<PacketIssue> reuses_a_code = {{students_[0], "MMMMMMMM", 2},
                                            {students_[1], "K7MX3HTA", 2}};
  auto refused = packets_->record_export(assignment_, reuses_a_code, 2'000, "");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.status().message().find("K7MX-3HTA"), std::string::npos);
  std::vector<PacketIssue> odd = {{students_[0], "MMMMMMMM", 3}};
  EXPECT_EQ(packets_->record_export(assignment_, odd, 2'000, "").status().kind(),
            Status::Kind::kInvalid);
  EXPECT_EQ(list().size(), 2u);
  EXPECT_EQ(packets_->find_by_code("MMMM-MMMM").status().kind(), Status::Kind::kNotFound);
}

TEST_F(PaperPacketsTest, UnusedCodesAreDistinctAndNotHeldByAnyPacket) {
  export_two();
  // The bits that draw a given code: its characters are base-18 digits, lowest first.
  auto bits_of = [](std::string_view code) {
    uint64_t bits = 0;
    for (size_t i = code.size(); i-- > 0;) bits = bits * 18 + kPacketCodeAlphabet.find(code[i]);
    return bits;
  };
  ASSERT_EQ(packet_code_from_bits(bits_of("K7MX3HTA")), "K7MX3HTA");
  // A source that draws a taken code first, then repeats itself.
  std::vector<uint64_t> draws = {bits_of("K7MX3HTA"), 0, 0, 1, 1, 2};
  size_t next = 0;
  auto codes = packets_->unused_codes(3, [&] { return draws[next++]; });
  ASSERT_TRUE(codes.is_ok()) << codes.status().message();
  EXPECT_EQ(*codes, (std::vector<std::string>{packet_code_from_bits(0), packet_code_from_bits(1),
                                              packet_code_from_bits(2)}));
  auto stuck = packets_->unused_codes(2, [] { return uint64_t{7}; });
  EXPECT_EQ(stuck.status().kind(), Status::Kind::kIO);
}

TEST_F(PaperPacketsTest, APacketIsFoundByItsCodeAsTyped) {
  auto keys = export_two();
  EXPECT_EQ(packets_->find_by_code("K7MX-3HTA").value(), keys[0]);
  EXPECT_EQ(packets_->find_by_code("к7мх зНТА").value(), keys[0]);  // Russian layout
  EXPECT_EQ(packets_->find_by_code("2233-4455").value(), keys[1]);
  auto unknown = packets_->find_by_code("MMMM-MMMM");
  EXPECT_EQ(unknown.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(unknown.status().message().find("no packet with code MMMM-MMMM"), std::string::npos);
  EXPECT_EQ(packets_->find_by_code("hello").status().kind(), Status::Kind::kInvalid);
}

TEST_F(PaperPacketsTest, ReturnWithAScoreRecordsThePaperResultAndReviewsThePacket) {
  auto keys = export_two();
  ASSERT_TRUE(packets_->mark_handed_out(keys[0], 2'000, "Ёлкина").is_ok());
  EXPECT_EQ(packets_->mark_handed_out(keys[0], 2'500, "Ёлкина").kind(), Status::Kind::kRefused);
  auto returned = packets_->mark_returned(keys[0], 4, "Хорошо, но проверь №3", 3'000, "Ёлкина");
  ASSERT_TRUE(returned.is_ok()) << returned.status().message();
  ASSERT_TRUE(returned->result.has_value());

  records::Submission submission;
  records::Review review;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) -> Status {
                    PARTA_RETURN_IF_ERROR(view.get(RecordType::kSubmission,
                                                   returned->result->submission.bytes(),
                                                   &submission));
                    return view.get(RecordType::kReview, returned->result->review.bytes(), &review);
                  })
                  .is_ok());
  EXPECT_EQ(submission.channel(), "paper");
  EXPECT_EQ(submission.student(), students_[0].to_string());
  EXPECT_EQ(submission.assignment(), assignment_.to_string());
  EXPECT_EQ(review.score(), 4u);
  EXPECT_EQ(review.text(), "Хорошо, но проверь №3");

  auto entries = list({.assignment = assignment_});
  EXPECT_EQ(entries[0].stage, PacketStage::kReviewed);
  EXPECT_EQ(entries[0].packet.handed_out_ms(), 2'000);
  EXPECT_EQ(entries[0].packet.returned_ms(), 3'000);
  EXPECT_EQ(entries[0].packet.reviewed_ms(), 3'000);
  EXPECT_EQ(entries[0].packet.submission(), returned->result->submission.to_string());
  EXPECT_EQ(entries[1].stage, PacketStage::kIssued);

  auto again = packets_->mark_returned(keys[0], 5, "", 4'000, "");
  EXPECT_EQ(again.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(again.status().message().find("reviewed already"), std::string::npos);
  EXPECT_TRUE(store_->verify().is_ok());
}

TEST_F(PaperPacketsTest, ReturnWithoutAScoreThenWithOne) {
  auto keys = export_two();
  auto returned = packets_->mark_returned(keys[1], std::nullopt, "", 3'000, "Ёлкина");
  ASSERT_TRUE(returned.is_ok()) << returned.status().message();
  EXPECT_FALSE(returned->result.has_value());
  EXPECT_EQ(list({.student = students_[1]})[0].stage, PacketStage::kReturned);
  EXPECT_EQ(packets_->mark_returned(keys[1], std::nullopt, "", 3'500, "").status().kind(),
            Status::Kind::kRefused);
  auto too_high = packets_->mark_returned(keys[1], 6, "", 3'600, "");
  EXPECT_EQ(too_high.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(list({.student = students_[1]})[0].stage, PacketStage::kReturned);  // unchanged
  auto reviewed = packets_->mark_returned(keys[1], 5, "Отлично", 4'000, "Ёлкина");
  ASSERT_TRUE(reviewed.is_ok()) << reviewed.status().message();
  auto entry = list({.student = students_[1]})[0];
  EXPECT_EQ(entry.stage, PacketStage::kReviewed);
  EXPECT_EQ(entry.packet.returned_ms(), 3'000);  // the day it came back stays
}

TEST_F(PaperPacketsTest, OverdueMeansPastTheDueDayAndNotReturned) {
  auto keys = export_two();
  ASSERT_TRUE(packets_->mark_returned(keys[0], std::nullopt, "", 3'000, "").is_ok());
  EXPECT_TRUE(list({.overdue_only = true, .today = day("2026-11-27")}).empty());
  auto overdue = list({.overdue_only = true, .today = day("2026-11-28")});
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].key, keys[1]);
  EXPECT_TRUE(overdue[0].overdue);
  EXPECT_EQ(list({.today = day("2026-11-28")}).size(), 2u);
}

// A student who handed the work in has nothing to do on a new packet, which would also stand
// overdue: the export that would issue one is refused, whole.
TEST_F(PaperPacketsTest, AStudentWhoseWorkCameBackGetsNoNewPacket) {
  auto keys = export_two();
  ASSERT_TRUE(packets_->mark_returned(keys[0], 4, "", 1'699'964'000'000, "Ёлкина").is_ok());
  auto came_back = packets_->came_back(assignment_);
  ASSERT_TRUE(came_back.is_ok()) << came_back.status().message();
  ASSERT_EQ(came_back->size(), 1u);
  EXPECT_EQ(came_back->at(students_[0].to_string()).code(), "K7MX3HTA");

  std::vector<PacketIssue> both = {{students_[0], "MMMMMMMM", 2}, {students_[1], "HHHHHHHH", 2}};
  auto refused = packets_->record_export(assignment_, both, 1'699'964'100'000, "");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_EQ(refused.status().message().find("Гончаренко-Сабурова Анна-Мария (s"), 0u)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("has handed in assignment a"), std::string::npos);
  EXPECT_NE(refused.status().message().find("packet K7MX-3HTA came back on 14.11.2023"),
            std::string::npos)
      << refused.status().message();
  EXPECT_EQ(list().size(), 2u) << "all or nothing";

  // The other student's packet is still out: a new one replaces it, as ever.
  std::vector<PacketIssue> other = {{students_[1], "HHHHHHHH", 2}};
  auto again = packets_->record_export(assignment_, other, 1'699'964'100'000, "");
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  auto entries = list({.student = students_[1]});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].stage, PacketStage::kSuperseded);
  EXPECT_EQ(packets_->came_back(assignment_)->size(), 1u);
}

TEST_F(PaperPacketsTest, StudentAccessIsRecorded) {
  ASSERT_TRUE(records_->set_student_access(students_[0], false).is_ok());
  records::Student student;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) {
                    return view.get(RecordType::kStudent, students_[0].bytes(), &student);
                  })
                  .is_ok());
  EXPECT_EQ(student.has_access(), 2);
  ASSERT_TRUE(records_->set_student_access(students_[0], true).is_ok());
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) {
                    return view.get(RecordType::kStudent, students_[0].bytes(), &student);
                  })
                  .is_ok());
  EXPECT_EQ(student.has_access(), 1);
  EXPECT_EQ(records_->set_student_access(RecordKey(1, 999), false).kind(), Status::Kind::kNotFound);
}

}  // namespace
}  // namespace parta
