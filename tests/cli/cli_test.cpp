// The `parta` command-line contract, run as a real process against a real node: what other
// tools and tests rely on (--dir/PARTA_DIR, --json arrays with snake_case keys, ids printed by
// add commands, errors on stderr with a non-zero exit, --help everywhere).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "cli_runner.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::TempDir;

const std::string kRosters = std::string(PARTA_TEST_DATA_DIR) + "/rosters/";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CliRun init = parta({"init", "--name", "МБОУ «СОШ №3»", "--role", "school"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  CliRun parta(std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", (temp_ / "node").string()});
    return testing::run_parta(temp_.path(), args);
  }

  // Runs a listing with --json and returns its array.
  google::protobuf::ListValue list_json(std::vector<std::string> args) {
    args.push_back("--json");
    CliRun run = parta(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    google::protobuf::ListValue list;
    auto status = google::protobuf::util::JsonStringToMessage(run.out, &list);
    EXPECT_TRUE(status.ok()) << run.out;
    return list;
  }

  static std::string text(const google::protobuf::Value& object, const std::string& key) {
    return object.struct_value().fields().at(key).string_value();
  }
  static double number(const google::protobuf::Value& object, const std::string& key) {
    return object.struct_value().fields().at(key).number_value();
  }

  std::string student_id(const std::string& last_name) {
    auto students = list_json({"list", "students"});
    for (const auto& student : students.values()) {
      if (text(student, "last_name") == last_name) return text(student, "id");
    }
    ADD_FAILURE() << "no student " << last_name;
    return "";
  }

  TempDir temp_;
};

TEST_F(CliTest, ImportsRostersAndListsStudentsAsJson) {
  CliRun cp1251 = parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"});
  ASSERT_EQ(cp1251.exit_code, 0) << cp1251.err;
  CliRun utf8 = parta({"roster", "import", kRosters + "school_utf8_bom_comma.csv"});
  ASSERT_EQ(utf8.exit_code, 0) << utf8.err;
  auto students = list_json({"list", "students", "--class", "5 а"});
  ASSERT_EQ(students.values_size(), 2);
  const auto& first = students.values(0);
  EXPECT_EQ(text(first, "last_name"), "Алексеев");
  EXPECT_EQ(text(first, "first_name"), "Дмитрий");
  EXPECT_EQ(text(first, "middle_name"), "Игоревич");
  EXPECT_EQ(text(first, "class"), "5А");
  EXPECT_EQ(number(first, "grade"), 5);
  EXPECT_EQ(text(first, "id").rfind("s", 0), 0u);
  auto groups = list_json({"list", "groups"});
  EXPECT_GE(groups.values_size(), 4);  // classes named in the rosters exist as groups
}

TEST_F(CliTest, ImportingTheSameFileTwiceAddsNothing) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  int before = list_json({"list", "students"}).values_size();
  CliRun again = parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 students added"), std::string::npos) << again.out;
  EXPECT_EQ(list_json({"list", "students"}).values_size(), before);
}

TEST_F(CliTest, ARosterWithBadRowsImportsNothingAndNamesTheLines) {
  CliRun bad = parta({"roster", "import", kRosters + "school_with_mistakes.csv"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(bad.err.find("line 3: birth date \"31.02.2012\" is not a real date"), std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("nothing imported"), std::string::npos);
  EXPECT_EQ(list_json({"list", "students"}).values_size(), 0);
}

// Two rows for one student in two classes: the file is refused naming both lines, not
// imported with one of the classes picked.
TEST_F(CliTest, AStudentListedTwiceImportsNothingAndNamesBothLines) {
  const std::string roster = (temp_ / "roster.csv").string();
  std::ofstream(roster) << "Фамилия;Имя;Отчество;Класс;Дата рождения\n"
                           "Иванов;Иван;Иванович;7Б;01.03.2013\n"
                           "Иванов;Иван;Иванович;8А;01.03.2013\n";
  CliRun twice = parta({"roster", "import", roster});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.out, "");
  EXPECT_NE(twice.err.find("roster.csv: 1 bad row, nothing imported:\n  line 3: the same student "
                           "as line 2 (Иванов Иван Иванович, 01.03.2013), but in class 8А where "
                           "line 2 has 7Б\n"),
            std::string::npos)
      << twice.err;
  EXPECT_EQ(list_json({"list", "students"}).values_size(), 0);
}

// Another school system's export writes ё as е: the same students, now spelled as it does.
TEST_F(CliTest, ARosterWritingYeForYoRespellsAndSaysWhom) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  const int before = list_json({"list", "students"}).values_size();
  const std::string semyonov = student_id("Семёнов");
  const std::string roster = (temp_ / "roster.csv").string();
  std::ofstream(roster) << "Фамилия;Имя;Класс;Дата рождения\n"
                           "Семенов;Федор;7Б;30.12.2012\n";
  CliRun plain = parta({"roster", "import", roster});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out,
            "roster.csv: 0 students added, 1 updated, 0 unchanged; 0 classes created; 0 consents "
            "recorded.\nNames now spelled as in roster.csv (students match with е and ё as one "
            "letter): Семёнов Фёдор → Семенов Федор.\n");
  EXPECT_EQ(list_json({"list", "students"}).values_size(), before);
  EXPECT_EQ(student_id("Семенов"), semyonov);
}

TEST_F(CliTest, AssignmentsResultsAttendanceAndConsultationsRoundTrip) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  CliRun added = parta({"assignment", "add", "--group", "7-б", "--subject", "Математика",
                        "--title", "Дроби «простые»", "--due", "2026-12-01"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::string assignment = added.out.substr(0, added.out.find('\n'));
  auto assignments = list_json({"list", "assignments"});
  ASSERT_EQ(assignments.values_size(), 1);
  EXPECT_EQ(text(assignments.values(0), "id"), assignment);
  EXPECT_EQ(text(assignments.values(0), "group"), "7Б");
  EXPECT_EQ(text(assignments.values(0), "title"), "Дроби «простые»");
  EXPECT_EQ(text(assignments.values(0), "due"), "2026-12-01");
  EXPECT_EQ(number(assignments.values(0), "expected_minutes"), 20);

  std::string student = student_id("Ёлкина");
  CliRun result = parta({"result", "record", "--student", student, "--assignment", assignment,
                         "--score", "4", "--review", "Проверь вычисления", "--channel", "paper"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto results = list_json({"list", "results", "--student", student});
  ASSERT_EQ(results.values_size(), 1);
  EXPECT_EQ(text(results.values(0), "student_id"), student);
  EXPECT_EQ(text(results.values(0), "assignment_id"), assignment);
  EXPECT_EQ(number(results.values(0), "score"), 4);
  // Both filters at once keep only what both name; a filter naming nothing this node holds
  // says so instead of listing nothing.
  CliRun second = parta({"assignment", "add", "--group", "7Б", "--subject", "Математика", "--title",
                         "Степени", "--due", "2026-12-02"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  std::string second_assignment = second.out.substr(0, second.out.find('\n'));
  ASSERT_EQ(parta({"result", "record", "--student", student, "--assignment", second_assignment,
                   "--score", "5"})
                .exit_code,
            0);
  EXPECT_EQ(list_json({"list", "results", "--student", student}).values_size(), 2);
  auto both =
      list_json({"list", "results", "--student", student, "--assignment", second_assignment});
  ASSERT_EQ(both.values_size(), 1);
  EXPECT_EQ(text(both.values(0), "assignment_id"), second_assignment);
  CliRun unknown = parta({"list", "results", "--student", "s999999"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no student s999999 on this node"), std::string::npos) << unknown.err;

  ASSERT_EQ(parta({"attendance", "mark", "--date", "25.11.2026", "--class", "7Б", "--status",
                   "present"}).exit_code, 0);
  ASSERT_EQ(parta({"attendance", "mark", "--date", "2026-11-25", "--student", student,
                   "--status", "ill"}).exit_code, 0);
  auto attendance = list_json({"list", "attendance", "--date", "2026-11-25", "--class", "7Б"});
  int ill = 0;
  for (const auto& mark : attendance.values()) ill += text(mark, "status") == "ill";
  EXPECT_EQ(ill, 1);

  CliRun opened = parta({"consultation", "open", "--student", student, "--question", "Как?"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  std::string consultation = opened.out.substr(0, opened.out.find('\n'));
  EXPECT_EQ(list_json({"list", "consultations", "--overdue"}).values_size(), 0);
  ASSERT_EQ(
      parta({"consultation", "answer", consultation, "--text", "Так.", "--by", "Петрова М. И."})
          .exit_code,
      0);
  auto consultations = list_json({"list", "consultations"});
  ASSERT_EQ(consultations.values_size(), 1);
  EXPECT_EQ(text(consultations.values(0), "answer"), "Так.");
  EXPECT_EQ(text(consultations.values(0), "answered_by"), "Петрова М. И.");
}

TEST_F(CliTest, DistanceEnrolmentWithoutConsentIsRefusedWithWhatToDo) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  CliRun group = parta({"group", "add", "--name", "Физика онлайн", "--distance", "--grade", "9"});
  ASSERT_EQ(group.exit_code, 0) << group.err;
  std::string no_consent = student_id("Белова");  // the roster's consent column is empty
  CliRun refused = parta({"group", "enrol", "--group", "Физика онлайн", "--student", no_consent});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("no parent's written consent"), std::string::npos) << refused.err;
  ASSERT_EQ(parta({"consent", "record", "--student", no_consent, "--date", "20.11.2026",
                   "--form", "paper"}).exit_code, 0);
  EXPECT_EQ(parta({"group", "enrol", "--group", "Физика онлайн", "--student", no_consent})
                .exit_code, 0);
}

TEST_F(CliTest, MarkingAClassKeepsTheMarksMadeEarlierThatDay) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  ASSERT_EQ(parta({"attendance", "mark", "--date", "25.11.2026", "--student", student_id("Ёлкина"),
                   "--status", "ill"})
                .exit_code,
            0);
  ASSERT_EQ(parta({"attendance", "mark", "--date", "25.11.2026", "--student", student_id("Семёнов"),
                   "--status", "remote"})
                .exit_code,
            0);
  CliRun marked =
      parta({"attendance", "mark", "--date", "25.11.2026", "--class", "7Б", "--status", "present"});
  ASSERT_EQ(marked.exit_code, 0) << marked.err;
  EXPECT_EQ(marked.out,
            "Marked 1 student of 7Б present on 25.11.2026; kept 2 marked earlier that day "
            "(ill 1, remote 1): mark them one by one with --student to change them, or the whole "
            "class again with --replace.\n");
  std::map<std::string, std::string> statuses;
  const auto marks = list_json({"list", "attendance", "--date", "2026-11-25", "--class", "7Б"});
  for (const auto& mark : marks.values()) statuses[text(mark, "student")] = text(mark, "status");
  EXPECT_EQ(statuses,
            (std::map<std::string, std::string>{{"Ёлкина Алёна Сергеевна", "ill"},
                                                {"Петрова-Водкина Мария Кузьминична", "present"},
                                                {"Семёнов Фёдор", "remote"}}));
  // A class marked wrongly is marked again whole with --replace; --replace needs --class.
  CliRun replaced = parta({"attendance", "mark", "--date", "25.11.2026", "--class", "7Б",
                           "--status", "remote", "--replace"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(replaced.out, "Marked 3 students of 7Б remote on 25.11.2026.\n");
  const auto remarked = list_json({"list", "attendance", "--date", "2026-11-25", "--class", "7Б"});
  for (const auto& mark : remarked.values()) {
    EXPECT_EQ(text(mark, "status"), "remote") << text(mark, "student");
  }
  EXPECT_EQ(parta({"attendance", "mark", "--date", "25.11.2026", "--student", student_id("Семёнов"),
                   "--status", "ill", "--replace"})
                .exit_code,
            2);
  CliRun other_day =
      parta({"attendance", "mark", "--date", "24.11.2026", "--class", "7Б", "--status", "present"});
  EXPECT_EQ(other_day.out, "Marked 3 students of 7Б present on 24.11.2026.\n");
}

TEST_F(CliTest, AClassMarkOfADistanceGroupIsRefused) {
  ASSERT_EQ(
      parta({"group", "add", "--name", "Физика онлайн", "--distance", "--grade", "9"}).exit_code,
      0);
  CliRun marked = parta({"attendance", "mark", "--class", "Физика онлайн", "--status", "present"});
  EXPECT_EQ(marked.exit_code, 1);
  EXPECT_NE(marked.err.find("«Физика онлайн» is a distance group, not a class"), std::string::npos)
      << marked.err;
}

TEST_F(CliTest, AttendanceForADayAfterTodayIsRefused) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  for (std::vector<std::string> whom : {std::vector<std::string>{"--class", "7Б"},
                                        std::vector<std::string>{"--student", student_id("Ким")}}) {
    std::vector<std::string> args = {"attendance", "mark",     "--date",
                                     "01.09.2099", "--status", "present"};
    args.insert(args.end(), whom.begin(), whom.end());
    CliRun refused = parta(args);
    EXPECT_EQ(refused.exit_code, 1) << whom[0];
    EXPECT_TRUE(refused.out.empty());
    EXPECT_NE(refused.err.find("attendance date 01.09.2099 is after today"), std::string::npos)
        << refused.err;
  }
  EXPECT_EQ(list_json({"list", "attendance", "--date", "2099-09-01"}).values_size(), 0);
  CliRun today = parta({"attendance", "mark", "--class", "7Б", "--status", "present"});
  EXPECT_EQ(today.exit_code, 0) << today.err;
}

TEST_F(CliTest, AConsentDatedInTheFutureOrBeforeTheBirthDateIsRefused) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  const std::string kim = student_id("Ким");  // born 09.08.2010, consent of 20.09.2026
  CliRun future =
      parta({"consent", "record", "--student", kim, "--date", "01.01.2100", "--form", "paper"});
  EXPECT_EQ(future.exit_code, 1);
  EXPECT_TRUE(future.out.empty());
  EXPECT_NE(future.err.find("Ким Виктор Сергеевич (" + kim +
                            ", born 09.08.2010): consent date "
                            "\"01.01.2100\" is in the future"),
            std::string::npos)
      << future.err;
  CliRun unborn =
      parta({"consent", "record", "--student", kim, "--date", "2010-08-08", "--form", "paper"});
  EXPECT_EQ(unborn.exit_code, 1);
  EXPECT_NE(unborn.err.find("consent date \"08.08.2010\" is before the birth date"),
            std::string::npos)
      << unborn.err;
  auto students = list_json({"list", "students", "--class", "10"});
  ASSERT_EQ(students.values_size(), 1);
  EXPECT_EQ(text(students.values(0), "consent"), "2026-09-20");  // as it was
}

TEST_F(CliTest, EnrollingInAClassIsRefusedAndLeavesTheClassAsItWas) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  auto class_size = [&](const std::string& name) {
    const auto groups = list_json({"list", "groups"});
    for (const auto& group : groups.values()) {
      if (text(group, "name") == name) return number(group, "students");
    }
    ADD_FAILURE() << "no group " << name;
    return -1.0;
  };
  const double before = class_size("7Б");
  CliRun refused = parta({"group", "enrol", "--group", "7Б", "--student", student_id("Ким")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(refused.out.empty());
  EXPECT_NE(refused.err.find("«7Б» is a class: a student's class comes from the roster import"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("parta roster import FILE"), std::string::npos) << refused.err;
  EXPECT_EQ(class_size("7Б"), before);
  auto kim = list_json({"list", "students", "--class", "10"});
  ASSERT_EQ(kim.values_size(), 1);
  EXPECT_EQ(text(kim.values(0), "last_name"), "Ким");
}

TEST_F(CliTest, AResultForAStudentOutsideTheAssignmentsGroupIsRefused) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  CliRun added = parta({"assignment", "add", "--group", "7Б", "--subject", "Математика", "--title",
                        "Дроби", "--due", "2026-12-01"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::string assignment = added.out.substr(0, added.out.find('\n'));
  std::string outsider = student_id("Ким");  // class 10, with a parent's consent
  CliRun refused = parta(
      {"result", "record", "--student", outsider, "--assignment", assignment, "--score", "5"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(refused.out.empty());
  EXPECT_NE(refused.err.find("Ким Виктор Сергеевич (" + outsider +
                             ") is not in group «7Б», "
                             "which assignment " +
                             assignment +
                             " is for: the student's class "
                             "is «10»"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(list_json({"list", "results"}).values_size(), 0);

  ASSERT_EQ(
      parta({"group", "add", "--name", "Физика онлайн", "--distance", "--grade", "9"}).exit_code,
      0);
  CliRun distance = parta({"assignment", "add", "--group", "Физика онлайн", "--subject", "Физика",
                           "--title", "Плотность", "--due", "2026-12-01"});
  ASSERT_EQ(distance.exit_code, 0) << distance.err;
  std::string distance_assignment = distance.out.substr(0, distance.out.find('\n'));
  std::vector<std::string> record = {
      "result",  "record", "--student", outsider, "--assignment", distance_assignment,
      "--score", "4"};
  CliRun not_enrolled = parta(record);
  EXPECT_EQ(not_enrolled.exit_code, 1);
  EXPECT_NE(
      not_enrolled.err.find("parta group enrol --group \"Физика онлайн\" --student " + outsider),
      std::string::npos)
      << not_enrolled.err;
  ASSERT_EQ(parta({"group", "enrol", "--group", "Физика онлайн", "--student", outsider}).exit_code,
            0);
  CliRun enrolled = parta(record);
  EXPECT_EQ(enrolled.exit_code, 0) << enrolled.err;
  EXPECT_EQ(list_json({"list", "results"}).values_size(), 1);
}

TEST_F(CliTest, ErrorsGoToStderrWithANonZeroExit) {
  CliRun bad_date = parta({"assignment", "add", "--group", "7Б", "--subject", "X", "--title",
                           "Y", "--due", "31.02.2026"});
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_NE(bad_date.err.find("31.02.2026"), std::string::npos) << bad_date.err;
  EXPECT_TRUE(bad_date.out.empty());

  CliRun no_node = testing::run_parta(temp_.path(), {"--dir", (temp_ / "nowhere").string(),
                                                     "list", "students"});
  EXPECT_NE(no_node.exit_code, 0);
  EXPECT_NE(no_node.err.find("parta init"), std::string::npos) << no_node.err;

  CliRun no_dir = testing::run_parta(temp_.path(), {"list", "students"});
  EXPECT_NE(no_dir.exit_code, 0);
  EXPECT_NE(no_dir.err.find("PARTA_DIR"), std::string::npos) << no_dir.err;

  CliRun unknown_student = parta({"show", "s999"});
  EXPECT_EQ(unknown_student.exit_code, 1);
  EXPECT_NE(unknown_student.err.find("no student s999"), std::string::npos) << unknown_student.err;
  // A short id names only this node's records (after a restore, the old ones need full ids).
  EXPECT_NE(unknown_student.err.find("needs its full id, like s999-1a2b3c4d"), std::string::npos)
      << unknown_student.err;
  CliRun unknown_packet = parta({"show", "pk999-00000001"});
  EXPECT_EQ(unknown_packet.err,
            "parta: no packet pk999-00000001 on this node; see 'parta packets'\n");

  // A mistake in the command is exit 1, not 3 (damaged data, the disk): a file named wrongly,
  // a name too long to store (the index key over LMDB's limit), and nothing is saved.
  CliRun no_file = parta({"roster", "import", (temp_ / "нет такого.csv").string()});
  EXPECT_EQ(no_file.exit_code, 1);
  EXPECT_NE(no_file.err.find("No such file"), std::string::npos) << no_file.err;
  std::string long_name;
  for (int i = 0; i < 300; ++i) long_name += "Г";
  CliRun too_long = parta({"group", "add", "--name", long_name, "--distance", "--grade", "5"});
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_NE(too_long.err.find("too long to store"), std::string::npos) << too_long.err;
  EXPECT_EQ(list_json({"list", "groups"}).values_size(), 0);
}

TEST_F(CliTest, PartaDirSelectsTheNode) {
  CliRun run = testing::run_parta(temp_.path(), {"list", "groups", "--json"},
                                  "PARTA_DIR=" + testing::shell_quote((temp_ / "node").string()));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "[]\n");
}

TEST_F(CliTest, EveryCommandHasHelp) {
  const std::vector<std::vector<std::string>> commands = {
      {}, {"init"}, {"roster", "import"}, {"list", "students"}, {"list", "results"},
      {"assignment", "add"}, {"result", "record"}, {"consent", "record"}, {"group", "enrol"},
      {"attendance", "mark"}, {"consultation", "open"}, {"backup"}, {"restore"}, {"check"}, {"show"}};
  for (auto command : commands) {
    command.push_back("--help");
    CliRun run = testing::run_parta(temp_.path(), command);
    EXPECT_EQ(run.exit_code, 0) << command.front();
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << run.out;
  }
}

TEST_F(CliTest, BackupCheckAndRestore) {
  ASSERT_EQ(parta({"roster", "import", kRosters + "school_cp1251_semicolon.csv"}).exit_code, 0);
  CliRun backup = parta({"backup", "--out", (temp_ / "node.bak").string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_TRUE(std::filesystem::exists(temp_ / "node.bak"));
  CliRun check = parta({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("consistent"), std::string::npos);

  auto restored = (temp_ / "restored").string();
  CliRun restore = testing::run_parta(
      temp_.path(), {"--dir", restored, "restore", "--from", (temp_ / "node.bak").string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("new node id"), std::string::npos) << restore.out;
  CliRun listed = testing::run_parta(temp_.path(), {"--dir", restored, "list", "students", "--json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out, parta({"list", "students", "--json"}).out);
  CliRun again = testing::run_parta(
      temp_.path(), {"--dir", restored, "restore", "--from", (temp_ / "node.bak").string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already holds a Parta node"), std::string::npos) << again.err;
}

}  // namespace
}  // namespace parta
