// parta-gen, run as a real process: the same seed gives the same school, its roster imports
// with `parta roster import`, and `--fill` leaves a consistent node.
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::TempDir;

CliRun gen(const TempDir& temp, const std::vector<std::string>& args) {
  std::string command = testing::shell_quote(PARTA_GEN_BIN);
  for (const auto& arg : args) command += " " + testing::shell_quote(arg);
  auto out = temp / "gen-stdout.txt";
  auto err = temp / "gen-stderr.txt";
  int status = std::system((command + " >" + out.string() + " 2>" + err.string()).c_str());
  return CliRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, testing::slurp(out),
                testing::slurp(err)};
}

TEST(PartaGen, TheSameSeedGivesByteIdenticalFiles) {
  TempDir temp;
  for (const char* encoding : {"utf8", "cp1251"}) {
    for (const char* run : {"a", "b"}) {
      CliRun made = gen(temp, {"--seed", "7", "--size", "small", "--encoding", encoding,
                               "--csv-out", (temp / (std::string(encoding) + run)).string()});
      ASSERT_EQ(made.exit_code, 0) << made.err;
    }
    std::string dir = std::string(encoding);
    for (const char* file : {"/roster.csv", "/teachers.csv"}) {
      std::string a = testing::slurp(temp / (dir + "a" + file));
      EXPECT_FALSE(a.empty());
      EXPECT_EQ(a, testing::slurp(temp / (dir + "b" + file))) << encoding << file;
    }
  }
  CliRun other = gen(temp, {"--seed", "8", "--size", "small", "--csv-out", (temp / "other").string()});
  ASSERT_EQ(other.exit_code, 0);
  EXPECT_NE(testing::slurp(temp / "utf8a/roster.csv"), testing::slurp(temp / "other/roster.csv"));
}

TEST(PartaGen, ItsRosterImportsAndItsFillLeavesAConsistentNode) {
  TempDir temp;
  ASSERT_EQ(gen(temp, {"--seed", "3", "--size", "small", "--encoding", "cp1251", "--csv-out",
                       (temp / "csv").string()}).exit_code, 0);
  auto node = (temp / "node").string();
  ASSERT_EQ(testing::run_parta(temp.path(), {"--dir", node, "init", "--name", "Школа"}).exit_code, 0);
  CliRun imported =
      testing::run_parta(temp.path(), {"--dir", node, "roster", "import", (temp / "csv/roster.csv").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("students added"), std::string::npos);

  CliRun filled = gen(temp, {"--seed", "3", "--size", "small", "--fill", node});
  ASSERT_EQ(filled.exit_code, 0) << filled.err;
  EXPECT_NE(filled.out.find("0 students added"), std::string::npos) << filled.out;  // same roster
  CliRun check = testing::run_parta(temp.path(), {"--dir", node, "check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  CliRun results = testing::run_parta(temp.path(), {"--dir", node, "list", "results", "--json"});
  EXPECT_NE(results.out.find("\"score\""), std::string::npos);
}

TEST(PartaGen, FillingADirectoryWithoutANodeSaysHowToMakeOne) {
  TempDir temp;
  CliRun run = gen(temp, {"--seed", "1", "--size", "small", "--fill", (temp / "none").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("parta --dir"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace parta
