// `parta material add` of large files killed with SIGKILL at random moments, as a power cut
// would stop it: afterwards `git fsck --full` passes, the assignment record names a commit
// whose files are all there, and adding goes on.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "cli_runner.h"
#include "material_test_support.h"
#include "parta/storage/store.h"
#include "records.pb.h"

namespace parta {
namespace {

using testing::git_fsck;
using testing::random_bytes;
using testing::run_parta;
using testing::TempDir;

constexpr int kFilesPerAdd = 4;
constexpr size_t kFileBytes = size_t{3} << 20;

// Runs `parta --dir DIR material add FILES --assignment ID`, killed after `kill_after`;
// true when the kill landed before it finished.
bool add_and_kill(const std::filesystem::path& dir, const std::vector<std::string>& files,
                  const std::string& assignment, std::chrono::microseconds kill_after) {
  pid_t child = fork();
  if (child == 0) {
    std::vector<std::string> args{PARTA_BIN, "--dir", dir.string(), "material", "add"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), {"--assignment", assignment});
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    execv(PARTA_BIN, argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + kill_after;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(child, &status, WNOHANG) == child) return false;  // it finished first
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  kill(child, SIGKILL);
  waitpid(child, &status, 0);
  return WIFSIGNALED(status);
}

// The commit the (only) assignment record names, or "" when it names none.
std::string recorded_commit(const std::filesystem::path& dir) {
  auto store = Store::open(StoreOptions{.dir = dir});
  EXPECT_TRUE(store.is_ok()) << store.status().message();
  std::string commit;
  EXPECT_TRUE((*store)
                  ->read([&](const ReadView& view) -> Status {
                    return view.for_each(RecordType::kAssignment, "",
                                         [&](std::string_view, std::string_view value) {
                                           records::Assignment assignment;
                                           EXPECT_TRUE(assignment.ParseFromArray(
                                               value.data(), static_cast<int>(value.size())));
                                           if (assignment.material_refs_size() > 0)
                                             commit = assignment.material_refs(0);
                                           return true;
                                         });
                  })
                  .is_ok());
  return commit;
}

TEST(MaterialCrash, KilledAddsLeaveARepositoryFsckAcceptsAndNoRecordNamesAMissingObject) {
  TempDir temp;
  auto dir = temp / "node";
  auto parta = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", dir.string()});
    return run_parta(temp.path(), args);
  };
  ASSERT_EQ(parta({"init", "--name", "Школа", "--role", "school"}).exit_code, 0);
  ASSERT_EQ(parta({"group", "add", "--name", "7Б"}).exit_code, 0);
  auto added = parta({"assignment", "add", "--group", "7Б", "--subject", "История", "--title",
                      "Карта", "--due", "2026-12-31", "--issued", "2026-11-01"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::string assignment = added.out.substr(0, added.out.find('\n'));

  std::mt19937_64 random(20261125);
  auto write_files = [&] {
    std::vector<std::string> files;
    for (int i = 0; i < kFilesPerAdd; ++i) {
      auto path = temp / ("лист-" + std::to_string(i) + ".bin");
      std::ofstream(path, std::ios::binary) << random_bytes(kFileBytes, random());
      files.push_back(path.string());
    }
    return files;
  };
  // How long a whole add takes on this machine, so the kills land inside adds however fast
  // or loaded it is.
  const auto timed_start = std::chrono::steady_clock::now();
  ASSERT_FALSE(add_and_kill(dir, write_files(), assignment, std::chrono::seconds(60)));
  const auto add_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - timed_start)
                          .count();
  int killed = 0, finished = 0;
  for (int round = 0; round < 12; ++round) {
    std::vector<std::string> files = write_files();
    // Most kills land before the add ends; one round in four lets it finish.
    auto delay = std::chrono::microseconds(
        round % 4 == 3 ? add_us * 3 : 1000 + static_cast<int64_t>(random() % (add_us * 9 / 10)));
    (add_and_kill(dir, files, assignment, delay) ? killed : finished)++;

    auto fsck = git_fsck(dir / "materials.git");
    ASSERT_EQ(fsck.exit_code, 0) << "after round " << round << ":\n" << fsck.text;
    std::string commit = recorded_commit(dir);
    if (commit.empty()) continue;
    auto materials = MaterialStore::open(dir);
    ASSERT_TRUE(materials.is_ok()) << materials.status().message();
    auto files_held = (*materials)->read_files(commit);
    ASSERT_TRUE(files_held.is_ok())
        << "the record names " << commit << ": " << files_held.status().message();
    EXPECT_EQ(files_held->size(), static_cast<size_t>(kFilesPerAdd));
  }
  std::printf("[ figures  ] %d adds killed mid-way, %d finished\n", killed, finished);
  EXPECT_GT(killed, 2) << "the kills hardly landed; the test proved little";
  EXPECT_FALSE(recorded_commit(dir).empty()) << "no add ever finished; nothing was read back";
  // Adding goes on after the crashes.
  auto path = temp / "итог.txt";
  std::ofstream(path) << "готово";
  auto last = parta({"material", "add", path.string(), "--assignment", assignment});
  ASSERT_EQ(last.exit_code, 0) << last.err;
  auto fsck = git_fsck(dir / "materials.git");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

}  // namespace
}  // namespace parta
