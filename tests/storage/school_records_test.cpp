// SchoolRecords: the school's rules — consent before distance learning, lesson length by grade,
// one-working-day consultation deadlines, all-or-nothing idempotent roster import, results.
#include "parta/storage/school_records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>

#include "parta/storage/local_time.h"
#include "parta/storage/scopes.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

Date day(std::string_view text) { return parse_date(text).value(); }

class SchoolRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "Europe/Moscow", 1);  // UTC+3 all year: deadlines in a school's local time
    tzset();
    auto store =
        Store::create(StoreOptions{.dir = temp_.path(), .clock = &clock_}, "Школа №5", "school");
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    store_ = std::move(*store);
    records_ = std::make_unique<SchoolRecords>(*store_, WorkingCalendar({day("2026-11-04")}));
  }

  RosterRow row(std::string last, std::string first, std::string class_text,
                std::optional<Date> consent = std::nullopt) {
    return RosterRow{.line = 2,
                     .last_name = std::move(last),
                     .first_name = std::move(first),
                     .middle_name = "",
                     .class_name = parse_class_name(class_text).value(),
                     .birth_date = day("2013-05-01"),
                     .consent_date = consent,
                     .has_access = std::nullopt};
  }

  RecordKey student_named(std::string_view last) {
    RecordKey found;
    EXPECT_TRUE(store_->read([&](const ReadView& view) {
      return view.for_each_indexed(IndexId::kStudentByName,
                                   utf8_to_upper_ru(last) + std::string(1, '\0'),
                                   [&](auto, auto key) {
                                     found = RecordKey::from_bytes(key).value();
                                     return false;
                                   });
    }).is_ok());
    return found;
  }

  // Every student's full name, sorted by bytes.
  std::vector<std::string> student_names() {
    std::vector<std::string> names;
    EXPECT_TRUE(
        store_
            ->read([&](const ReadView& view) {
              return view.for_each(RecordType::kStudent, "", [&](auto, std::string_view value) {
                records::Student student;
                EXPECT_TRUE(student.ParseFromArray(value.data(), static_cast<int>(value.size())));
                names.push_back(student_full_name(student));
                return true;
              });
            })
            .is_ok());
    std::sort(names.begin(), names.end());
    return names;
  }

  TempDir temp_;
  ManualClock clock_{SystemClock::instance().now_unix_ms()};  // the store's; tests may set it
  std::unique_ptr<Store> store_;
  std::unique_ptr<SchoolRecords> records_;
};

TEST_F(SchoolRecordsTest, ImportingTheSameRosterTwiceAddsNothing) {
  std::vector<RosterRow> rows = {row("Иванов", "Иван", "7Б", day("2026-09-01")),
                                 row("Ёлкина", "Алёна", "7 б"), row("Петров", "Пётр", "5А")};
  auto first = records_->import_roster(rows, "test");
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  EXPECT_EQ(first->students_added, 3);
  EXPECT_EQ(first->classes_created, 2);  // «7Б» and «7 б» are one class
  EXPECT_EQ(first->consents_recorded, 1);
  auto second = records_->import_roster(rows, "test");
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->students_added, 0);
  EXPECT_EQ(second->students_unchanged, 3);
  EXPECT_EQ(second->classes_created, 0);
  EXPECT_EQ(second->consents_recorded, 0);
}

TEST_F(SchoolRecordsTest, ReimportMovesAStudentToTheNewClass) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б")}, "test").is_ok());
  auto moved = records_->import_roster({row("Иванов", "Иван", "8Б")}, "test");
  ASSERT_TRUE(moved.is_ok());
  EXPECT_EQ(moved->students_updated, 1);
  records::Student student;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.get(RecordType::kStudent, student_named("Иванов").bytes(), &student);
  }).is_ok());
  EXPECT_EQ(student.class_group(), records_->find_group("8Б").value().to_string());
}

// School systems often write ё as е: a roster that does is the same students, and the roster,
// the school's record of its students, sets how their names are written.
TEST_F(SchoolRecordsTest, ReimportWritingYeForYoKeepsOneStudentInTheRostersSpelling) {
  ASSERT_TRUE(
      records_->import_roster({row("Семёнов", "Пётр", "7Б"), row("Ёлкина", "Алёна", "7Б")}, "test")
          .is_ok());
  const RecordKey semyonov = student_named("Семёнов");
  auto plain =
      records_->import_roster({row("Семенов", "Петр", "7Б"), row("Ёлкина", "Алёна", "7Б")}, "test");
  ASSERT_TRUE(plain.is_ok()) << plain.status().message();
  EXPECT_EQ(plain->students_added, 0);
  EXPECT_EQ(plain->students_updated, 1);
  EXPECT_EQ(plain->students_unchanged, 1);
  ASSERT_EQ(plain->respelled.size(), 1u);
  EXPECT_EQ(plain->respelled[0].was, "Семёнов Пётр");
  EXPECT_EQ(plain->respelled[0].now, "Семенов Петр");
  EXPECT_EQ(student_names(), (std::vector<std::string>{"Ёлкина Алёна", "Семенов Петр"}));
  EXPECT_EQ(student_named("Семенов"), semyonov);

  // Letter case alone renames nobody: a roster in capitals is the same spelling.
  auto capitals = records_->import_roster({row("СЕМЕНОВ", "ПЕТР", "7Б")}, "test");
  ASSERT_TRUE(capitals.is_ok()) << capitals.status().message();
  EXPECT_EQ(capitals->students_unchanged, 1);
  EXPECT_TRUE(capitals->respelled.empty());
  auto back = records_->import_roster({row("Семёнов", "Пётр", "8Б")}, "test");
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back->students_updated, 1);
  ASSERT_EQ(back->respelled.size(), 1u);
  EXPECT_EQ(back->respelled[0].now, "Семёнов Пётр");
  EXPECT_EQ(student_names(), (std::vector<std::string>{"Ёлкина Алёна", "Семёнов Пётр"}));
  EXPECT_EQ(student_named("Семёнов"), semyonov);
  EXPECT_EQ(student_named("Семенов"), RecordKey()) << "the name index follows the spelling";
  // A roster in capitals without ё takes the ё out and leaves the case as stored.
  auto shouting = records_->import_roster({row("СЕМЕНОВ", "ПЕТР", "8Б")}, "test");
  ASSERT_TRUE(shouting.is_ok()) << shouting.status().message();
  ASSERT_EQ(shouting->respelled.size(), 1u);
  EXPECT_EQ(shouting->respelled[0].now, "Семенов Петр");
  EXPECT_EQ(student_names(), (std::vector<std::string>{"Ёлкина Алёна", "Семенов Петр"}));
  EXPECT_TRUE(store_->verify().is_ok());
}

// Two records that an earlier release made of one student, «Пётр» and «Петр»: each spelling
// finds its own record, and neither is renamed into the other's.
TEST_F(SchoolRecordsTest, AStudentRecordedInBothSpellingsKeepsEachSpellingsRecord) {
  ASSERT_TRUE(store_
                  ->write([&](WriteTxn& txn) -> Status {
                    auto group = txn.new_key();
                    records::Group seven_b;
                    seven_b.set_name("7Б");
                    seven_b.set_grade(7);
                    seven_b.set_letter("Б");
                    seven_b.set_school(store_->node().school.to_string());
                    const std::string scope = school_scope(store_->node().school);
                    PARTA_RETURN_IF_ERROR(
                        txn.put(RecordType::kGroup, group.bytes(), seven_b, scope));
                    for (std::string_view first : {"Петр", "Пётр"}) {
                      records::Student student;
                      student.set_last_name("Петров");
                      student.set_first_name(std::string(first));
                      student.set_birth_date(day("2013-05-01").days_since_epoch);
                      student.set_class_group(group.to_string());
                      student.set_home_school(store_->node().school.to_string());
                      PARTA_RETURN_IF_ERROR(
                          txn.put(RecordType::kStudent, txn.new_key().bytes(), student, scope));
                    }
                    return Status::ok();
                  })
                  .is_ok());
  for (std::string_view first : {"Пётр", "Петр"}) {
    auto summary = records_->import_roster({row("Петров", std::string(first), "7Б")}, "test");
    ASSERT_TRUE(summary.is_ok()) << summary.status().message();
    EXPECT_EQ(summary->students_unchanged, 1) << first;
    EXPECT_TRUE(summary->respelled.empty()) << first;
  }
  EXPECT_EQ(student_names(), (std::vector<std::string>{"Петров Петр", "Петров Пётр"}));
}

TEST_F(SchoolRecordsTest, DistanceGroupNeedsTheParentsConsent) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б")}, "test").is_ok());
  RecordKey student = student_named("Иванов");
  auto group = records_->add_group("Физика онлайн", /*distance=*/true, 7);
  ASSERT_TRUE(group.is_ok());
  Status refused = records_->enrol(*group, student);
  EXPECT_EQ(refused.kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.message().find("Иванов Иван"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("no parent's written consent"), std::string::npos);
  EXPECT_NE(refused.message().find("parta consent record --student s"), std::string::npos);

  ASSERT_TRUE(records_->record_consent(student, day("2026-09-01"), "paper", "завуч").is_ok());
  EXPECT_TRUE(records_->enrol(*group, student).is_ok());
  EXPECT_TRUE(records_->enrol(*group, student).is_ok());  // enrolling twice is harmless
}

TEST_F(SchoolRecordsTest, AConsentIsNotDatedInTheFutureNorBeforeTheBirthDate) {
  clock_.set(local_time_ms(day("2026-11-26"), 23 * 3600));  // late evening, local time
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б")}, "test").is_ok());
  const RecordKey student = student_named("Иванов");  // born 01.05.2013
  Status future = records_->record_consent(student, day("2026-11-27"), "paper", "завуч");
  EXPECT_EQ(future.kind(), Status::Kind::kInvalid);
  EXPECT_NE(future.message().find("Иванов Иван (s"), std::string::npos) << future.message();
  EXPECT_NE(future.message().find("consent date \"27.11.2026\" is in the future"),
            std::string::npos)
      << future.message();
  Status unborn = records_->record_consent(student, day("2013-04-30"), "paper", "завуч");
  EXPECT_EQ(unborn.kind(), Status::Kind::kInvalid);
  EXPECT_NE(unborn.message().find("born 01.05.2013): consent date \"30.04.2013\" is before the "
                                  "birth date"),
            std::string::npos)
      << unborn.message();
  records::Consent consent;
  EXPECT_EQ(store_
                ->read([&](const ReadView& view) {
                  return view.get(RecordType::kConsent, student.bytes(), &consent);
                })
                .kind(),
            Status::Kind::kNotFound);

  EXPECT_TRUE(records_->record_consent(student, day("2013-05-01"), "paper", "завуч").is_ok());
  EXPECT_TRUE(records_->record_consent(student, day("2026-11-26"), "paper", "завуч").is_ok());
  // Today is the school's local day: at 01:00 in Moscow it is the 27th, though not yet in UTC.
  clock_.set(local_time_ms(day("2026-11-27"), 1 * 3600));
  EXPECT_TRUE(records_->record_consent(student, day("2026-11-27"), "paper", "завуч").is_ok());
}

TEST_F(SchoolRecordsTest, EnrollingInAClassIsRefusedForTheRosterDecidesTheClass) {
  ASSERT_TRUE(
      records_->import_roster({row("Иванов", "Иван", "9А", day("2026-09-01"))}, "test").is_ok());
  auto group = records_->add_group("7Б", /*distance=*/false, std::nullopt);
  ASSERT_TRUE(group.is_ok());
  const RecordKey student = student_named("Иванов");
  Status refused = records_->enrol(*group, student);
  EXPECT_EQ(refused.kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.message().find("«7Б» is a class: a student's class comes from the roster "
                                   "import"),
            std::string::npos)
      << refused.message();
  EXPECT_NE(refused.message().find("Enrolment is for distance groups"), std::string::npos);
  int enrolled = 0;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) {
                    return view.for_each(RecordType::kEnrolment, group->bytes(),
                                         [&](auto, auto) { return ++enrolled, true; });
                  })
                  .is_ok());
  EXPECT_EQ(enrolled, 0);
  records::Student record;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) {
                    return view.get(RecordType::kStudent, student.bytes(), &record);
                  })
                  .is_ok());
  EXPECT_EQ(record.class_group(), records_->find_group("9А").value().to_string());
}

TEST_F(SchoolRecordsTest, ExpectedTimeFollowsTheGrade) {
  auto minutes_for = [&](std::string_view class_name) {
    auto group = records_->add_group(class_name, false, std::nullopt);
    EXPECT_TRUE(group.is_ok()) << group.status().message();
    auto key = records_->add_assignment(AssignmentSpec{.group = *group, .subject = "Математика",
                                                       .title = "Дроби",
                                                       .issue_date = day("2026-11-20"),
                                                       .due_date = day("2026-11-27")});
    EXPECT_TRUE(key.is_ok()) << key.status().message();
    records::Assignment assignment;
    EXPECT_TRUE(store_->read([&](const ReadView& view) {
      return view.get(RecordType::kAssignment, key->bytes(), &assignment);
    }).is_ok());
    return assignment.expected_minutes();
  };
  EXPECT_EQ(minutes_for("1А"), 15u);
  EXPECT_EQ(minutes_for("4Б"), 15u);
  EXPECT_EQ(minutes_for("5А"), 20u);
  EXPECT_EQ(minutes_for("9В"), 20u);
  EXPECT_EQ(minutes_for("10А"), 30u);
  EXPECT_EQ(minutes_for("11"), 30u);
}

TEST_F(SchoolRecordsTest, DistanceGroupWithoutGradeUsesItsYoungestStudents) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "3А", day("2026-09-01")),
                                       row("Петров", "Пётр", "10А", day("2026-09-01"))},
                                      "test").is_ok());
  auto group = records_->add_group("Кружок шахмат", true, std::nullopt);
  ASSERT_TRUE(group.is_ok());
  AssignmentSpec spec{.group = *group, .subject = "Шахматы", .title = "Мат в два хода",
                      .issue_date = day("2026-11-20"), .due_date = day("2026-11-27")};
  EXPECT_EQ(records_->add_assignment(spec).status().kind(), Status::Kind::kInvalid);
  ASSERT_TRUE(records_->enrol(*group, student_named("Петров")).is_ok());
  ASSERT_TRUE(records_->enrol(*group, student_named("Иванов")).is_ok());
  auto key = records_->add_assignment(spec);
  ASSERT_TRUE(key.is_ok());
  records::Assignment assignment;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.get(RecordType::kAssignment, key->bytes(), &assignment);
  }).is_ok());
  EXPECT_EQ(assignment.expected_minutes(), 15u);
}

int64_t moscow_ms(std::string_view date, int hour) {
  return local_time_ms(day(date), hour * 3600LL);
}

TEST_F(SchoolRecordsTest, ConsultationDeadlineIsOneWorkingDayLater) {
  // Tuesday 15:00 -> Wednesday 15:00.
  EXPECT_EQ(records_->consultation_deadline_ms(moscow_ms("2026-11-24", 15)),
            moscow_ms("2026-11-25", 15));
  // Friday 15:00 -> Monday 15:00.
  EXPECT_EQ(records_->consultation_deadline_ms(moscow_ms("2026-11-27", 15)),
            moscow_ms("2026-11-30", 15));
  // Tuesday 3 November before the 4 November holiday -> Thursday.
  EXPECT_EQ(records_->consultation_deadline_ms(moscow_ms("2026-11-03", 10)),
            moscow_ms("2026-11-05", 10));
  // Saturday -> by the end of Monday.
  EXPECT_EQ(records_->consultation_deadline_ms(moscow_ms("2026-11-28", 11)),
            moscow_ms("2026-12-01", 0));
}

TEST_F(SchoolRecordsTest, ConsultationIsAnsweredOnce) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б")}, "test").is_ok());
  auto key = records_->open_consultation(student_named("Иванов"), std::nullopt,
                                         "Как решать уравнения?", moscow_ms("2026-11-24", 15));
  ASSERT_TRUE(key.is_ok());
  ASSERT_TRUE(records_
                  ->answer_consultation(*key, "Перенесите x влево", moscow_ms("2026-11-25", 9),
                                        "Петрова М. И.")
                  .is_ok());
  records::Consultation consultation;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.get(RecordType::kConsultation, key->bytes(), &consultation);
  }).is_ok());
  EXPECT_EQ(consultation.question(), "Как решать уравнения?");
  EXPECT_EQ(consultation.answer(), "Перенесите x влево");
  EXPECT_EQ(consultation.answered_by(), "Петрова М. И.");
  EXPECT_EQ(consultation.deadline_ms(), moscow_ms("2026-11-25", 15));
  EXPECT_EQ(records_->answer_consultation(*key, "ещё", moscow_ms("2026-11-25", 10), "").kind(),
            Status::Kind::kRefused);
}

TEST_F(SchoolRecordsTest, ResultsAreRecordedAndCheckedAgainstTheMaximum) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б")}, "test").is_ok());
  auto assignment = records_->add_assignment(
      AssignmentSpec{.group = records_->find_group("7Б").value(), .subject = "Русский язык",
                     .title = "Диктант", .issue_date = day("2026-11-20"),
                     .due_date = day("2026-11-27"), .max_score = 5});
  ASSERT_TRUE(assignment.is_ok());
  ResultSpec spec{.student = student_named("Иванов"), .assignment = *assignment, .score = 6};
  EXPECT_EQ(records_->record_result(spec).status().kind(), Status::Kind::kInvalid);
  spec.score = 4;
  spec.review_text = "Проверь безударные гласные";
  spec.channel = "paper";
  auto keys = records_->record_result(spec);
  ASSERT_TRUE(keys.is_ok());
  int by_student = 0;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.for_each_indexed(IndexId::kSubmissionByStudent, spec.student.bytes(),
                                 [&](auto, auto) { return ++by_student, true; });
  }).is_ok());
  EXPECT_EQ(by_student, 1);
  records::Review review;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.get(RecordType::kReview, keys->review.bytes(), &review);
  }).is_ok());
  EXPECT_EQ(review.score(), 4u);
  EXPECT_EQ(review.text(), "Проверь безударные гласные");
}

TEST_F(SchoolRecordsTest, ResultsAreRecordedOnlyForTheStudentsTheAssignmentIsFor) {
  ASSERT_TRUE(records_
                  ->import_roster({row("Иванов", "Иван", "7Б"),
                                   row("Сидоров", "Сидор", "9А", day("2026-09-01"))},
                                  "test")
                  .is_ok());
  auto class_assignment =
      records_->add_assignment(AssignmentSpec{.group = records_->find_group("7Б").value(),
                                              .subject = "Русский язык",
                                              .title = "Диктант",
                                              .issue_date = day("2026-11-20"),
                                              .due_date = day("2026-11-27")});
  ASSERT_TRUE(class_assignment.is_ok());
  const RecordKey outsider = student_named("Сидоров");
  auto refused = records_->record_result(
      ResultSpec{.student = outsider, .assignment = *class_assignment, .score = 5});
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  const std::string& message = refused.status().message();
  EXPECT_NE(message.find("Сидоров Сидор (s"), std::string::npos) << message;
  EXPECT_NE(message.find("is not in group «7Б»"), std::string::npos) << message;
  EXPECT_NE(message.find("the student's class is «9А»"), std::string::npos) << message;
  EXPECT_NE(message.find("importing the new roster"), std::string::npos) << message;
  EXPECT_TRUE(
      records_
          ->record_result(ResultSpec{
              .student = student_named("Иванов"), .assignment = *class_assignment, .score = 5})
          .is_ok());
  // Moved to another class after handing the dictation in: it is still reviewed again.
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "8А")}, "test").is_ok());
  EXPECT_TRUE(
      records_
          ->record_result(ResultSpec{
              .student = student_named("Иванов"), .assignment = *class_assignment, .score = 4})
          .is_ok());

  // A distance group's assignment is for those enrolled in it, and for them only.
  auto group = records_->add_group("Физика онлайн", /*distance=*/true, 9);
  ASSERT_TRUE(group.is_ok());
  auto distance_assignment =
      records_->add_assignment(AssignmentSpec{.group = *group,
                                              .subject = "Физика",
                                              .title = "Плотность",
                                              .issue_date = day("2026-11-20"),
                                              .due_date = day("2026-11-27")});
  ASSERT_TRUE(distance_assignment.is_ok());
  ResultSpec distance{.student = outsider, .assignment = *distance_assignment, .score = 4};
  refused = records_->record_result(distance);
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.status().message().find(
                "enrol the student first: parta group enrol --group \"Физика онлайн\" --student s"),
            std::string::npos)
      << refused.status().message();
  int submissions = 0;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) {
                    return view.for_each_indexed(IndexId::kSubmissionByStudent, outsider.bytes(),
                                                 [&](auto, auto) { return ++submissions, true; });
                  })
                  .is_ok());
  EXPECT_EQ(submissions, 0);  // nothing of the refused results was written
  ASSERT_TRUE(records_->enrol(*group, outsider).is_ok());
  EXPECT_TRUE(records_->record_result(distance).is_ok());
}

TEST_F(SchoolRecordsTest, AttendanceIsNotMarkedForADayAfterToday) {
  clock_.set(local_time_ms(day("2026-11-26"), 23 * 3600));
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б")}, "test").is_ok());
  const RecordKey class_key = records_->find_group("7Б").value();
  Status one =
      records_->mark_attendance(student_named("Иванов"), day("2026-11-27"), AttendanceStatus::kIll);
  EXPECT_EQ(one.kind(), Status::Kind::kInvalid);
  EXPECT_EQ(one.message(),
            "attendance date 27.11.2026 is after today (26.11.2026): mark a day's attendance on "
            "that day or later");
  EXPECT_EQ(
      records_->mark_class_attendance(class_key, day("2026-11-27"), AttendanceStatus::kPresent)
          .status()
          .kind(),
      Status::Kind::kInvalid);
  int marks = 0;
  ASSERT_TRUE(store_
                  ->read([&](const ReadView& view) {
                    return view.for_each(RecordType::kAttendance, "",
                                         [&](auto, auto) { return ++marks, true; });
                  })
                  .is_ok());
  EXPECT_EQ(marks, 0);

  EXPECT_EQ(
      records_->mark_class_attendance(class_key, day("2026-11-26"), AttendanceStatus::kPresent)
          .value()
          .marked,
      1);
  clock_.set(local_time_ms(day("2026-11-27"), 1 * 3600));  // the 27th in Moscow, not yet in UTC
  EXPECT_TRUE(
      records_->mark_attendance(student_named("Иванов"), day("2026-11-27"), AttendanceStatus::kIll)
          .is_ok());
}

TEST_F(SchoolRecordsTest, MarkingTheSameDayAgainOverwrites) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б"), row("Петров", "Пётр", "7Б")},
                                      "test").is_ok());
  RecordKey class_key = records_->find_group("7-б").value();
  EXPECT_EQ(
      records_->mark_class_attendance(class_key, day("2026-11-25"), AttendanceStatus::kPresent)
          .value()
          .marked,
      2);
  ASSERT_TRUE(records_->mark_attendance(student_named("Иванов"), day("2026-11-25"),
                                        AttendanceStatus::kIll).is_ok());
  std::vector<std::string> statuses;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.for_each_indexed(
        IndexId::kAttendanceByDateClass, day_key(day("2026-11-25").days_since_epoch),
        [&](auto, auto key) {
          records::Attendance attendance;
          EXPECT_TRUE(view.get(RecordType::kAttendance, key, &attendance).is_ok());
          statuses.push_back(attendance.status());
          return true;
        });
  }).is_ok());
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), "ill"), 1);
  EXPECT_TRUE(store_->verify().is_ok());
}

TEST_F(SchoolRecordsTest, AClassMarkKeepsTheMarksMadeEarlierThatDay) {
  ASSERT_TRUE(records_
                  ->import_roster({row("Иванов", "Иван", "7Б"), row("Петров", "Пётр", "7Б"),
                                   row("Сидоров", "Сидор", "7Б")},
                                  "test")
                  .is_ok());
  const Date date = day("2026-11-25");
  ASSERT_TRUE(
      records_->mark_attendance(student_named("Иванов"), date, AttendanceStatus::kIll).is_ok());
  ASSERT_TRUE(
      records_->mark_attendance(student_named("Петров"), date, AttendanceStatus::kRemote).is_ok());
  const RecordKey class_key = records_->find_group("7Б").value();
  auto summary = records_->mark_class_attendance(class_key, date, AttendanceStatus::kPresent);
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  EXPECT_EQ(summary->marked, 1);
  EXPECT_EQ(summary->kept, 2);
  EXPECT_EQ(summary->kept_by_status, (std::map<std::string, int>{{"ill", 1}, {"remote", 1}}));
  auto status_of = [&](std::string_view last_name) {
    records::Attendance attendance;
    EXPECT_TRUE(store_
                    ->read([&](const ReadView& view) {
                      return view.get(
                          RecordType::kAttendance,
                          student_named(last_name).to_string() + day_key(date.days_since_epoch),
                          &attendance);
                    })
                    .is_ok());
    return attendance.status();
  };
  EXPECT_EQ(status_of("Иванов"), "ill");
  EXPECT_EQ(status_of("Петров"), "remote");
  EXPECT_EQ(status_of("Сидоров"), "present");

  // Again: everyone has a mark now, and keeps it.
  summary = records_->mark_class_attendance(class_key, date, AttendanceStatus::kRemote);
  ASSERT_TRUE(summary.is_ok());
  EXPECT_EQ(summary->marked, 0);
  EXPECT_EQ(summary->kept, 3);
  EXPECT_EQ(status_of("Сидоров"), "present");
  // Unless the whole class is marked again on purpose (it was marked wrongly).
  summary = records_->mark_class_attendance(class_key, date, AttendanceStatus::kRemote,
                                            /*replace=*/true);
  ASSERT_TRUE(summary.is_ok());
  EXPECT_EQ(summary->marked, 3);
  EXPECT_EQ(summary->kept, 0);
  EXPECT_EQ(status_of("Иванов"), "remote");
  EXPECT_EQ(status_of("Сидоров"), "remote");
  // Another day starts unmarked.
  EXPECT_EQ(
      records_->mark_class_attendance(class_key, day("2026-11-24"), AttendanceStatus::kPresent)
          .value()
          .marked,
      3);
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

// Applies to `store` the ops of another school's node that imported `row`, as a hub receives
// its attached schools' students and classes.
void receive_other_schools_student(Store& store, const RosterRow& row) {
  TempDir other_dir;
  auto other = Store::create(StoreOptions{.dir = other_dir.path()}, "Школа №9", "school");
  ASSERT_TRUE(other.is_ok());
  SchoolRecords other_records(**other, WorkingCalendar({}));
  ASSERT_TRUE(other_records.import_roster({row}, "test").is_ok());
  std::vector<oplog::Op> ops;
  ASSERT_TRUE((*other)->read([&](const ReadView& view) {
    return view.for_each_op((*other)->node().origin, 1, [&](const oplog::Op& op) {
      ops.push_back(op);
      return true;
    });
  }).is_ok());
  ASSERT_TRUE(store.apply_remote(ops).is_ok());
}

// A hub holds every attached school's classes and students: its own roster must not touch them.
TEST_F(SchoolRecordsTest, ARosterNeverMatchesAnotherSchoolsClassOrStudent) {
  // Now this node holds their 7Б and Иванов.
  ASSERT_NO_FATAL_FAILURE(receive_other_schools_student(*store_, row("Иванов", "Иван", "7Б")));

  auto summary = records_->import_roster({row("Иванов", "Иван", "7Б")}, "test");
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  EXPECT_EQ(summary->students_added, 1);
  EXPECT_EQ(summary->classes_created, 1);
  RecordKey own_class = records_->find_group("7Б").value();
  records::Group group;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.get(RecordType::kGroup, own_class.bytes(), &group);
  }).is_ok());
  EXPECT_EQ(group.school(), store_->node().school.to_string());
  EXPECT_TRUE(records_->add_group("8А", false, std::nullopt).is_ok());
}

// The hub teaches a distance group with an attached school's student in it: the enrolment
// makes them one of those its assignments are for.
TEST_F(SchoolRecordsTest, AHubRecordsResultsForAnotherSchoolsEnrolledStudent) {
  ASSERT_NO_FATAL_FAILURE(
      receive_other_schools_student(*store_, row("Иванов", "Иван", "7Б", day("2026-09-01"))));
  auto group = records_->add_group("Астрономия", /*distance=*/true, 7);
  ASSERT_TRUE(group.is_ok());
  auto assignment = records_->add_assignment(AssignmentSpec{.group = *group,
                                                            .subject = "Астрономия",
                                                            .title = "Фазы Луны",
                                                            .issue_date = day("2026-11-20"),
                                                            .due_date = day("2026-11-27")});
  ASSERT_TRUE(assignment.is_ok());
  ResultSpec spec{.student = student_named("Иванов"), .assignment = *assignment, .score = 5};
  EXPECT_EQ(records_->record_result(spec).status().kind(), Status::Kind::kRefused);
  ASSERT_TRUE(records_->enrol(*group, spec.student).is_ok());
  auto recorded = records_->record_result(spec);
  EXPECT_TRUE(recorded.is_ok()) << recorded.status().message();
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

TEST_F(SchoolRecordsTest, EnrollingSeveralIsAllOrNothing) {
  ASSERT_TRUE(records_->import_roster({row("Иванов", "Иван", "7Б", day("2026-09-01")),
                                       row("Петров", "Пётр", "7Б")},
                                      "test").is_ok());
  auto group = records_->add_group("Физика онлайн", true, 7);
  ASSERT_TRUE(group.is_ok());
  const RecordKey students[] = {student_named("Иванов"), student_named("Петров")};
  Status status = records_->enrol(*group, students);
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("Петров Пётр"), std::string::npos) << status.message();
  int enrolled = 0;
  ASSERT_TRUE(store_->read([&](const ReadView& view) {
    return view.for_each(RecordType::kEnrolment, group->bytes(),
                         [&](auto, auto) { return ++enrolled, true; });
  }).is_ok());
  EXPECT_EQ(enrolled, 0);  // Иванов, who has consent, was not enrolled alone
}

}  // namespace
}  // namespace parta
