// `parta export` killed with SIGKILL at any moment of a large class set leaves nothing beside
// the PDF it was writing: the PDF is an unnamed file until the packets are recorded. Files a
// killed export of an older version left ("<out>.pending…") go at the next export, unless a
// live export holds them.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::TempDir;

constexpr std::string_view kSurnames[] = {"Абрамов", "Белов",   "Волков", "Герасимов", "Дёмин",
                                          "Ершов",   "Жуков",   "Зайцев", "Ильин",     "Козлов",
                                          "Лебедев", "Морозов", "Новиков", "Орлов",    "Павлов"};
constexpr std::string_view kNames[] = {"Иван",  "Пётр",   "Олег",   "Денис",  "Артём",
                                       "Павел", "Роман",  "Сергей", "Юрий",   "Глеб",
                                       "Марк",  "Лев",    "Егор",   "Фёдор",  "Семён",
                                       "Тимур", "Савва",  "Илья",   "Борис",  "Вадим"};

class ExportCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(parta({"init", "--name", "МБОУ «СОШ №3»", "--role", "school"}).exit_code, 0);
    std::ofstream roster(temp_ / "roster.csv");
    roster << "Last name,First name,Middle name,Class,Birth date,Consent,Access,Notes\n";
    for (std::string_view surname : kSurnames) {  // 300 students in one class
      for (std::string_view name : kNames) roster << surname << "," << name << ",,5А,2015-03-01,,yes,\n";
    }
    roster.close();
    CliRun imported = parta({"roster", "import", (temp_ / "roster.csv").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    std::ofstream task(temp_ / "task.md");
    for (int i = 1; i <= 12; ++i) {
      task << i << ". Прочитай текст и ответь на вопрос: почему достопримечательности нашего "
                   "города привлекают туристов со всей страны?\n    - ( ) погода\n    - (x) история\n";
    }
    task.close();
    CliRun added = parta({"assignment", "add", "--group", "5А", "--subject", "Чтение", "--title",
                          "Город", "--issued", "2026-01-10", "--due", "2099-01-01", "--body-file",
                          (temp_ / "task.md").string()});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    assignment_ = added.out.substr(0, added.out.find('\n'));
    std::filesystem::create_directories(out_dir());
  }

  CliRun parta(std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", (temp_ / "node").string()});
    return testing::run_parta(temp_.path(), args);
  }

  std::filesystem::path out_dir() const { return temp_ / "out"; }

  std::vector<std::string> export_args() const {
    return {PARTA_BIN, "--dir", (temp_ / "node").string(), "export", "--assignment", assignment_,
            "--out", (out_dir() / "5А.pdf").string()};
  }

  pid_t start_export() {
    std::vector<std::string> args = export_args();
    pid_t child = ::fork();
    if (child == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    return child;
  }

  static bool killed(pid_t child) {
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

  // Starts `parta export` and kills it with SIGKILL after `delay`; true if it was killed
  // rather than done by then.
  bool export_killed_after(std::chrono::milliseconds delay) {
    pid_t child = start_export();
    std::this_thread::sleep_for(delay);
    return killed(child);
  }

  // True when `child` has a file in the output folder open (an unnamed one reads
  // "<folder>/#123 (deleted)").
  bool writes_into_out(pid_t child) const {
    std::error_code failed;
    std::filesystem::directory_iterator fds(fmt::format("/proc/{}/fd", child), failed);
    for (; !failed && fds != std::filesystem::directory_iterator(); fds.increment(failed)) {
      std::error_code unreadable;
      auto target = std::filesystem::read_symlink(fds->path(), unreadable);
      if (!unreadable && target.string().starts_with(out_dir().string() + "/")) return true;
    }
    return false;
  }

  // Starts `parta export`, waits (polling, without a clock) until it has the PDF open in the
  // output folder, and kills it there; false if it finished first.
  bool export_killed_while_writing() {
    pid_t child = start_export();
    for (;;) {
      int status = 0;
      if (::waitpid(child, &status, WNOHANG) == child) return false;
      if (writes_into_out(child)) return killed(child);
      std::this_thread::yield();
    }
  }

  std::set<std::string> files_in_out() const {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir())) {
      names.insert(entry.path().filename().string());
    }
    return names;
  }

  TempDir temp_;
  std::string assignment_;
};

TEST_F(ExportCrashTest, AKilledExportLeavesNoFileAndTheNextOneWritesOnlyThePdf) {
  int kills = 0;
  // From the start through rendering, writing and recording: each run a little later, until
  // one finishes before it is killed.
  for (int delay_ms = 30; delay_ms < 20'000; delay_ms *= 2) {
    if (!export_killed_after(std::chrono::milliseconds(delay_ms))) break;
    ++kills;
    std::set<std::string> left = files_in_out();
    left.erase("5А.pdf");  // a whole PDF when a kill came after the rename
    EXPECT_TRUE(left.empty()) << "killed after " << delay_ms << " ms, left " << *left.begin();
  }
  EXPECT_GE(kills, 4) << "the class set of 300 takes long enough to be killed several times";
  // And while the PDF is being written, the moment a named temporary file would be seen.
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSERT_TRUE(export_killed_while_writing()) << "the PDF is written for a while";
    std::set<std::string> left = files_in_out();
    left.erase("5А.pdf");
    EXPECT_TRUE(left.empty()) << "killed while writing, left " << *left.begin();
  }
  CliRun exported = parta({"export", "--assignment", assignment_, "--out",
                           (out_dir() / "5А.pdf").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("300 packet(s)"), std::string::npos) << exported.out;
  EXPECT_EQ(files_in_out(), std::set<std::string>{"5А.pdf"});
}

TEST_F(ExportCrashTest, StaleTemporariesGoUnlessALiveExportHoldsThem) {
  auto touch = [&](const std::string& name) {
    std::ofstream(out_dir() / name) << "%PDF-1.5 cut short";
  };
  touch("5А.pdf.pending");                   // left by an older version
  touch("5А.pdf.pending.partial-4242-0");    // the same, killed inside its atomic write
  touch("5А.pdf.pending-4243");              // a named temporary whose export was killed
  touch("5А.pdf.pending-4244");              // held by a live export: this test
  touch("other.pdf.pending-4245");           // another export's: not this one's to judge
  int held = ::open((out_dir() / "5А.pdf.pending-4244").c_str(), O_RDONLY);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);
  CliRun exported = parta({"export", "--assignment", assignment_, "--out",
                           (out_dir() / "5А.pdf").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  ::close(held);
  EXPECT_EQ(files_in_out(), (std::set<std::string>{"5А.pdf", "5А.pdf.pending-4244",
                                                   "other.pdf.pending-4245"}));
}

}  // namespace
}  // namespace parta
