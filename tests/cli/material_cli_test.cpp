// `parta material add|get|list` against the real binary: files round-trip by name (Cyrillic
// too), versions count, --json keys, audio reviews written out, and errors that name the file
// and the limit.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_runner.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::slurp;
using testing::TempDir;

class MaterialCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(parta({"init", "--name", "МБОУ «СОШ №3»", "--role", "school"}).exit_code, 0);
    ASSERT_EQ(parta({"group", "add", "--name", "7Б"}).exit_code, 0);
    CliRun added = parta({"assignment", "add", "--group", "7Б", "--subject", "География", "--title",
                          "Контурная карта", "--due", "2026-12-31", "--issued", "2026-11-01"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    assignment_ = added.out.substr(0, added.out.find('\n'));
  }

  CliRun parta(std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", node().string()});
    return testing::run_parta(temp_.path(), args);
  }

  std::filesystem::path node() const { return temp_ / "node"; }

  std::string write(const std::string& name, const std::string& bytes) {
    std::filesystem::create_directories(temp_ / "in");
    auto path = temp_ / "in" / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  google::protobuf::ListValue list_json() {
    CliRun run = parta({"material", "list", "--assignment", assignment_, "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    google::protobuf::ListValue list;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(run.out, &list).ok()) << run.out;
    return list;
  }

  // Imports one student of 7Б and returns the id; "" (and a test failure) if that fails.
  std::string import_student();

  TempDir temp_;
  std::string assignment_;
};

std::string field(const google::protobuf::Value& object, const std::string& key) {
  const auto& value = object.struct_value().fields().at(key);
  return value.has_string_value() ? value.string_value()
                                  : std::to_string(static_cast<int64_t>(value.number_value()));
}

std::string MaterialCliTest::import_student() {
  std::string roster =
      write("roster.csv", "Фамилия;Имя;Класс;Дата рождения\nЁлкина;Майя;7Б;01.02.2013\n");
  EXPECT_EQ(parta({"roster", "import", roster}).exit_code, 0);
  CliRun students = parta({"list", "students", "--json"});
  google::protobuf::ListValue list;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(students.out, &list).ok());
  EXPECT_EQ(list.values_size(), 1) << students.out;
  return list.values_size() == 1 ? field(list.values(0), "id") : "";
}

TEST_F(MaterialCliTest, AddGetListRoundTripWithCyrillicNames) {
  std::string sheet = write("Контурная карта 7Б.pdf", "%PDF-1.4 карта");
  std::string image = write("рисунок.png", std::string("\x89PNG\r\n\x1a\n", 8) + "пиксели");
  CliRun added = parta({"material", "add", sheet, image, "--assignment", assignment_});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("Stored 2 file(s)"), std::string::npos) << added.out;

  CliRun got =
      parta({"material", "get", "--assignment", assignment_, "--out", (temp_ / "out").string()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(slurp(temp_ / "out" / "Контурная карта 7Б.pdf"), "%PDF-1.4 карта");
  EXPECT_EQ(slurp(temp_ / "out" / "рисунок.png"), slurp(image));

  // A new version of one file: the other stays, the version count grows.
  ASSERT_EQ(parta({"material", "add", write("Контурная карта 7Б.pdf", "%PDF-1.4 v2"),
                   "--assignment", assignment_})
                .exit_code,
            0);
  auto list = list_json();
  ASSERT_EQ(list.values_size(), 2);
  EXPECT_EQ(field(list.values(0), "name"), "Контурная карта 7Б.pdf");
  EXPECT_EQ(field(list.values(0), "size_bytes"), "11");
  EXPECT_EQ(field(list.values(0), "versions"), "2");
  EXPECT_EQ(field(list.values(0), "blob_id").size(), 40u);
  EXPECT_EQ(field(list.values(1), "name"), "рисунок.png");
  EXPECT_EQ(field(list.values(1), "versions"), "1");

  CliRun table = parta({"material", "list", "--assignment", assignment_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("рисунок.png"), std::string::npos) << table.out;

  EXPECT_EQ(
      std::system(("git --git-dir=" + testing::shell_quote((node() / "materials.git").string()) +
                   " fsck --full --strict >/dev/null 2>&1")
                      .c_str()),
      0);
}

TEST_F(MaterialCliTest, AnOversizeFileIsRefusedNamingFileAndLimit) {
  std::ofstream(node() / "parta.toml", std::ios::app) << "\n[materials]\nfile_bytes_max = 1000\n";
  std::string big = write("скан.pdf", std::string(1500, 'x'));
  CliRun added = parta({"material", "add", big, "--assignment", assignment_});
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.err.find("скан.pdf"), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("1500 bytes"), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("1000 bytes"), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("file_bytes_max"), std::string::npos) << added.err;
  EXPECT_EQ(list_json().values_size(), 0) << "a refused add stored something";
}

TEST_F(MaterialCliTest, AMisspeltMaterialsSettingIsNamed) {
  std::ofstream(node() / "parta.toml", std::ios::app) << "\n[materials]\nfile_bytes = 1000\n";
  CliRun added = parta({"material", "add", write("a.txt", "a"), "--assignment", assignment_});
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.err.find("\"file_bytes\""), std::string::npos) << added.err;
}

TEST_F(MaterialCliTest, ErrorsNameWhatIsWrong) {
  CliRun missing =
      parta({"material", "add", (temp_ / "нет.pdf").string(), "--assignment", assignment_});
  EXPECT_EQ(missing.exit_code, 1);  // a mistake in the command, not the disk
  EXPECT_NE(missing.err.find("нет.pdf"), std::string::npos) << missing.err;

  std::string a = write("same.txt", "a");
  std::filesystem::create_directories(temp_ / "other");
  std::ofstream(temp_ / "other" / "same.txt") << "b";
  CliRun twice = parta(
      {"material", "add", a, (temp_ / "other" / "same.txt").string(), "--assignment", assignment_});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("same.txt"), std::string::npos) << twice.err;

  CliRun directory =
      parta({"material", "add", (temp_ / "other").string(), "--assignment", assignment_});
  EXPECT_EQ(directory.exit_code, 1);
  EXPECT_NE(directory.err.find("is a directory"), std::string::npos) << directory.err;

  CliRun none =
      parta({"material", "get", "--assignment", assignment_, "--out", (temp_ / "out").string()});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("has no materials"), std::string::npos) << none.err;

  CliRun unknown = parta({"material", "list", "--assignment", "a1-00ffffff"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_FALSE(unknown.err.empty());
}

TEST_F(MaterialCliTest, AnAudioReviewIsStoredInGitAndNamedByTheReview) {
  const std::string student = import_student();
  ASSERT_FALSE(student.empty());
  const std::string audio_bytes(4000, '\x5a');
  std::string audio = write("отзыв.ogg", audio_bytes);

  CliRun recorded = parta({"result", "record", "--student", student, "--assignment", assignment_,
                           "--score", "5", "--review", "Молодец", "--audio", audio});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const std::string review = recorded.out.substr(0, recorded.out.find('\n'));
  CliRun shown = parta({"show", review, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  google::protobuf::Value record;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(shown.out, &record).ok()) << shown.out;
  const std::string commit = field(record, "audio_ref");
  ASSERT_EQ(commit.size(), 40u) << shown.out;
  // The commit holds the file under its name, byte for byte.
  const auto shown_file = temp_ / "from-git.ogg";
  const std::string git_show = "git --git-dir " +
                               testing::shell_quote((node() / "materials.git").string()) +
                               " show " + testing::shell_quote(commit + ":отзыв.ogg") + " >" +
                               testing::shell_quote(shown_file.string());
  EXPECT_EQ(std::system(git_show.c_str()), 0);
  EXPECT_EQ(slurp(shown_file), audio_bytes);

  // The results listing names the review and says it has audio; 'material get --review' writes
  // the recording out under its name.
  CliRun listed = parta({"list", "results", "--json"});
  google::protobuf::ListValue listed_results;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(listed.out, &listed_results).ok());
  ASSERT_EQ(listed_results.values_size(), 1) << listed.out;
  EXPECT_EQ(field(listed_results.values(0), "review_id"), review);
  EXPECT_TRUE(listed_results.values(0).struct_value().fields().at("audio").bool_value());
  CliRun got = parta({"material", "get", "--review", review, "--out", (temp_ / "out").string()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(got.out, (temp_ / "out" / "отзыв.ogg").string() + "\n");
  EXPECT_EQ(slurp(temp_ / "out" / "отзыв.ogg"), audio_bytes);

  // Over the limit: refused, naming the setting, and no result is recorded.
  std::ofstream(node() / "parta.toml", std::ios::app) << "\n[materials]\naudio_bytes_max = 1000\n";
  CliRun refused = parta({"result", "record", "--student", student, "--assignment", assignment_,
                          "--score", "4", "--audio", audio});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("audio_bytes_max"), std::string::npos) << refused.err;
  CliRun results = parta({"list", "results", "--json"});
  google::protobuf::ListValue result_list;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(results.out, &result_list).ok());
  EXPECT_EQ(result_list.values_size(), 1);
}

TEST_F(MaterialCliTest, GetSaysWhatIsMissingForAReview) {
  const std::string student = import_student();
  ASSERT_FALSE(student.empty());
  CliRun recorded = parta({"result", "record", "--student", student, "--assignment", assignment_,
                           "--score", "4", "--review", "Неплохо"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const std::string review = recorded.out.substr(0, recorded.out.find('\n'));
  const std::string out = (temp_ / "out").string();

  CliRun text_only = parta({"material", "get", "--review", review, "--out", out});
  EXPECT_EQ(text_only.exit_code, 1);
  EXPECT_NE(text_only.err.find("review " + review + " has no audio recording"), std::string::npos)
      << text_only.err;
  CliRun unknown = parta({"material", "get", "--review", "rv999999-00000001", "--out", out});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no review rv999999-00000001 on this node; see 'parta list results'"),
            std::string::npos)
      << unknown.err;
  CliRun neither = parta({"material", "get", "--out", out});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("--assignment ID or --review ID"), std::string::npos) << neither.err;
  CliRun both =
      parta({"material", "get", "--assignment", assignment_, "--review", review, "--out", out});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  EXPECT_FALSE(std::filesystem::exists(out));  // nothing was written anywhere
}

TEST_F(MaterialCliTest, HelpDescribesTheCommands) {
  for (auto command : {"add", "get", "list"}) {
    CliRun help = parta({"material", command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("--assignment"), std::string::npos) << help.out;
  }
}

}  // namespace
}  // namespace parta
