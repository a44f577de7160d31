// The paper packet commands as a teacher runs them: `parta student access`, `parta export`,
// `parta packets [--overdue]`, `parta paper hand-out` and `parta paper return`, with errors on
// stderr and exit 1 for a wrong code.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli_runner.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::TempDir;

class PaperCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(parta({"init", "--name", "МБОУ «СОШ №3»", "--role", "school"}).exit_code, 0);
    CliRun imported =
        parta({"roster", "import",
               std::string(PARTA_TEST_DATA_DIR) + "/rosters/school_cp1251_semicolon.csv"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  CliRun parta(std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", (temp_ / "node").string()});
    return testing::run_parta(temp_.path(), args);
  }

  google::protobuf::ListValue json(std::vector<std::string> args) {
    args.push_back("--json");
    CliRun run = parta(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    google::protobuf::ListValue list;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(run.out, &list).ok()) << run.out;
    return list;
  }

  static std::string field(const google::protobuf::Value& row, const std::string& key) {
    const auto& value = row.struct_value().fields().at(key);
    if (value.has_number_value()) return std::to_string(static_cast<int>(value.number_value()));
    if (value.has_bool_value()) return value.bool_value() ? "true" : "false";
    return value.string_value();
  }

  std::string student(const std::string& last_name) {
    auto students = json({"list", "students"});
    for (const auto& row : students.values()) {
      if (field(row, "last_name") == last_name) return field(row, "id");
    }
    ADD_FAILURE() << "no student " << last_name;
    return "";
  }

  std::string add_assignment(const std::string& due) {
    std::ofstream(temp_ / "task.md") << "1. Сколько будет 2 + 2?\n   - ( ) 3\n   - (x) 4\n";
    CliRun added = parta({"assignment", "add", "--group", "7Б", "--subject", "Математика",
                          "--title", "Сложение", "--issued", "2026-01-10", "--due", due,
                          "--body-file", (temp_ / "task.md").string()});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    return added.out.substr(0, added.out.find('\n'));
  }

  TempDir temp_;
};

TEST_F(PaperCliTest, ExportPrintsPagesAndPacketsAndListsThem) {
  std::string assignment = add_assignment("2099-12-01");
  std::string pdf = (temp_ / "7Б.pdf").string();
  CliRun exported = parta({"export", "--assignment", assignment, "--out", pdf, "--by", "Ёлкина"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("3 packet(s), 13 pages (12 for the students, 1 for the teacher)"),
            std::string::npos)
      << exported.out;
  EXPECT_TRUE(std::filesystem::exists(pdf));
  auto packets = json({"packets", "--assignment", assignment});
  ASSERT_EQ(packets.values_size(), 3);
  EXPECT_EQ(field(packets.values(0), "student"), "Ёлкина Алёна Сергеевна");
  EXPECT_EQ(field(packets.values(0), "class"), "7Б");
  EXPECT_EQ(field(packets.values(0), "pages"), "4");
  EXPECT_EQ(field(packets.values(0), "stage"), "issued");
  EXPECT_EQ(field(packets.values(0), "due"), "2099-12-01");
  EXPECT_EQ(field(packets.values(0), "overdue"), "false");
  EXPECT_EQ(field(packets.values(0), "code").size(), 9u);  // "K7MX-3HTA"
  EXPECT_EQ(field(packets.values(1), "student"), "Петрова-Водкина Мария Кузьминична");
  EXPECT_EQ(json({"packets", "--overdue"}).values_size(), 0);
}

TEST_F(PaperCliTest, TaskImagesComeFromTheAssignmentsMaterials) {
  std::ofstream(temp_ / "task.md") << "Рассмотри рисунок.\n\n![Карта](карта.png)\n\n"
                                      "1. Какой это материк?\n";
  CliRun added = parta({"assignment", "add", "--group", "7Б", "--subject", "География",
                        "--title", "Материки", "--due", "2099-12-01", "--body-file",
                        (temp_ / "task.md").string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string assignment = added.out.substr(0, added.out.find('\n'));
  const std::string pdf = (temp_ / "материки.pdf").string();
  // No materials yet: the missing image is named, and nothing is written.
  CliRun without = parta({"export", "--assignment", assignment, "--out", pdf});
  EXPECT_NE(without.exit_code, 0);
  EXPECT_NE(without.err.find("карта.png"), std::string::npos) << without.err;
  EXPECT_FALSE(std::filesystem::exists(pdf));

  const auto image = temp_ / "карта.png";
  ASSERT_EQ(std::system(("convert -size 400x300 gradient:'#4060a0-#c0d0f0' " +
                         testing::shell_quote(image.string()))
                            .c_str()),
            0);
  ASSERT_EQ(parta({"material", "add", image.string(), "--assignment", assignment}).exit_code, 0);
  CliRun exported = parta({"export", "--assignment", assignment, "--out", pdf});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto listed = temp_ / "images.txt";
  ASSERT_EQ(std::system(("pdfimages -list " + testing::shell_quote(pdf) + " >" +
                         testing::shell_quote(listed.string()))
                            .c_str()),
            0);
  EXPECT_NE(testing::slurp(listed).find("image"), std::string::npos) << testing::slurp(listed);
}

TEST_F(PaperCliTest, NoAccessOnlyFollowsStudentAccess) {
  std::string assignment = add_assignment("2099-12-01");
  ASSERT_EQ(parta({"student", "access", student("Семёнов"), "no"}).exit_code, 0);
  CliRun access = parta({"student", "access", student("Ёлкина"), "yes"});
  ASSERT_EQ(access.exit_code, 0) << access.err;
  CliRun exported = parta({"export", "--assignment", assignment, "--no-access-only", "--out",
                           (temp_ / "paper.pdf").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto packets = json({"packets"});
  ASSERT_EQ(packets.values_size(), 1);
  EXPECT_EQ(field(packets.values(0), "student"), "Семёнов Фёдор");
  EXPECT_EQ(parta({"student", "access", student("Семёнов"), "maybe"}).exit_code, 2);
  // 'show' says it as the listings do: access no (not the stored 2), the code as printed.
  CliRun shown_student = parta({"show", student("Семёнов")});
  EXPECT_NE(shown_student.out.find("has_access:   no"), std::string::npos) << shown_student.out;
  CliRun shown_packet = parta({"show", field(packets.values(0), "id")});
  EXPECT_NE(shown_packet.out.find(field(packets.values(0), "code")), std::string::npos)
      << shown_packet.out;
}

TEST_F(PaperCliTest, ReturnByCodeRecordsThePaperResult) {
  std::string assignment = add_assignment("2026-01-20");  // long past: overdue
  ASSERT_EQ(parta({"export", "--assignment", assignment, "--student", student("Ёлкина"), "--out",
                   (temp_ / "one.pdf").string()})
                .exit_code,
            0);
  auto overdue = json({"packets", "--overdue"});
  ASSERT_EQ(overdue.values_size(), 1);
  std::string code = field(overdue.values(0), "code");
  EXPECT_EQ(field(overdue.values(0), "overdue"), "true");

  CliRun handed = parta({"paper", "hand-out", code});
  ASSERT_EQ(handed.exit_code, 0) << handed.err;
  std::string typed = code;  // as a teacher might type it: lower case, no dash
  typed.erase(typed.find('-'), 1);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CliRun returned = parta({"paper", "return", typed, "--score", "5", "--review", "Молодец!"});
  ASSERT_EQ(returned.exit_code, 0) << returned.err;
  EXPECT_NE(returned.out.find("Packet " + code + " returned and reviewed: score 5"),
            std::string::npos)
      << returned.out;

  auto packets = json({"packets"});
  EXPECT_EQ(field(packets.values(0), "stage"), "reviewed");
  EXPECT_NE(field(packets.values(0), "handed_out"), "");
  EXPECT_EQ(json({"packets", "--overdue"}).values_size(), 0);
  auto results = json({"list", "results", "--assignment", assignment});
  ASSERT_EQ(results.values_size(), 1);
  EXPECT_EQ(field(results.values(0), "channel"), "paper");
  EXPECT_EQ(field(results.values(0), "score"), "5");
  EXPECT_EQ(field(results.values(0), "review"), "Молодец!");

  CliRun again = parta({"paper", "return", code});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("was reviewed already"), std::string::npos) << again.err;
}

// Printing the class set again after some work came back: those students are skipped and
// named, and do not turn up overdue; asked for by name, one is refused.
TEST_F(PaperCliTest, ExportingAgainSkipsTheStudentsWhoseWorkCameBack) {
  std::string assignment = add_assignment("2026-01-20");  // long past: overdue
  ASSERT_EQ(
      parta({"export", "--assignment", assignment, "--out", (temp_ / "1.pdf").string()}).exit_code,
      0);
  auto issued = json({"packets", "--assignment", assignment});
  ASSERT_EQ(issued.values_size(), 3);
  ASSERT_EQ(field(issued.values(0), "student"), "Ёлкина Алёна Сергеевна");
  const std::string code = field(issued.values(0), "code");
  ASSERT_EQ(parta({"paper", "return", code, "--score", "4"}).exit_code, 0);

  CliRun again = parta({"export", "--assignment", assignment, "--out", (temp_ / "2.pdf").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Wrote " + (temp_ / "2.pdf").string() + ": 2 packet(s)"),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("They replace 2 earlier packet(s) not returned"), std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("Skipped 1 student whose work came back: Ёлкина Алёна Сергеевна (" +
                           code + ").\n"),
            std::string::npos)
      << again.out;
  auto overdue = json({"packets", "--overdue"});
  ASSERT_EQ(overdue.values_size(), 2);
  for (const auto& packet : overdue.values()) {
    EXPECT_NE(field(packet, "student"), "Ёлкина Алёна Сергеевна");
  }

  const std::string named_pdf = (temp_ / "3.pdf").string();
  CliRun named = parta(
      {"export", "--assignment", assignment, "--student", student("Ёлкина"), "--out", named_pdf});
  EXPECT_EQ(named.exit_code, 1);
  EXPECT_NE(named.err.find("has handed in assignment " + assignment), std::string::npos)
      << named.err;
  EXPECT_NE(named.err.find("packet " + code + " came back on"), std::string::npos) << named.err;
  EXPECT_FALSE(std::filesystem::exists(named_pdf));
  EXPECT_EQ(json({"packets", "--assignment", assignment}).values_size(), 5);
}

TEST_F(PaperCliTest, ScanMarksPacketsReturnedOnceAndSaysWhatItCouldNotRead) {
  std::string assignment = add_assignment("2099-12-01");
  std::string pdf = (temp_ / "one.pdf").string();
  ASSERT_EQ(
      parta({"export", "--assignment", assignment, "--student", student("Ёлкина"), "--out", pdf})
          .exit_code,
      0);
  std::string code = field(json({"packets"}).values(0), "code");
  std::string blank = (temp_ / "blank.png").string();
  ASSERT_EQ(
      std::system(("convert -size 1240x1754 xc:white " + testing::shell_quote(blank)).c_str()), 0);

  // Nothing readable: exit 1, the reason per page, nothing recorded.
  CliRun unreadable = parta({"paper", "scan", blank});
  EXPECT_EQ(unreadable.exit_code, 1);
  EXPECT_NE(unreadable.out.find("a blank page: no QR code"), std::string::npos) << unreadable.out;
  EXPECT_EQ(unreadable.err,
            "parta: none of the 1 scanned page(s) could be read; nothing was recorded (see the "
            "reasons above; a page may be named by hand with --assign FILE:PAGE=CODE:N)\n");
  EXPECT_EQ(field(json({"packets"}).values(0), "stage"), "issued");

  // The exported PDF scanned back without page 4 (its filler); then the blank page named by
  // hand as that page.
  std::string three = (temp_ / "three.pdf").string();
  ASSERT_EQ(std::system(("pdfseparate -l 3 " + testing::shell_quote(pdf) + " " +
                         testing::shell_quote((temp_ / "p%d.pdf").string()) + " && pdfunite " +
                         testing::shell_quote((temp_ / "p3.pdf").string()) + " " +
                         testing::shell_quote((temp_ / "p1.pdf").string()) + " " +
                         testing::shell_quote((temp_ / "p2.pdf").string()) + " " +
                         testing::shell_quote(three))
                            .c_str()),
            0);
  // --dry-run and --by reach parta-scan, which `parta paper scan` runs.
  auto dry = json({"paper", "scan", "--dry-run", three});
  ASSERT_EQ(dry.values_size(), 4);
  EXPECT_EQ(field(dry.values(3), "returned"), "no (dry run)");
  EXPECT_EQ(field(json({"packets"}).values(0), "stage"), "issued");
  CliRun scanned = parta({"paper", "scan", three, "--by", "Ирина Петровна"});
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  CliRun shown = parta({"show", field(json({"packets"}).values(0), "id")});
  EXPECT_NE(shown.out.find("Ирина Петровна"), std::string::npos) << shown.out;
  EXPECT_NE(scanned.out.find("Scanned 1 file(s): 3 page(s) read (0 named by hand), 0 not read"),
            std::string::npos)
      << scanned.out;
  EXPECT_NE(scanned.out.find(code + " (Ёлкина Алёна Сергеевна): pages 4 of 4 missing."),
            std::string::npos)
      << scanned.out;
  EXPECT_NE(scanned.out.find("1:—"), std::string::npos) << "nothing filled: " << scanned.out;
  EXPECT_EQ(field(json({"packets"}).values(0), "stage"), "returned");

  auto again = json({"paper", "scan", three, blank, "--assign", blank + "=" + code + ":4"});
  ASSERT_EQ(again.values_size(), 5);  // three PDF pages, the blank page, the packet
  EXPECT_EQ(field(again.values(0), "kind"), "page");
  EXPECT_EQ(field(again.values(0), "page"), "3");
  EXPECT_EQ(field(again.values(3), "outcome"), "assigned");
  const auto& packet = again.values(4);
  EXPECT_EQ(field(packet, "kind"), "packet");
  EXPECT_EQ(field(packet, "code"), code);
  EXPECT_EQ(field(packet, "pages_read"), "1, 2, 3, 4");
  EXPECT_EQ(field(packet, "pages_missing"), "");
  EXPECT_EQ(field(packet, "returned"), "already returned");
  EXPECT_EQ(field(packet, "answers"), "1:—");
  EXPECT_EQ(field(packet, "right_answers"), "0");
  EXPECT_EQ(field(packet, "proposed_score"), "0");

  // A page whose QR code is read, named by hand as another page: not taken, both named.
  CliRun disagreeing = parta({"paper", "scan", three, "--assign", three + ":1=" + code + ":2"});
  EXPECT_EQ(disagreeing.exit_code, 0) << disagreeing.err;
  EXPECT_NE(disagreeing.out.find("Pages not read:\n  " + three +
                                 " page 1: its QR code says page 3 of packet " + code +
                                 ", but --assign " + three + ":1 said page 2 of packet " + code +
                                 "; nothing was recorded for it"),
            std::string::npos)
      << disagreeing.out;

  // The answer sheet named by hand: returned, its answers not read, the report says why.
  CliRun by_hand =
      parta({"paper", "scan", "--dry-run", blank, "--assign", blank + "=" + code + ":3"});
  EXPECT_EQ(by_hand.exit_code, 0) << by_hand.err;
  EXPECT_NE(
      by_hand.out.find("Pages named by hand:\n  " + blank + " page 1: page 3 of packet " + code +
                       "; answers not read: where they are on the image is unknown without "
                       "its QR code; enter the score with 'parta paper return " +
                       code + " --score N'\n"),
      std::string::npos)
      << by_hand.out;
  EXPECT_NE(by_hand.out.find(code + " (Ёлкина Алёна Сергеевна): no answer sheet page read"),
            std::string::npos)
      << by_hand.out;

  CliRun bad_assign = parta({"paper", "scan", three, "--assign", three + ":3"});
  EXPECT_EQ(bad_assign.exit_code, 1);
  EXPECT_NE(bad_assign.err.find("write FILE:PAGE=CODE:N"), std::string::npos) << bad_assign.err;
  // A page named twice, or a page of a PDF of several without its number: refused the same way.
  CliRun twice = parta({"paper", "scan", three, blank, "--assign", blank + "=" + code + ":4",
                        "--assign", blank + ":1=" + code + ":3"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.out, "");
  EXPECT_EQ(twice.err, "parta: --assign " + blank +
                           ":1: the page is named twice (page 4 of packet " + code +
                           ", and page 3 of packet " + code + "); name each page once\n");
  CliRun no_page = parta({"paper", "scan", three, "--assign", three + "=" + code + ":1"});
  EXPECT_EQ(no_page.exit_code, 1);
  EXPECT_EQ(no_page.err, "parta: --assign " + three + "=" + code + ":1: " + three +
                             " has 3 pages; say which one with FILE:PAGE=CODE:N, e.g. " + three +
                             ":3=" + code + ":1 for its last page\n");
  EXPECT_EQ(parta({"paper", "scan", "--help"}).exit_code, 0);
}

// `parta paper scan` runs parta-scan from beside parta; a parta installed without it says so.
TEST_F(PaperCliTest, ScanWithoutPartaScanBesideItSaysWhatIsMissing) {
  std::filesystem::path alone = temp_ / "alone";
  std::filesystem::create_directories(alone);
  std::filesystem::copy_file(PARTA_BIN, alone / "parta");
  std::string command = testing::shell_quote((alone / "parta").string()) + " --dir " +
                        testing::shell_quote((temp_ / "node").string()) +
                        " paper scan scan.png 2>" +
                        testing::shell_quote((temp_ / "alone.err").string());
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_EQ(testing::slurp(temp_ / "alone.err"),
            "parta: 'parta paper scan' runs " + (alone / "parta-scan").string() +
                ", which is missing: it is built and installed with parta (cmake --install); "
                "install Parta again\n");
}

// What parta can check it refuses itself, as for every command, before parta-scan runs.
TEST_F(PaperCliTest, ScanRefusesAMissingNodeAndAnEmptyAssignBeforeScanning) {
  CliRun no_node = testing::run_parta(temp_.path(), {"--dir", "", "paper", "scan", "scan.png"},
                                      "PARTA_DIR=" + testing::shell_quote((temp_ / "node").string()));
  EXPECT_EQ(no_node.exit_code, 1);
  EXPECT_EQ(no_node.err, "parta: no node selected: pass --dir DIR or set PARTA_DIR\n");
  CliRun empty_assign = parta({"paper", "scan", "--assign", "", "--dry-run", "scan.png"});
  EXPECT_EQ(empty_assign.exit_code, 1);
  EXPECT_NE(empty_assign.err.find("--assign : write FILE:PAGE=CODE:N"), std::string::npos)
      << empty_assign.err;
}

TEST_F(PaperCliTest, AWrongCodeIsRefusedClearly) {
  CliRun unknown = parta({"paper", "return", "MMMM-MMMM", "--score", "4"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(unknown.err,
            "parta: no packet with code MMMM-MMMM on this node; check the code "
            "under the QR code on the page, or list the packets with 'parta "
            "packets'\n");
  CliRun malformed = parta({"paper", "return", "K7MX-3HT0"});
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_NE(malformed.err.find("\"K7MX-3HT0\" is not a packet code"), std::string::npos)
      << malformed.err;
  CliRun no_assignment =
      parta({"export", "--assignment", "a999", "--out", (temp_ / "none.pdf").string()});
  EXPECT_EQ(no_assignment.exit_code, 1);
  EXPECT_NE(no_assignment.err.find("no assignment a999-"), std::string::npos) << no_assignment.err;
  EXPECT_FALSE(std::filesystem::exists(temp_ / "none.pdf"));
  for (std::vector<std::string> help : {std::vector<std::string>{"export", "--help"},
                                        {"packets", "--help"},
                                        {"paper", "return", "--help"},
                                        {"paper", "hand-out", "--help"},
                                        {"student", "access", "--help"}}) {
    EXPECT_EQ(parta(help).exit_code, 0) << help.front();
  }
}

}  // namespace
}  // namespace parta
