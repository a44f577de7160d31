// Crash and full-disk safety with real processes: a child writes in a loop and reports each
// write once its commit returned; the parent kills it with SIGKILL at random moments (or lets
// it run into a file-size limit, as a full disk), then reopens the node and checks that every
// confirmed write is there and the environment is consistent.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "parta/storage/store.h"
#include "records.pb.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

constexpr int kRecordsPerWrite = 20;  // several records per transaction: kills land mid-write

// Child process body: writes batches forever, sending each batch's first counter on `pipe_fd`
// after its commit returned. Exits 0 never; 10 + kind when a write fails.
[[noreturn]] void write_forever(const std::filesystem::path& dir, int pipe_fd) {
  auto store = Store::open(StoreOptions{.dir = dir});
  if (!store) _exit(9);
  std::string padding(300, 'x');
  for (;;) {
    uint64_t first = 0;
    Status status = (*store)->write([&](WriteTxn& txn) -> Status {
      for (int i = 0; i < kRecordsPerWrite; ++i) {
        RecordKey key = txn.new_key();
        if (i == 0) first = key.counter();
        records::Student student;
        student.set_last_name("Иванов" + padding);
        student.set_first_name(std::to_string(key.counter()));
        PARTA_RETURN_IF_ERROR(txn.put(RecordType::kStudent, key.bytes(), student, "school:x"));
      }
      return Status::ok();
    });
    if (!status.is_ok()) {
      std::string message = status.message();
      ssize_t ignored = write(pipe_fd, message.data(), message.size());
      (void)ignored;
      _exit(10 + static_cast<int>(status.kind()));
    }
    char record[9] = {'#'};
    std::memcpy(record + 1, &first, 8);
    if (write(pipe_fd, record, sizeof record) != sizeof record) _exit(8);
  }
}

struct ChildOutcome {
  std::vector<uint64_t> confirmed;  // first counters of committed batches
  std::string error;                // the child's error message, if it stopped on one
  int exit_code = -1;
};

// Reads what the child sent until it exits, killing it after `kill_after` if set.
ChildOutcome run_writer(const std::filesystem::path& dir, std::optional<std::chrono::microseconds> kill_after,
                        std::optional<rlim_t> file_size_max) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    if (file_size_max) {
      signal(SIGXFSZ, SIG_IGN);  // then writes past the limit fail with EFBIG, like ENOSPC
      rlimit limit{*file_size_max, *file_size_max};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    write_forever(dir, fds[1]);
  }
  close(fds[1]);
  std::thread killer;
  if (kill_after) {
    killer = std::thread([child, delay = *kill_after] {
      std::this_thread::sleep_for(delay);
      kill(child, SIGKILL);
    });
  }
  ChildOutcome outcome;
  std::string bytes;
  char buffer[4096];
  for (ssize_t got; (got = read(fds[0], buffer, sizeof buffer)) > 0;) bytes.append(buffer, got);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (killer.joinable()) killer.join();
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  size_t at = 0;
  while (at + 9 <= bytes.size() && bytes[at] == '#') {
    uint64_t first;
    std::memcpy(&first, bytes.data() + at + 1, 8);
    outcome.confirmed.push_back(first);
    at += 9;
  }
  outcome.error = bytes.substr(at);
  return outcome;
}

void expect_all_present(const std::filesystem::path& dir, const std::vector<uint64_t>& confirmed) {
  auto store = Store::open(StoreOptions{.dir = dir});
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  Status verified = (*store)->verify();
  ASSERT_TRUE(verified.is_ok()) << verified.message();
  uint32_t origin = (*store)->node().origin;
  ASSERT_TRUE((*store)->read([&](const ReadView& view) -> Status {
    for (uint64_t first : confirmed) {
      for (int i = 0; i < kRecordsPerWrite; ++i) {
        EXPECT_TRUE(view.exists(RecordType::kStudent, RecordKey(origin, first + i).bytes()).value())
            << "confirmed record " << first + i << " lost";
      }
    }
    return Status::ok();
  }).is_ok());
}

TEST(Crash, EveryConfirmedWriteSurvivesSigkillAtRandomMoments) {
  TempDir temp;
  ASSERT_TRUE(Store::create(StoreOptions{.dir = temp.path()}, "Школа", "school").is_ok());
  std::mt19937_64 random(20261125);
  std::vector<uint64_t> all_confirmed;
  for (int round = 0; round < 8; ++round) {
    auto delay = std::chrono::microseconds(2000 + random() % 60000);
    ChildOutcome outcome = run_writer(temp.path(), delay, std::nullopt);
    EXPECT_EQ(outcome.exit_code, -1) << "the writer stopped by itself: " << outcome.error;
    all_confirmed.insert(all_confirmed.end(), outcome.confirmed.begin(), outcome.confirmed.end());
    expect_all_present(temp.path(), all_confirmed);
  }
  EXPECT_GT(all_confirmed.size(), 8u) << "the writer hardly ran; the test proved little";
}

void expect_writing_goes_on(const std::filesystem::path& dir) {
  auto store = Store::open(StoreOptions{.dir = dir});
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  EXPECT_TRUE((*store)->write([&](WriteTxn& txn) {
    return txn.put(RecordType::kStudent, txn.new_key().bytes(), records::Student(), "school:x");
  }).is_ok());
}

// A small tmpfs that really fills up; unmounted when the test ends.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::filesystem::path& at, const char* size = "size=3m")
      : at_(at) {
    std::filesystem::create_directories(at);
    mounted_ = mount("parta-test", at.c_str(), "tmpfs", 0, size) == 0;
  }
  ~SmallFilesystem() {
    if (mounted_) umount(at_.c_str());
  }
  bool mounted() const { return mounted_; }

 private:
  std::filesystem::path at_;
  bool mounted_;
};

TEST(Crash, AFullDiskFailsTheWriteClearlyAndLosesNothing) {
  TempDir temp;
  SmallFilesystem disk(temp / "disk");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a small tmpfs needs root: " << strerror(errno);
  auto dir = temp / "disk" / "node";
  ASSERT_TRUE(Store::create(StoreOptions{.dir = dir}, "Школа", "school").is_ok());
  auto filler = temp / "disk" / "filler";  // someone else's file, deleted later to free space
  std::filesystem::resize_file(
      (std::ofstream(filler) << std::string(1 << 20, 'f'), filler), 1 << 20);
  ChildOutcome outcome = run_writer(dir, std::nullopt, std::nullopt);
  EXPECT_EQ(outcome.exit_code, 10 + static_cast<int>(Status::Kind::kIO)) << outcome.error;
  EXPECT_NE(outcome.error.find("is full; free some space"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("everything saved before is intact"), std::string::npos);
  EXPECT_GT(outcome.confirmed.size(), 10u);
  expect_all_present(dir, outcome.confirmed);
  // Once space is freed, writing simply goes on.
  std::filesystem::remove(filler);
  expect_writing_goes_on(dir);
}

TEST(Crash, AnInitThatRunsOutOfDiskLeavesNothingBehind) {
  TempDir temp;
  SmallFilesystem disk(temp / "disk", "size=16k");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a small tmpfs needs root: " << strerror(errno);
  auto dir = temp / "disk" / "node";
  auto store = Store::create(StoreOptions{.dir = dir}, "Школа", "school");
  ASSERT_FALSE(store.is_ok());
  EXPECT_EQ(store.status().kind(), Status::Kind::kIO) << store.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir / "data.mdb"));  // so 'parta init' can run again
}

TEST(Crash, AFileSizeLimitFailsTheWriteClearlyAndLosesNothing) {
  TempDir temp;
  ASSERT_TRUE(Store::create(StoreOptions{.dir = temp.path()}, "Школа", "school").is_ok());
  ChildOutcome outcome = run_writer(temp.path(), std::nullopt, rlim_t{2} << 20);
  EXPECT_EQ(outcome.exit_code, 10 + static_cast<int>(Status::Kind::kIO)) << outcome.error;
  EXPECT_NE(outcome.error.find("file size limit (ulimit -f)"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("everything saved before is intact"), std::string::npos);
  EXPECT_GT(outcome.confirmed.size(), 10u);
  expect_all_present(temp.path(), outcome.confirmed);
  expect_writing_goes_on(temp.path());
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

std::string reader_table(const std::filesystem::path& dir) {
  std::string command = "mdb_stat -r " + dir.string() + " 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  pclose(pipe);
  return out;
}

TEST(Crash, ReadersLeftByKilledProcessesAreClearedAtOpen) {
  TempDir temp;
  ASSERT_TRUE(Store::create(StoreOptions{.dir = temp.path()}, "Школа", "school").is_ok());
  // A long-lived process (the daemon, say) keeps the environment open throughout. It must
  // have it open before the reader dies: the first process to open an environment nobody
  // holds resets the reader table, which would clear the stale reader before the test looks.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t holder = fork();
  if (holder == 0) {
    auto store = Store::open(StoreOptions{.dir = temp.path()});
    ssize_t sent = write(fds[1], "h", 1);
    (void)sent;
    pause();
    _exit(0);
  }
  char opened;
  ASSERT_EQ(read(fds[0], &opened, 1), 1);
  pid_t reader = fork();
  if (reader == 0) {
    auto store = Store::open(StoreOptions{.dir = temp.path()});
    Status ignored = (*store)->read([&](const ReadView&) {
      ssize_t sent = write(fds[1], "r", 1);
      (void)sent;
      pause();  // killed while its read transaction is open
      return Status::ok();
    });
    _exit(0);
  }
  char byte;
  ASSERT_EQ(read(fds[0], &byte, 1), 1);
  kill(reader, SIGKILL);
  waitpid(reader, nullptr, 0);
  std::string pid = std::to_string(reader);
  EXPECT_NE(reader_table(temp.path()).find(pid), std::string::npos) << "no stale reader to clear";

  auto store = Store::open(StoreOptions{.dir = temp.path()});
  ASSERT_TRUE(store.is_ok());
  EXPECT_EQ(reader_table(temp.path()).find(pid), std::string::npos) << reader_table(temp.path());
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  close(fds[0]);
  close(fds[1]);
}

TEST(Crash, BackupWhileAnotherProcessWritesIsConsistent) {
  TempDir temp;
  auto dir = temp / "node";
  ASSERT_TRUE(Store::create(StoreOptions{.dir = dir}, "Школа", "school").is_ok());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t writer = fork();
  if (writer == 0) {
    close(fds[0]);
    write_forever(dir, fds[1]);
  }
  close(fds[1]);
  char buffer[4096];
  ASSERT_GT(read(fds[0], buffer, sizeof buffer), 0);  // the writer is under way
  auto store = Store::open(StoreOptions{.dir = dir});
  ASSERT_TRUE(store.is_ok());
  for (int round = 0; round < 3; ++round) {
    auto backup = temp / ("backup" + std::to_string(round));
    ASSERT_TRUE((*store)->backup(backup).is_ok());
    auto restored = temp / ("restored" + std::to_string(round));
    std::filesystem::create_directories(restored);
    std::filesystem::copy_file(backup, restored / "data.mdb");
    auto copy = Store::open(StoreOptions{.dir = restored});
    ASSERT_TRUE(copy.is_ok()) << copy.status().message();
    Status verified = (*copy)->verify();
    EXPECT_TRUE(verified.is_ok()) << verified.message();
    ASSERT_GT(read(fds[0], buffer, sizeof buffer), 0);  // the writer commits between backups
  }
  kill(writer, SIGKILL);
  waitpid(writer, nullptr, 0);
  close(fds[0]);
}

}  // namespace
}  // namespace parta

namespace parta {
namespace {

TEST(Crash, ReadingNeverWaitsForAnotherProcesssWrite) {
  TempDir temp;
  ASSERT_TRUE(Store::create(StoreOptions{.dir = temp.path()}, "Школа", "school").is_ok());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t writer = fork();
  if (writer == 0) {  // a long import holding the write lock
    auto store = Store::open(StoreOptions{.dir = temp.path()});
    Status ignored = (*store)->write([&](WriteTxn&) {
      ssize_t sent = write(fds[1], "w", 1);
      (void)sent;
      pause();
      return Status::ok();
    });
    _exit(0);
  }
  char byte;
  ASSERT_EQ(read(fds[0], &byte, 1), 1);
  alarm(30);  // were opening to block on the write lock, this ends the test as a failure
  auto store = Store::open(StoreOptions{.dir = temp.path()});
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  EXPECT_TRUE((*store)->verify().is_ok());
  alarm(0);
  kill(writer, SIGKILL);
  waitpid(writer, nullptr, 0);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace parta
